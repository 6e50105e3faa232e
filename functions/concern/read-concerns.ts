/**
 * Reading concerns: a villager's own list (listMine), one concern for whoever may see it
 * (get), a staff member's work list (listAssigned) and similar open concerns a villager may
 * join instead of filing twice (similarOpen). Reading a reporter's full phone number is
 * logged as a `read_protected` audit event.
 */
import type { z } from 'zod';
import { CONCERN_GROUPS } from '../../shared/concern/concern.machine';
import { maySeeReporter } from '../../shared/concern/concern.privacy';
import type {
  Concern,
  getConcernInputSchema,
  ListAssignedConcernsInput,
  listMyConcernsInputSchema,
  SimilarOpenInput,
} from '../../shared/concern/concern.schema';
import type { ConcernStatus } from '../../shared/concern/concern.status';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import type { Where } from '../store/store.port';
import { filteredPage } from '../runtime/paging';
import { placeNames, staffViewOf, villagerViewOf } from './concern.present';
import type { ConcernDoc } from './concern.records';
import { loadPlace, loadReadable } from './concern.records';
import type {
  ConcernListItem,
  FollowerConcernView,
  SimilarConcernItem,
  StaffConcernView,
  VillagerConcernView,
} from './concern.views';
import { toListItem, toSimilarItem } from './concern.views';
import { CONCERNS } from '../store/collections';
import { isNearby } from '../../shared/grid/nearby';
import { instantMs } from '../../shared/calendar/china-time';
import { followerViewOf } from './join-concern';

/** A page of list items. */
export interface ConcernPage {
  readonly items: readonly ConcernListItem[];
  readonly nextCursor: string | null;
}

async function toPage(
  ctx: AppContext,
  docs: readonly ConcernDoc[],
  nextCursor: string | null,
): Promise<ConcernPage> {
  const townId = docs[0]?.townId;
  const names =
    townId === undefined
      ? new Map<string, string>()
      : await placeNames(
          ctx,
          townId,
          docs.map((d) => d.place.gridNodeId),
        );
  const now = ctx.clock.nowIso();
  // Every list is of one town (the caller's).
  const first = docs[0];
  if (first === undefined) return { items: [], nextCursor };
  const calendar = await ctx.calendars.forTown(first.townId);
  return {
    items: docs.map((d) => toListItem(d, names.get(d.place.gridNodeId) ?? '', now, calendar)),
    nextCursor,
  };
}

