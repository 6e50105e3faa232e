// Typecheck-time stand-in; the build picks platform.weapp.ts or platform.h5.ts.
export { initPlatform, PLATFORM } from './platform.h5';
