// Typecheck-time stand-in; the build picks print.weapp.ts or print.h5.ts.
export { printAgreement, PRINT_HINT } from './print.h5';
