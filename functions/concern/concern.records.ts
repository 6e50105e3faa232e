/**
 * Reading a concern (说事/诉求) for a caller: the record parsed with the shared schema, its
 * place, and how the caller relates to it. Whoever may not read a concern is answered
 * NOT_FOUND, exactly as for a concern that does not exist, so nobody learns of concerns in
 * another town (or of a neighbour's concern) by guessing ids.
 */
import type { Account } from '../../shared/account/account.schema';
import { DEFAULT_HOLIDAY_TABLE } from '../../shared/calendar/calendar.data';
import { toLocalDate } from '../../shared/calendar/china-time';
import type { DueRule } from '../../shared/calendar/deadlines';
import { workingDayRule } from '../../shared/calendar/deadlines';
import { createWorkingCalendar } from '../../shared/calendar/working-days';
import type { Concern } from '../../shared/concern/concern.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { AuditEvent } from '../../shared/kernel/audit';
import { appError } from '../../shared/kernel/errors';
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Role } from '../../shared/kernel/roles';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import type { RoutingRule, RuleAssignment } from '../../shared/routing/routing.rules';
import type { Task } from '../../shared/task/task.schema';
import { isPending } from '../../shared/task/task.machine';
import type { StoredDoc } from '../store/store.port';
import type { AccountDoc } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import { isInScope, loadRoutingDirectory } from '../runtime/directory';
import { queryAll } from '../runtime/paging';
import { tasksOf as tasksOfSubject } from '../runtime/tasks';
import { ACCOUNTS, AUDIT_EVENTS, CONCERNS, GRID_NODES } from '../store/collections';

export type ConcernDoc = StoredDoc<Concern>;

/** What every deadline was counted on before towns kept their own holiday table. */
const LIBRARY_CALENDAR = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);

/**
 * What a concern's deadline is counted from. Concerns stored before the rule was kept get it
 * back from their dates: the clock started at submission (or at the last reopening, or for an
 * extended emergency at its first due date) and ran the working days the library's calendar
 * (the only one then) counts up to the due date.
 */
export function dueRuleOf(
  concern: Pick<
    Concern,
    'dueRule' | 'dueAt' | 'emergency' | 'extensions' | 'createdAt' | 'reopenCount' | 'rating'
  >,
): DueRule {
  if (concern.dueRule !== undefined) return concern.dueRule;
  const fixed: DueRule = { unit: 'hours' };
  if (concern.dueAt === null) return fixed;
  const firstExtension = concern.extensions[0];
  let start: string;
  if (concern.reopenCount > 0 && concern.rating !== undefined) start = concern.rating.at;
  else if (!concern.emergency) start = concern.createdAt;
  else if (firstExtension !== undefined) start = firstExtension.previousDueAt;
  else return fixed;
  const from = toLocalDate(start);
  const days = LIBRARY_CALENDAR.workingDaysBetween(from, toLocalDate(concern.dueAt));
  return days > 0 ? workingDayRule(from, days) : fixed;
}
export type TaskDoc = StoredDoc<Task>;
export type PlaceDoc = StoredDoc<GridNode>;

/**
 * How a caller stands to a concern, strongest first: its current assignee (承办人), the
 * centre (指挥中心), a grid-based worker whose grid covers the place, its reporter (or a
 * villager who joined it), or nobody.
 */
export type ConcernRelation = 'assignee' | 'centre' | 'grid' | 'reporter' | 'follower' | 'none';

/**
 * Staff who read the concerns of their grid. Department officers and prosecutors sit on the
 * town node, so grid scope would show them everything; they see what is assigned to them.
 */
const GRID_READER_ROLES: readonly Role[] = ['grid_worker', 'mediator', 'legal_adviser'];

/** The refusal for a concern the caller may not see, worded like a missing one. */
export function concernNotFound(): AppError {
  return appError('NOT_FOUND', '没有找到这件事');
}

/** The stored concern, parsed (defaults filled); null when there is none. */
export async function loadConcern(ctx: AppContext, id: string): Promise<Result<ConcernDoc | null>> {
  return ok(await CONCERNS.get(ctx.store, id));
}

/** A grid node of the town, or null (missing, inactive or another town's). */
export async function loadPlace(
  ctx: AppContext,
  townId: string,
  gridNodeId: string,
): Promise<PlaceDoc | null> {
  const node = await GRID_NODES.get(ctx.store, gridNodeId);
  if (node === null || node.townId !== townId || node.active === false) return null;
  return node;
}

