/**
 * Writing one step of a concern: its new fields (guarded by the version read before the
 * transaction), its audit events, and whatever else the step writes (tasks, pushes) — all in
 * one transaction, so a step is either wholly recorded or not at all.
 */
import { concernMachine } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { stateLabel } from '../../shared/machine/machine';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import type { ConcernNotice } from '../runtime/notices';
import { concernWriter } from './concern.collections';
import type { AccountDoc } from '../runtime/caller';
import { appendEvent } from '../runtime/changes';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import type { DocPatch, Tx } from '../store/store.port';
import type { ConcernDoc } from './concern.records';
import { loadConcern, loadReadable } from './concern.records';
import { staffViewOf } from './concern.present';
import type { HandedOverReply, StaffConcernView } from './concern.views';

/** What one step writes. */
export interface ConcernChange {
  readonly patch: DocPatch<Concern>;
  readonly events: readonly AuditEventDraft[];
  /** Further writes in the same transaction (tasks, pushes); an Err rolls everything back. */
  readonly also?: (tx: Tx) => Promise<Result<unknown>>;
}

/** Records a step of `concern` in one transaction. */
export async function commitChange(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
  change: ConcernChange,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  return call.transact(concern.townId, async (tx) => {
    const updated = await concernWriter.update(
      tx,
      concern._id,
      { ...change.patch, updatedAt: now },
      { ifVersion: concern._version },
    );
    if (!updated.ok) return err(updated.error);
    for (const event of change.events) {
      const appended = await appendEvent(ctx, tx, event);
      if (!appended.ok) return appended;
    }
    if (change.also !== undefined) {
      const more = await change.also(tx);
      if (!more.ok) return err(more.error);
    }
    return ok(undefined);
  });
}

/**
 * Tells the reporter of a step — and everyone who joined the concern (我也遇到了): a push
 * into each inbox, linked to the concern. The return visit's rating request is the reporter's
 * alone (ask-return-visit.ts): only the reporter rates.
 */
export async function tellReporter(
  ctx: AppContext,
  tx: Tx,
  concern: Pick<ConcernDoc, '_id' | 'townId' | 'reporterId' | 'followerIds'>,
  template: ConcernNotice extends `concern.${infer T}` ? T : never,
  title: string,
  body: string,
): Promise<Result<void>> {
  return tellEach(
    ctx,
    tx,
    concern,
    [concern.reporterId, ...concern.followerIds],
    template,
    title,
    body,
  );
}

/** The same notice to each of `recipients` (once each), linked to the concern. */
export async function tellEach(
  ctx: AppContext,
  tx: Tx,
  concern: Pick<ConcernDoc, '_id' | 'townId'>,
  recipients: readonly string[],
  template: ConcernNotice extends `concern.${infer T}` ? T : never,
  title: string,
  body: string,
): Promise<Result<void>> {
  for (const recipientId of new Set(recipients)) {
    const sent = await notify(ctx, tx, {
      townId: concern.townId,
      recipientId,
      template: `concern.${template}`,
      title,
      body,
      link: { type: 'concern', id: concern._id },
    });
    if (!sent.ok) return err(sent.error);
  }
  return ok(undefined);
}

/**
 * The staff view of a concern after a step, for the handler's reply; a short confirmation
 * when the step took the concern out of the caller's sight (a transfer to a department).
 */
export async function staffReply(
  ctx: AppContext,
  account: AccountDoc,
  concernId: string,
): Promise<Result<StaffConcernView | HandedOverReply>> {
  const readable = await loadReadable(ctx, account, concernId);
  if (!readable.ok) {
    const loaded = await loadConcern(ctx, concernId);
    if (!loaded.ok || loaded.value === null) return readable;
    const { status } = loaded.value;
    return ok({
      id: concernId,
      status,
      statusLabel: stateLabel(concernMachine, status),
      handedOver: true,
    });
  }
  const { concern, place, relation } = readable.value;
  return ok(await staffViewOf(ctx, account, relation, concern, place, { revealPhone: false }));
}
