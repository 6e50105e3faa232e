/**
 * Gathers what the concern views need beside the record (place name, assignee, timeline,
 * reporter contact) and picks the view for the viewer. Reads only; never inside a transaction.
 */
import { townPlaces } from '../runtime/directory';
import { maySeeReporter } from '../../shared/concern/concern.privacy';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { AccountDoc } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import type { PhotoLinks } from '../runtime/photos';
import { photoLinks } from '../runtime/photos';
import type { ConcernDoc, ConcernRelation, PlaceDoc } from './concern.records';
import { eventsOf, loadAccount, tasksOf } from './concern.records';
import type { PersonView, StaffConcernView, VillagerConcernView } from './concern.views';
import { personView, toStaffView, toVillagerView } from './concern.views';
import { ACCOUNTS, GRID_NODES } from '../store/collections';

/** The grid node's name, or a neutral word when the node has gone. */
export function placeNameOf(place: Pick<GridNode, 'name'> | null): string {
  return place?.name ?? '未知地点';
}

/** Place names of many concerns of one town, from the town's grid as kept in memory. */
export async function placeNames(
  ctx: AppContext,
  townId: string,
  gridNodeIds: readonly string[],
): Promise<Map<string, string>> {
  const places = await townPlaces(ctx, townId);
  const names = new Map<string, string>();
  for (const id of new Set(gridNodeIds)) {
    // A node of the town the roster no longer has (or another town's): read it.
    const node = places.get(id) ?? (await GRID_NODES.get(ctx.store, id));
    names.set(id, placeNameOf(node));
  }
  return names;
}

/** The assignee as a villager may see them (name and role, never a phone). */
export async function assigneeOf(ctx: AppContext, concern: ConcernDoc): Promise<PersonView | null> {
  const account = await loadAccount(ctx, concern.assigneeId);
  return account === null ? null : personView(account);
}

/** Links to the concern's photos and its resolution's, for a viewer already cleared. */
export function concernPhotoLinks(
  ctx: AppContext,
  viewerId: string,
  concern: Pick<ConcernDoc, 'photos' | 'resolution'>,
): Promise<PhotoLinks> {
  return photoLinks(ctx, viewerId, concern.photos, concern.resolution?.photos);
}

/** The reporter's view, with the timeline of the steps meant for them. */
export async function villagerViewOf(
  ctx: AppContext,
  viewerId: string,
  concern: ConcernDoc,
  place: PlaceDoc | null,
  events?: readonly AuditEventDraft[],
): Promise<VillagerConcernView> {
  return toVillagerView(concern, {
    placeName: placeNameOf(place),
    assignee: await assigneeOf(ctx, concern),
    events: events ?? (await eventsOf(ctx, concern._id)),
    links: await concernPhotoLinks(ctx, viewerId, concern),
  });
}

/** Name and phone of the person who raised it (the villager named in a 代办 filing). */
async function reporterFacts(
  ctx: AppContext,
  concern: ConcernDoc,
): Promise<{ name: string; phone: string | null }> {
  const behalf = concern.onBehalfOf;
  if (behalf !== null && behalf.villagerAccountId === undefined) {
    return { name: behalf.villagerName, phone: behalf.villagerPhone ?? null };
  }
  const account = await ACCOUNTS.get(ctx.store, concern.reporterId);
  if (account === null) return { name: behalf?.villagerName ?? '未知', phone: null };
  return {
    name: account.name,
    phone: account.phone ?? account.contactPhone ?? behalf?.villagerPhone ?? null,
  };
}

/** The staff view for `viewer`, who stands to the concern as `relation`. */
export async function staffViewOf(
  ctx: AppContext,
  viewer: AccountDoc,
  relation: ConcernRelation,
  concern: ConcernDoc,
  place: PlaceDoc | null,
  options: { readonly revealPhone: boolean },
): Promise<StaffConcernView> {
  const events = await eventsOf(ctx, concern._id);
  const actorNames = new Map<string, string>();
  for (const id of new Set(events.map((e) => e.actorId))) {
    const account = await loadAccount(ctx, id === 'system' ? null : id);
    if (account !== null) actorNames.set(id, account.name);
  }
  const mayHandle = relation === 'assignee' || relation === 'centre';
  // 保密: the one rule of who may learn who raised a concern (shared/concern/concern.privacy.ts).
  const showReporter = maySeeReporter(viewer, concern);
  if (!showReporter) actorNames.delete(concern.reporterId);
  return toStaffView(concern, {
    placeName: placeNameOf(place),
    assignee: await assigneeOf(ctx, concern),
    events,
    actorNames,
    reporter: await reporterFacts(ctx, concern),
    showReporter,
    revealPhone: options.revealPhone,
    mayHandle,
    roles: viewer.roles,
    nowIso: ctx.clock.nowIso(),
    calendar: await ctx.calendars.forTown(concern.townId),
    links: await concernPhotoLinks(ctx, viewer._id, concern),
    routedBecause: await routedBecause(ctx, concern),
  });
}

/** The explanation of the routing rule on the current handler's newest task of this concern. */
async function routedBecause(ctx: AppContext, concern: ConcernDoc): Promise<string | null> {
  if (concern.assigneeId === null) return null;
  const held = (await tasksOf(ctx, concern._id)).filter(
    (t) =>
      t.assigneeId === concern.assigneeId && t.kind !== 'supervise' && t.kind !== 'return_visit',
  );
  return held.at(-1)?.reason.explanation ?? null;
}
