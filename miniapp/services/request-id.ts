/**
 * Idempotency keys (requestId) for submissions: made once per form, kept with a queued
 * submission, so a retry after a lost reply never files a second record.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newRequestId(prefix = 'r'): string {
  let out = `${prefix}-${Date.now().toString(36)}-`;
  const bytes = new Uint8Array(12);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } })
    .crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