/** `listMine`: the caller's own concerns, newest first. */
export async function listMyConcerns(
  ctx: AppContext,
  call: ActionCall<z.output<typeof listMyConcernsInputSchema>>,
): Promise<Result<ConcernPage>> {
  const { account } = signedIn(call);
  const { status, cursor, limit } = call.input;
  const page = await filteredPage<Concern>(
    ctx,
    CONCERNS,
    {
      where: { townId: account.townId, reporterId: account._id },
      orderBy: { path: 'createdAt', order: 'desc' },
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
    (doc) => status === undefined || doc.status === status,
  );
  if (!page.ok) return page;
  return ok(await toPage(ctx, page.value.docs, page.value.nextCursor));
}

/**
 * `get`: the reporter sees their own view; the assignee, grid workers of the place and the
 * centre see the staff view. `revealPhone` (assignee and centre only) shows the whole phone
 * number and is audited.
 */
export async function getConcern(
  ctx: AppContext,
  call: ActionCall<z.output<typeof getConcernInputSchema>>,
): Promise<Result<VillagerConcernView | StaffConcernView | FollowerConcernView>> {
  const { account, actor } = signedIn(call);
  const { concernId, revealPhone } = call.input;
  const readable = await loadReadable(ctx, account, concernId);
  if (!readable.ok) return readable;
  const { concern, place, relation } = readable.value;
  const mayHandle = relation === 'assignee' || relation === 'centre';
  if (revealPhone && (!mayHandle || !maySeeReporter(account, concern))) {
    return err(appError('FORBIDDEN', '只有承办人和指挥中心可以查看完整电话'));
  }
  if (relation === 'reporter') return ok(await villagerViewOf(ctx, account._id, concern, place));
  if (relation === 'follower') return ok(await followerViewOf(ctx, concern));
  if (revealPhone) {
    const event: AuditEventDraft = {
      townId: concern.townId,
      subjectType: 'concern',
      subjectId: concern._id,
      actorId: actor.accountId,
      actorRole:
        relation === 'centre'
          ? 'center_operator'
          : (account.roles.find((r) => r !== 'villager') ?? 'villager'),
      action: 'read_protected',
      from: concern.status,
      to: concern.status,
      at: ctx.clock.nowIso(),
      note: '查看了说事人的完整电话',
      visibleToReporter: false,
    };
    const logged = await call.transact(concern.townId, (tx) => appendEvent(ctx, tx, event));
    if (!logged.ok) return logged;
  }
  return ok(await staffViewOf(ctx, account, relation, concern, place, { revealPhone }));
}

/** Every node under `rootId` (and itself), from the town's grid. */
async function subtree(ctx: AppContext, townId: string, rootId: string): Promise<Set<string>> {
  const nodes = await loadGrid(ctx, townId);
  return new Set(
    nodes.filter((n) => n._id === rootId || n.ancestorIds.includes(rootId)).map((n) => n._id),
  );
}

/**
 * `listAssigned`: the caller's work (concerns assigned to them), or for the centre every
 * concern of the town; by default the open ones, soonest deadline first.
 */
export async function listAssignedConcerns(
  ctx: AppContext,
  call: ActionCall<ListAssignedConcernsInput>,
): Promise<Result<ConcernPage>> {
  const { account } = signedIn(call);
  const { status, kind, gridNodeId, overdue, cursor, limit } = call.input;
  const townId = account.townId;
  let within: Set<string> | null = null;
  if (gridNodeId !== undefined) {
    const node = await loadPlace(ctx, townId, gridNodeId);
    if (node === null) {
      const message = '请选择本镇的村或网格';
      return err(
        appError('VALIDATION_FAILED', message, { fields: [{ field: 'gridNodeId', message }] }),
      );
    }
    within = await subtree(ctx, townId, node._id);
  }
  const statuses: readonly ConcernStatus[] = status === undefined ? CONCERN_GROUPS.open : [status];
  const where: Where = {
    townId,
    status: { in: [...statuses] },
    ...(account.roles.includes('center_operator') ? {} : { assigneeId: account._id }),
    ...(overdue === true ? { dueAt: { lt: ctx.clock.nowIso() } } : {}),
  };
  const page = await filteredPage<Concern>(
    ctx,
    CONCERNS,
    {
      where,
      orderBy: { path: 'dueAt', order: 'asc' },
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
    (doc) =>
      (kind === undefined || doc.kind === kind) &&
      (within === null || within.has(doc.place.gridNodeId)),
  );
  if (!page.ok) return page;
  return ok(await toPage(ctx, page.value.docs, page.value.nextCursor));
}

/** How many similar concerns a villager is shown at most. */
const SIMILAR_MAX = 10;
/** Open concerns of a town looked at for similar ones (a town has a few hundred open). */
const SIMILAR_SCAN = 1000;

/**
 * `similarOpen`: open concerns of the same topic near the place (within 500 m when both have
 * map points, else in the same natural village), newest first — what they are about, where,
 * how many people raised them, never anyone's words; never a confidential (保密) one.
 */
export async function similarOpenConcerns(
  ctx: AppContext,
  call: ActionCall<SimilarOpenInput>,
): Promise<Result<{ items: readonly SimilarConcernItem[] }>> {
  const { account } = signedIn(call);
  const { gridNodeId, coordinates, topic } = call.input;
  const [grid, page] = await Promise.all([
    loadGrid(ctx, account.townId),
    CONCERNS.query(ctx.store, {
      where: { townId: account.townId, status: { in: [...CONCERN_GROUPS.open] } },
      orderBy: { path: 'dueAt', order: 'asc' },
      limit: SIMILAR_SCAN,
    }),
  ]);
  const here = { gridNodeId, coordinates };
  const similar = page.docs
    .filter((d) => d.topic === topic && d.confidential !== true && isNearby(grid, here, d.place))
    .sort((a, b) => instantMs(b.createdAt) - instantMs(a.createdAt))
    .slice(0, SIMILAR_MAX);
  const names = await placeNames(
    ctx,
    account.townId,
    similar.map((d) => d.place.gridNodeId),
  );
  return ok({
    items: similar.map((d) => toSimilarItem(d, account._id, names.get(d.place.gridNodeId) ?? '')),
  });
}
