/** Reading call replies in scenarios. */
import type { CallReply } from '../../shared/kernel/envelope';

/** The error of a reply that must be a refusal; fails the test with the data otherwise. */
export function refusal(reply: CallReply<unknown>) {
  if (reply.ok) throw new Error(`expected a refusal, got ${JSON.stringify(reply.data)}`);
  return reply.error;
}
