/**
 * Small pieces the clue (公益诉讼线索) use cases share: the content check of a villager's
 * text, the due time of an on-the-spot check, and the push that tells a named reporter of a
 * step.
 */
import { endOfLocalDay, toLocalDate } from '../../shared/calendar/china-time';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { appError } from '../../shared/kernel/errors';
import type { AppContext } from '../runtime/context';
import { checkOwnPhotos } from '../runtime/photos';
import { notify } from '../runtime/outbox';
import type { Tx } from '../store/store.port';
import type { ClueDoc } from './clue.records';

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

/** When an on-the-spot check asked for now is due: the end of the 3rd working day. */
export function verifyDueAt(ctx: AppContext, nowIso: string): string {
  return endOfLocalDay(ctx.calendar.addWorkingDays(toLocalDate(nowIso), VERIFY_WORKING_DAYS));
}

/**
 * Tells a named reporter who filed while signed in that their clue moved (they also see it on
 * the tracking page). Anonymous reporters and those without an account get no push: there is
 * nobody to address, and the tracking page shows every step anyway.
 */
export async function notifyReporter(
  ctx: AppContext,
  tx: Tx,
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
