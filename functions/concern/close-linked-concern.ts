/**
 * A concern (说事) that became another record — a mediation booking today — keeps its history
 * and is closed by that record's outcome (一口受理、多路分流). The booking's concept calls
 * these steps through concern.api.ts; only this concept writes concerns.
 */
import type { Concern } from '../../shared/concern/concern.schema';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { CONCERNS } from '../store/collections';
import type { Tx } from '../store/store.port';
import { concernWriter } from './concern.collections';

/** Who names a concern in another record's input: their account, its town and roles. */
export interface LinkingCaller {
  readonly _id: string;
  readonly townId: string;
  readonly roles: readonly string[];
}

/** The refusal for a concern the caller may not name: worded like a missing one. */
function notLinkable(): AppError {
  const message = '没有找到这件说事，请刷新后再试';
  return appError('VALIDATION_FAILED', message, { fields: [{ field: 'concernId', message }] });
}

/**
 * The concern an input names (a booking's `concernId`), read inside the writing transaction
 * and checked there against the caller: links are authorization too. Only its reporter, its
 * current assignee (承办人) or the town's centre may make another record follow a concern —
 * anyone else would have that record's outcome close someone else's concern. Anything else
 * (another town's, a missing one, a neighbour's) reads as "not found" and names the field.
 */
export async function loadLinkableConcern(
  tx: Tx,
  caller: LinkingCaller,
  concernId: string | undefined,
): Promise<Result<Concern | null>> {
  if (concernId === undefined) return ok(null);
  const concern = await CONCERNS.get(tx, concernId);
  if (concern === null || concern.townId !== caller.townId) return err(notLinkable());
  const mayLink =
    concern.reporterId === caller._id ||
    concern.assigneeId === caller._id ||
    caller.roles.includes('center_operator');
  return mayLink ? ok(concern) : err(notLinkable());
}

/** The concern a booking came from, if it still exists in the town (read before the transaction). */
export async function loadLinkedConcern(
  ctx: AppContext,
  townId: string,
  concernId: string | undefined,
): Promise<Concern | null> {
  if (concernId === undefined) return null;
  const concern = await CONCERNS.get(ctx.store, concernId);
  return concern !== null && concern.townId === townId ? concern : null;
}

/**
 * Closes the loop on the concern the mediation came from: the concern machine's `resolve`
 * as the system (from `transferred`, where a concern handed to mediation waits), with the
 * outcome as the resolution note, and the reporter told. A concern in a state `resolve`
 * does not start from is left alone — its own handler decides.
 */
export async function resolveLinkedConcern(
  ctx: AppContext,
  tx: Tx,
  concern: Concern | null,
  bookingId: string,
  note: string,
): Promise<Result<void>> {
  if (concern === null) return ok(undefined);
  // Only a concern that itself names this booking is closed by it: a booking's stored
  // concernId proves nothing on its own (it came from an input).
  if (concern.links.bookingId !== bookingId) {
    ctx.log.warn({ concernId: concern._id, bookingId }, 'linked concern does not name the booking');
    return ok(undefined);
  }
  const now = ctx.clock.nowIso();
  const step = concernIntents.resolve(concern, systemActor(concern.townId), { now, note });
  if (!step.ok) {
    ctx.log.info({ concernId: concern._id, status: concern.status }, 'linked concern not resolved');
    return ok(undefined);
  }
  const updated = await concernWriter.update(
    tx,
    concern._id,
    {
      status: step.value.status,
      resolution: { note: note.slice(0, 1000), photos: [], resolvedAt: now, resolvedBy: 'system' },
      updatedAt: now,
    },
    { ifVersion: concern._version },
  );
  if (!updated.ok) return updated;
  const logged = await appendEvent(ctx, tx, step.value.event);
  if (!logged.ok) return logged;
  const told = await notify(ctx, tx, {
    townId: concern.townId,
    recipientId: concern.reporterId,
    template: 'concern.resolved',
    title: '您说的事已办结',
    body: note.slice(0, 200),
    link: { type: 'concern', id: concern._id },
  });
  return told.ok ? ok(undefined) : err(told.error);
}

/** Records on the concern that it became booking `bookingId` (inside the booking's transaction). */
export async function linkBooking(
  tx: Tx,
  concern: Concern,
  bookingId: string,
  now: string,
): Promise<Result<void>> {
  const linked = await concernWriter.update(
    tx,
    concern._id,
    { links: { ...concern.links, bookingId }, updatedAt: now },
    { ifVersion: concern._version },
  );
  return linked.ok ? ok(undefined) : err(linked.error);
}