/** How `account` relates to `concern` (see ConcernRelation). */
export function relationTo(
  account: Pick<Account, '_id' | 'townId' | 'roles' | 'gridNodeIds'>,
  concern: Concern,
  place: PlaceDoc | null,
): ConcernRelation {
  if (account.townId !== concern.townId) return 'none';
  if (concern.assigneeId === account._id) return 'assignee';
  if (account.roles.includes('center_operator')) return 'centre';
  if (
    place !== null &&
    account.roles.some((r) => GRID_READER_ROLES.includes(r)) &&
    isInScope(account, place)
  ) {
    return 'grid';
  }
  if (concern.reporterId === account._id) return 'reporter';
  if (concern.followerIds.includes(account._id)) return 'follower';
  return 'none';
}

/** A concern the caller may read, with its place and the caller's relation to it. */
export interface ReadableConcern {
  readonly concern: ConcernDoc;
  readonly place: PlaceDoc | null;
  readonly relation: Exclude<ConcernRelation, 'none'>;
}

/** Loads a concern for `account`; NOT_FOUND when it is missing or not theirs to see. */
export async function loadReadable(
  ctx: AppContext,
  account: AccountDoc,
  concernId: string,
): Promise<Result<ReadableConcern>> {
  const loaded = await loadConcern(ctx, concernId);
  if (!loaded.ok) return loaded;
  const concern = loaded.value;
  // Another town's concern is never even looked at further.
  if (concern === null || concern.townId !== account.townId) return err(concernNotFound());
  const place = await loadPlace(ctx, concern.townId, concern.place.gridNodeId);
  const relation = relationTo(account, concern, place);
  if (relation === 'none') return err(concernNotFound());
  return ok({ concern, place, relation });
}

/**
 * Loads a concern the caller is to act on as its handler: only the current assignee or the
 * centre. Others who may read it are refused with FORBIDDEN; others again get NOT_FOUND.
 */
export async function loadForHandling(
  ctx: AppContext,
  account: AccountDoc,
  concernId: string,
): Promise<Result<ReadableConcern>> {
  const readable = await loadReadable(ctx, account, concernId);
  if (!readable.ok) return readable;
  const { relation } = readable.value;
  if (relation !== 'assignee' && relation !== 'centre') {
    return err(
      appError('FORBIDDEN', '只有这件事的承办人或指挥中心才能办理', { reason: 'not_assignee' }),
    );
  }
  return readable;
}

/** Every task of a concern, oldest first (a handful per concern). */
export async function tasksOf(ctx: AppContext, concernId: string): Promise<TaskDoc[]> {
  return tasksOfSubject(ctx, { type: 'concern', id: concernId });
}

/** The pending (open or acknowledged) tasks of a concern. */
export async function pendingTasksOf(ctx: AppContext, concernId: string): Promise<TaskDoc[]> {
  return (await tasksOf(ctx, concernId)).filter((t) => isPending(t));
}

/** A concern's audit events in order (its timeline before filtering). */
export async function eventsOf(ctx: AppContext, concernId: string): Promise<AuditEvent[]> {
  return queryAll(ctx, AUDIT_EVENTS, {
    where: { subjectType: 'concern', subjectId: concernId },
    orderBy: { path: 'at', order: 'asc' },
  });
}

/** An account by id, or null. */
export async function loadAccount(ctx: AppContext, id: string | null): Promise<AccountDoc | null> {
  if (id === null) return null;
  return ACCOUNTS.get(ctx.store, id);
}

/**
 * Routes a concern with one rule made for the occasion (e.g. "to the natural-resources
 * office"), so the step finds the least-loaded person and falls back to the centre exactly
 * as submission routing does, and the task carries the same kind of reason.
 */
export async function routeConcernWith(
  ctx: AppContext,
  concern: ConcernDoc,
  rule: { id: string; name: string; assign: RuleAssignment },
): Promise<Result<Assignment>> {
  const oneRule: RoutingRule = { ...rule, when: { subject: 'concern' }, priority: 0 };
  const directory = await loadRoutingDirectory(ctx, concern.townId, {
    gridNodeId: concern.place.gridNodeId,
    rules: [oneRule],
  });
  const decided = route(
    {
      subject: 'concern',
      townId: concern.townId,
      gridNodeId: concern.place.gridNodeId,
      kind: concern.kind,
      topic: concern.topic,
      emergency: concern.emergency,
    },
    directory,
    [oneRule],
  );
  return decided.ok ? ok(decided.value.primary) : err(decided.error);
}
