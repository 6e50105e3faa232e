/**
 * The audit trail (审计记录) a state change writes beside its subject, inside the same
 * transaction, so no use case can forget it. Tasks are runtime/tasks.ts, pushes
 * runtime/outbox.ts.
 */
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Tx } from '../store/store.port';
import type { AppContext } from './context';
import { auditWriter } from './runtime.collections';

/** Appends an audit event. */
export async function appendEvent(
  ctx: AppContext,
  tx: Tx,
  draft: AuditEventDraft,
): Promise<Result<void>> {
  const stored = await auditWriter.insert(tx, { _id: ctx.ids.newId('evt'), ...draft });
  return stored.ok ? ok(undefined) : err(stored.error);
}

/** Turns the first failed Result of a list into the transaction's Err. */
export function firstError(results: readonly Result<unknown>[]): AppError | null {
  for (const r of results) if (!r.ok) return r.error;
  return null;
}
