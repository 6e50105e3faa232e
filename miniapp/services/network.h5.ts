/** Tells the outbox when the browser comes back online. */
export function onNetworkBack(callback: () => void): () => void {
  const handler = (): void => callback();
  window.addEventListener('online', handler);
  return () => window.removeEventListener('online', handler);
}

export function isOnline(): boolean {
  return typeof navigator === 'undefined' ? true : navigator.onLine !== false;
}
