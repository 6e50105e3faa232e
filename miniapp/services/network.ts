// Typecheck-time stand-in; the build picks network.weapp.ts or network.h5.ts.
export { onNetworkBack, isOnline } from './network.h5';
