/**
 * Small pieces the clue (公益诉讼线索) use cases share: the content check of a villager's
 * text, task reasons and due times, closing a clue's tasks through the task machine, and the
 * push that tells a named reporter of a step.
 */
import { endOfLocalDay, toLocalDate } from '../../shared/calendar/working-days';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Actor } from '../../shared/kernel/roles';
import type { Assignment } from '../../shared/routing/routing.resolver';
import type { TaskReason } from '../../shared/task/task.schema';
import type { Intent } from '../../shared/machine/machine';
import type { TaskStatus } from '../../shared/task/task.status';
import { appError } from '../../shared/kernel/errors';
import type { AppContext } from '../runtime/context';
import { checkOwnPhotos } from '../runtime/photos';
import { appendEvent, notify } from '../runtime/changes';
import type { StoreTx } from '../store/store.port';
import type { ClueDoc, TaskDoc } from './clue.records';

/** Working days a grid worker has for an on-the-spot check (核实). */
export const VERIFY_WORKING_DAYS = 3;

export const ANONYMOUS_PHOTOS =
  '匿名举报不能附照片：照片会记下是谁上传的。如需提供照片，请实名举报（举报人身份只有检察官能看到）';

export const SUPPLEMENT_PHOTOS_REFUSED =
  '只有实名举报人用自己的账号登录后才能补充照片；匿名线索补充时不能附照片，请用文字说明';

/**
 * Photos of a clue or its supplement: none when it is anonymous (an upload records who made
 * it, which would tie the clue to an account), else only the caller's own.
 */
export async function checkCluePhotos(
  ctx: AppContext,
  anonymous: boolean,
  accountId: string | null,
  photos: readonly string[],
  refusal: string = ANONYMOUS_PHOTOS,
): Promise<Result<void>> {
  if (photos.length === 0) return ok(undefined);
  if (anonymous || accountId === null) {
    return err(
      appError('VALIDATION_FAILED', refusal, { fields: [{ field: 'photos', message: refusal }] }),
    );
  }
  return checkOwnPhotos(ctx, accountId, photos);
}

/** Runs the content check (内容安全) over each given text; the first refusal wins. */
export async function checkTexts(
  ctx: AppContext,
  accountId: string | null,
  texts: readonly { readonly field: string; readonly text: string | undefined }[],
): Promise<Result<void>> {
  for (const { field, text } of texts) {
    if (text === undefined) continue;
    const checked = await ctx.contentCheck.checkText({ text, accountId, field });
    if (!checked.ok) return checked;
  }
  return ok(undefined);
}

/** The task's reason: the rule that fired and the resolver's sentence (≤ 200 characters). */
export function taskReason(a: Assignment): TaskReason {
  return {
    ruleId: a.reason.ruleId ?? 'fallback.center',
    explanation: a.reason.detail.slice(0, 200),
  };
}

/** When an on-the-spot check asked for now is due: the end of the 3rd working day. */
export function verifyDueAt(ctx: AppContext, nowIso: string): string {
  return endOfLocalDay(ctx.calendar.addWorkingDays(toLocalDate(nowIso), VERIFY_WORKING_DAYS));
}

/**
 * Moves one task through the task machine inside `tx`: the guarded update and its audit
 * event. `ifVersion` makes a concurrent change fail the whole transaction (CONFLICT).
 */
export async function moveTask(
  ctx: AppContext,
  tx: StoreTx,
  task: TaskDoc,
  intent: Intent<TaskStatus>,
  actor: Actor,
  extra: { readonly note?: string; readonly cancelledReason?: string } = {},
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  const moved = intent(task, actor, { now, ...(extra.note ? { note: extra.note } : {}) });
  if (!moved.ok) return moved;
  const done = moved.value.status === 'done';
  const updated = await tx.update<TaskDoc>(
    'tasks',
    task._id,
    {
      status: moved.value.status,
      updatedAt: now,
      ...(done ? { doneAt: now } : {}),
      ...(extra.note ? { note: extra.note.slice(0, 500) } : {}),
      ...(extra.cancelledReason ? { cancelledReason: extra.cancelledReason } : {}),
    },
    { ifVersion: task._version },
  );
  if (!updated.ok) return updated;
  return appendEvent(ctx, tx, moved.value.event);
}

/**
 * Tells a named reporter who filed while signed in that their clue moved (they also see it on
 * the tracking page). Anonymous reporters and those without an account get no push: there is
 * nobody to address, and the tracking page shows every step anyway.
 */
export async function notifyReporter(
  ctx: AppContext,
  tx: StoreTx,
  clue: ClueDoc,
  body: string,
): Promise<Result<void>> {
  const r = clue.reporter;
  if (r.kind !== 'named' || r.accountId === undefined) return ok(undefined);
  const sent = await notify(ctx, tx, {
    townId: clue.townId,
    recipientId: r.accountId,
    template: 'clue.progress',
    title: '您反映的公益诉讼线索有新进展',
    body,
    link: { type: 'clue', id: clue._id },
  });
  return sent.ok ? ok(undefined) : err(sent.error);
}
