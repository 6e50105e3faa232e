/**
 * What the legal-education (普法) use cases share: which town a reader reads, the reading-progress id, and the role an audit event names.
 */
import type { Actor, Role } from '../../shared/kernel/roles';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Caller } from '../runtime/caller';

/** A person's reading progress on one article: one record per pair, so no duplicates. */
export function progressId(accountId: string, articleId: string): string {
  return `${accountId}:${articleId}`;
}

/**
 * The town whose public content (articles, lectures) a reader sees: the one they name, else
 * their own. Legal education is public, so an anonymous reader only has to say which town.
 */
export function readerTown(caller: Caller, given: string | undefined): Result<string> {
  if (given !== undefined) return ok(given);
  if (caller.account !== null) return ok(caller.account.townId);
  return err(
    appError('VALIDATION_FAILED', '请先选择所在的镇', {
      fields: [{ field: 'townId', message: '所属镇：请先选择所在的镇' }],
    }),
  );
}

/** The role an audit event records for an actor: the first of `preferred` they hold. */
export function actingRole(actor: Actor, preferred: readonly Role[]): Role {
  return preferred.find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'villager';
}

/** A client cursor this module made itself for an in-memory page: `s:<offset>`. */
export function decodeOffsetCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return 0;
  const m = /^s:(\d{1,6})$/.exec(cursor);
  return m === null ? null : Number(m[1]);
}

/** The refusal for a cursor that belongs to another list. */
export const BAD_CURSOR = appError('VALIDATION_FAILED', '翻页位置不对，请从第一页重新查看', {
  fields: [{ field: 'cursor', message: '翻页位置：请从第一页重新查看' }],
});
