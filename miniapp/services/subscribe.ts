// Typecheck-time stand-in; the build picks subscribe.weapp.ts or subscribe.h5.ts.
export { ACCEPTANCE_LASTS, askForUpdates, canAskFor, consentState } from './subscribe.h5';
export type { ConsentOutcome, ConsentState, SubscribeMoment } from './subscribe.h5';
