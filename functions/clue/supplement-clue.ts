/**
 * `supplement`: the reporter adds what the prosecutor asked for (补充材料), by tracking code
 * (查询码) — the code is the reporter's key, so an anonymous reporter needs nothing else and a
 * signed-in one is not tied to the clue by doing it. The clue goes back to review and the
 * liaison is told.
 */
import { clueIntents, clueMachine } from '../../shared/clue/clue.machine';
import type { Clue, supplementClueInputSchema } from '../../shared/clue/clue.schema';
import type { ClueStatus } from '../../shared/clue/clue.status';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Actor } from '../../shared/kernel/roles';
import { stateLabel } from '../../shared/machine/machine';
import type { z } from 'zod';
import type { ActionCall } from '../runtime/action';
import { attachPhotos } from '../runtime/photos';
import { appendEvent, firstError } from '../runtime/changes';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import {
  loadClueByCode,
  SUPPLEMENT_PHOTOS_REFUSED,
  checkCluePhotos,
  checkTexts,
} from './clue.records';
import { REPORTER_ACTOR_ID, STATUS_EXPLANATIONS } from './clue.views';
import { clueWriter } from './clue.collections';

/** The schema keeps at most this many supplements on a clue. */
const MAX_SUPPLEMENTS = 20;

export type SupplementClueInput = z.output<typeof supplementClueInputSchema>;

export interface SupplementClueReply {
  readonly status: ClueStatus;
  readonly statusLabel: string;
  readonly message: string;
}

/** Adds the reporter's supplement (see the module comment). */
export async function supplementClue(
  ctx: AppContext,
  call: ActionCall<SupplementClueInput>,
): Promise<Result<SupplementClueReply>> {
  const { input } = call;
  const loaded = await loadClueByCode(ctx, input.trackingCode);
  if (!loaded.ok) return loaded;
  const clue = loaded.value;

  const checked = await checkTexts(ctx, null, [{ field: 'text', text: input.text }]);
  if (!checked.ok) return checked;
  // Photos only from the named reporter's own account: the code alone proves no account.
  const named = clue.reporter.kind === 'named' ? clue.reporter : null;
  const callerId = call.caller.account?._id;
  const isReporter = named?.accountId !== undefined && named.accountId === callerId;
  const photos = await checkCluePhotos(
    ctx,
    !isReporter,
    callerId ?? null,
    input.photos,
    SUPPLEMENT_PHOTOS_REFUSED,
  );
  if (!photos.ok) return photos;
  if (clue.supplements.length >= MAX_SUPPLEMENTS) {
    return err(
      appError('CONFLICT', '这条线索补充的次数已经很多了，请直接联系检察机关', {
        reason: 'too_many_supplements',
      }),
    );
  }

  // The holder of the code acts as the reporter, whoever is signed in.
  const reporter: Actor = {
    accountId: REPORTER_ACTOR_ID,
    roles: ['villager'],
    townId: clue.townId,
  };
  const now = ctx.clock.nowIso();
  const moved = clueIntents.supplyInfo(clue, reporter, { now });
  if (!moved.ok) return moved;
  const status = moved.value.status;
  const supplements: Clue['supplements'] = [
    ...clue.supplements,
    { text: input.text, photos: input.photos, at: now },
  ];

  const result = await call.transact(clue.townId, async (tx) => {
    const updated = await clueWriter.update(
      tx,
      clue._id,
      { status, updatedAt: now, supplements },
      { ifVersion: clue._version },
    );
    if (!updated.ok) return updated;
    if (callerId !== undefined && input.photos.length > 0) {
      const attached = await attachPhotos(ctx, tx, callerId, input.photos, {
        type: 'clue',
        id: clue._id,
      });
      if (!attached.ok) return attached;
    }
    const steps: Result<unknown>[] = [await appendEvent(ctx, tx, moved.value.event)];
    if (clue.liaisonId !== undefined) {
      steps.push(
        await notify(ctx, tx, {
          townId: clue.townId,
          recipientId: clue.liaisonId,
          template: 'clue.supplemented',
          title: '举报人已补充线索材料',
          body: `${clue.place.text}：${input.text.slice(0, 60)}`,
          link: { type: 'clue', id: clue._id },
        }),
      );
    }
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
  if (!result.ok) return result;
  return ok({
    status,
    statusLabel: stateLabel(clueMachine, status),
    message: `补充的材料已经收到。${STATUS_EXPLANATIONS[status]}`,
  });
}
