// Typecheck-time stand-in; the build picks device.weapp.ts or device.h5.ts.
export { systemFontIsLarge, watchForUpdate } from './device.h5';
