/**
 * What clue (公益诉讼线索) steps write beside the clue in their transaction: the push that
 * tells a named reporter of a step.
 */
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import type { Tx } from '../store/store.port';
import type { ClueDoc } from './clue.records';

/**
 * Tells a named reporter who filed while signed in that their clue moved (they also see it on
 * the tracking page). Anonymous reporters and those without an account get no push: there is
 * nobody to address, and the tracking page shows every step anyway.
 */
export async function notifyReporter(
  ctx: AppContext,
  tx: Tx,
  clue: ClueDoc,
  body: string,
): Promise<Result<void>> {
  const r = clue.reporter;
  if (r.kind !== 'named' || r.accountId === undefined) return ok(undefined);
  const sent = await notify(ctx, tx, {
    townId: clue.townId,
    recipientId: r.accountId,
    template: 'clue.progress',
    title: '您反映的公益诉讼线索有新进展',
    body,
    link: { type: 'clue', id: clue._id },
  });
  return sent.ok ? ok(undefined) : err(sent.error);
}
