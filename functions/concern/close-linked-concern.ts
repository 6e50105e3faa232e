/**
 * A concern (说事) that became another record — a mediation booking today — keeps its history
 * and is closed by that record's outcome (一口受理、多路分流). The booking's concept calls
 * these steps through concern.api.ts; only this concept writes concerns.
 */
import type { Concern } from '../../shared/concern/concern.schema';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { CONCERNS } from '../store/collections';
import type { Tx } from '../store/store.port';
import { concernWriter } from './concern.collections';
import { tellReporter } from './concern.steps';

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
  note: string,
): Promise<Result<void>> {
  if (concern === null) return ok(undefined);
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
  return tellReporter(ctx, tx, concern, 'resolved', '您说的事已办结', note.slice(0, 200));
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
