/**
 * `admin.listAudit`: the audit reader (审计记录查询) of the centre (指挥中心) and the admin —
 * the town's audit trail newest first, by subject (one record), by actor (one person) or the
 * whole town, optionally of one kind (changes, protected reads, pushes sent, imports, rule
 * changes, sign-ins). Every read of it is itself audited (`read_audit`, a protected read).
 *
 * What it never shows: a case record's notes (a handler's words, a reporter's details stay on
 * the case, read through its own per-viewer views), and who a villager is when they acted on a
 * case (a named clue reporter is the prosecutor's alone); filtering by a villager's id leaves
 * their case events out, so the filter cannot reveal who filed what.
 */
import type { AuditEvent } from '../../shared/kernel/audit';
import { AUDIT_KIND_LABELS, auditKindOf } from '../../shared/kernel/audit-kinds';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ListAuditInput } from '../../shared/validation/admin-reads.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { filteredPage } from '../runtime/paging';
import type { Query } from '../store/store.port';
import { AUDIT_EVENTS } from '../store/collections';
import { namesOfPeople } from './admin.records';
import type { AuditListItem } from './admin.views';
import { auditListItem, hidesActor } from './admin.views';

export interface AuditPage {
  readonly items: readonly AuditListItem[];
  readonly nextCursor: string | null;
}

const NEWEST_FIRST = { path: 'at', order: 'desc' } as const;

/** The store query a filter needs (each served by an index of `audit_events`). */
function queryOf(townId: string, input: ListAuditInput): Query {
  if (input.subjectType !== undefined && input.subjectId !== undefined) {
    return {
      where: { subjectType: input.subjectType, subjectId: input.subjectId },
      orderBy: NEWEST_FIRST,
    };
  }
  if (input.actorId !== undefined)
    return { where: { actorId: input.actorId }, orderBy: NEWEST_FIRST };
  return { where: { townId }, orderBy: NEWEST_FIRST };
}

/** How the read is described in its own audit event. */
function describe(input: ListAuditInput): string {
  const parts: string[] = [];
  if (input.subjectType !== undefined) parts.push(`对象 ${input.subjectType}/${input.subjectId}`);
  if (input.actorId !== undefined) parts.push(`操作人 ${input.actorId}`);
  if (input.kind !== undefined) parts.push(`类别 ${AUDIT_KIND_LABELS[input.kind]}`);
  return `查看审计记录：${parts.length === 0 ? '全镇' : parts.join('，')}`;
}

export async function listAudit(
  ctx: AppContext,
  call: ActionCall<ListAuditInput>,
): Promise<Result<AuditPage>> {
  const { account } = signedIn(call);
  const { input } = call;
  const townId = account.townId;
  const keep = (e: AuditEvent) =>
    e.townId === townId &&
    (input.kind === undefined || auditKindOf(e.action) === input.kind) &&
    (input.actorId === undefined || !hidesActor(e));
  const page = await filteredPage(
    ctx,
    AUDIT_EVENTS,
    {
      ...queryOf(townId, input),
      limit: input.limit,
      ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
    },
    keep,
  );
  if (!page.ok) return page;
  const logged = await call.transact(townId, (tx) =>
    appendEvent(ctx, tx, {
      townId,
      subjectType: 'audit',
      subjectId: townId,
      actorId: account._id,
      actorRole: account.roles.includes('center_operator') ? 'center_operator' : 'admin',
      action: 'read_audit',
      from: null,
      to: null,
      at: ctx.clock.nowIso(),
      note: describe(input),
      visibleToReporter: false,
    }),
  );
  if (!logged.ok) return logged;
  const docs = page.value.docs;
  const people = await namesOfPeople(
    ctx,
    townId,
    docs.filter((e) => !hidesActor(e)).map((e) => e.actorId),
  );
  return ok({
    items: docs.map((e) => auditListItem(e, people)),
    nextCursor: page.value.nextCursor,
  });
}
