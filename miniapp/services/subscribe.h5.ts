/** In the browser there are no subscribe messages: the inbox is live over SSE instead. */
import type { ConsentOutcome, ConsentState, SubscribeMoment } from './subscribe.types';

export type { ConsentOutcome, ConsentState, SubscribeMoment } from './subscribe.types';

export const ACCEPTANCE_LASTS = false;

export function canAskFor(_moment: SubscribeMoment): boolean {
  return false;
}

export function consentState(_moment: SubscribeMoment): ConsentState {
  return 'unknown';
}

export function askForUpdates(
  _moment: SubscribeMoment,
  _options: { readonly explicit?: boolean } = {},
): Promise<ConsentOutcome> {
  return Promise.resolve({ asked: false, accepted: [] });
}
