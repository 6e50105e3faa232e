/**
 * 我也遇到了: a villager who finds a similar open concern nearby joins it instead of filing the
 * same thing twice (`join`); from then on they are told of every step the reporter is told of
 * (the return visit's rating stays the reporter's), they find it under 我关注的
 * (`listFollowed`), and they can stop following it (`leave`). The handler and the centre see
 * how many people are affected; a joiner never sees the reporter's words, photos or name.
 */
import { isOpen } from '../../shared/concern/concern.machine';
import type { JoinConcernInput } from '../../shared/concern/concern.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { isNearby } from '../../shared/grid/nearby';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import { CONCERN_FOLLOWS, CONCERNS } from '../store/collections';
import { concernWriter, followWriter } from './concern.collections';
import { assigneeOf, placeNameOf, placeNames } from './concern.present';
import type { ConcernDoc } from './concern.records';
import { concernNotFound, eventsOf, loadPlace } from './concern.records';
import type { FollowerConcernView, FollowedConcernItem } from './concern.views';
import { toFollowedItem, toFollowerView } from './concern.views';
import { badCursor } from '../runtime/paging';
import { cursorFits } from '../store/store.cursor';

/** A concern takes at most this many followers (the schema's limit). */
export const MAX_FOLLOWERS = 500;

export function followId(concernId: string, accountId: string): string {
  return `follow:${concernId}:${accountId}`;
}

function refused(
  message: string,
  reason: 'own_concern' | 'closed' | 'not_nearby' | 'not_following' | 'too_many_followers',
) {
  return err(appError('CONFLICT', message, { reason }));
}

/** The follower's view of `concern`, as the join and leave replies and `get` answer it. */
export async function followerViewOf(
  ctx: AppContext,
  concern: ConcernDoc,
): Promise<FollowerConcernView> {
  const place = await loadPlace(ctx, concern.townId, concern.place.gridNodeId);
  return toFollowerView(concern, {
    placeName: placeNameOf(place),
    assignee: await assigneeOf(ctx, concern),
    events: await eventsOf(ctx, concern._id),
  });
}

/** `join`: follow a similar open concern near the caller's place. */
export async function joinConcern(
  ctx: AppContext,
  call: ActionCall<JoinConcernInput>,
): Promise<Result<FollowerConcernView>> {
  const { account, actor } = signedIn(call);
  const { concernId } = call.input;
  const concern = await CONCERNS.get(ctx.store, concernId);
  // Another town's, or a confidential one (never listed as similar): as if it did not exist.
  if (concern === null || concern.townId !== account.townId || concern.confidential) {
    return err(concernNotFound());
  }
  if (concern.reporterId === account._id) {
    return refused('这是您自己反映的事，不用再关注，有进展会告诉您', 'own_concern');
  }
  if (concern.followerIds.includes(account._id)) return ok(await followerViewOf(ctx, concern));
  if (!isOpen(concern)) {
    return refused('这件事已经办结了；如果问题还在，请重新说一说', 'closed');
  }
  const grid = await loadGrid(ctx, account.townId);
  const near = call.input.near ?? { gridNodeId: account.gridNodeIds[0] ?? '' };
  if (!grid.some((n) => n._id === near.gridNodeId)) {
    const message = '请先选您所在的村';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'near.gridNodeId', message }] }),
    );
  }
  if (!isNearby(grid, near, concern.place)) {
    return refused('这件事不在您说的地方附近，如果是您那里的事，请自己说一说', 'not_nearby');
  }
  if (concern.followerIds.length >= MAX_FOLLOWERS) {
    return refused('关注这件事的人已经很多了，工作人员正在办，请留意进展', 'too_many_followers');
  }
  const now = ctx.clock.nowIso();
  const joined = await call.transact(account.townId, async (tx) => {
    const updated = await concernWriter.update(
      tx,
      concern._id,
      { followerIds: [...concern.followerIds, account._id], updatedAt: now },
      { ifVersion: concern._version },
    );
    if (!updated.ok) return updated;
    const follow = await followWriter.insert(tx, {
      _id: followId(concern._id, account._id),
      townId: account.townId,
      concernId: concern._id,
      accountId: account._id,
      createdAt: now,
    });
    if (!follow.ok) return follow;
    const logged = await appendEvent(ctx, tx, {
      townId: concern.townId,
      subjectType: 'concern',
      subjectId: concern._id,
      actorId: actor.accountId,
      actorRole: 'villager',
      action: 'join',
      from: concern.status,
      to: concern.status,
      at: now,
      note: `又有一位村民也遇到了这件事（共${concern.followerIds.length + 2}人）`,
      visibleToReporter: true,
    });
    return logged.ok ? ok(updated.value) : logged;
  });
  if (!joined.ok) return joined;
  return ok(await followerViewOf(ctx, joined.value));
}

/** `leave`: stop following a concern one joined. */
export async function leaveConcern(
  ctx: AppContext,
  call: ActionCall<{ concernId: string }>,
): Promise<Result<{ id: string; following: false }>> {
  const { account, actor } = signedIn(call);
  const concern = await CONCERNS.get(ctx.store, call.input.concernId);
  if (concern === null || concern.townId !== account.townId) return err(concernNotFound());
  if (!concern.followerIds.includes(account._id)) {
    return refused('您没有关注这件事', 'not_following');
  }
  const now = ctx.clock.nowIso();
  const left = await call.transact(account.townId, async (tx) => {
    const updated = await concernWriter.update(
      tx,
      concern._id,
      { followerIds: concern.followerIds.filter((id) => id !== account._id), updatedAt: now },
      { ifVersion: concern._version },
    );
    if (!updated.ok) return updated;
    const removed = await followWriter.remove(tx, followId(concern._id, account._id));
    if (!removed.ok && removed.error.code !== 'NOT_FOUND') return removed;
    return appendEvent(ctx, tx, {
      townId: concern.townId,
      subjectType: 'concern',
      subjectId: concern._id,
      actorId: actor.accountId,
      actorRole: 'villager',
      action: 'leave',
      from: concern.status,
      to: concern.status,
      at: now,
      note: '一位村民不再关注这件事',
      visibleToReporter: false,
    });
  });
  return left.ok ? ok({ id: concern._id, following: false }) : left;
}

/** `listFollowed`: the concerns the caller joined (我关注的), newest first. */
export async function listFollowed(
  ctx: AppContext,
  call: ActionCall<{ cursor?: string | undefined; limit: number }>,
): Promise<Result<{ items: readonly FollowedConcernItem[]; nextCursor: string | null }>> {
  const { account } = signedIn(call);
  const query = {
    where: { accountId: account._id },
    orderBy: { path: 'createdAt', order: 'desc' as const },
    limit: call.input.limit,
    ...(call.input.cursor === undefined ? {} : { cursor: call.input.cursor }),
  };
  if (!cursorFits(CONCERN_FOLLOWS.name, query)) return err(badCursor());
  const page = await CONCERN_FOLLOWS.query(ctx.store, query);
  const concerns = (
    await Promise.all(page.docs.map((f) => CONCERNS.get(ctx.store, f.concernId)))
  ).filter((c): c is ConcernDoc => c !== null && c.townId === account.townId);
  const names = await placeNames(
    ctx,
    account.townId,
    concerns.map((c) => c.place.gridNodeId),
  );
  return ok({
    items: concerns.map((c) => toFollowedItem(c, names.get(c.place.gridNodeId) ?? '')),
    nextCursor: page.nextCursor,
  });
}
