// Typecheck-time stand-in; the build picks auth.weapp.ts or auth.h5.ts.
export { SIGN_IN_WITH_PASSWORD, signIn, registerVillager, signOut } from './auth.h5';
