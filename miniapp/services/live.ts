// Typecheck-time stand-in; the build picks live.weapp.ts or live.h5.ts.
export { watchTasks, LIVE_HINT } from './live.h5';
