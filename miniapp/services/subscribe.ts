// Typecheck-time stand-in; the build picks subscribe.weapp.ts or subscribe.h5.ts.
export { askForUpdates } from './subscribe.h5';
export type { SubscribeMoment } from './subscribe.h5';
