/** In the browser there are no subscribe messages: the inbox is live over SSE instead. */
export type SubscribeMoment = 'staffSignedIn' | 'villagerSubmitted';

export async function askForUpdates(_moment: SubscribeMoment): Promise<void> {}
