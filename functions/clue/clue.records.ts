/**
 * Reading what the clue (公益诉讼线索) use cases decide on, always before their one
 * transaction: the clue itself (parsed, so a drifted row fails loudly), its tasks, its
 * reporter-visible and staff timelines, and the town's routing rules.
 */
import { instantMs } from '../../shared/calendar/china-time';
import type { RuledDeadline } from '../../shared/calendar/deadlines';
import { workingDaysAfter } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { Clue } from '../../shared/clue/clue.schema';
import { clueSchema } from '../../shared/clue/clue.schema';
import type { AuditEvent } from '../../shared/kernel/audit';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Task } from '../../shared/task/task.schema';
import { taskSchema } from '../../shared/task/task.schema';
import type { AppContext } from '../runtime/context';
import type { StoredDoc } from '../store/store.port';
import { AUDIT_EVENTS, CLUES, CLUE_CODES, TASKS } from '../store/collections';
import { checkOwnPhotos } from '../runtime/photos';

export type ClueDoc = StoredDoc<Clue>;
export type TaskDoc = StoredDoc<Task>;

/** A tracking code (查询码) taken by a clue; the code is the `_id`, so it is unique. */
export interface ClueCodeRecord {
  readonly townId: string;
  readonly clueId: string;
  readonly createdAt: string;
}

const NOT_FOUND_MESSAGE = '没有找到这条线索';

/** The clue by id, parsed; NOT_FOUND when there is none. */
export async function loadClue(ctx: AppContext, clueId: string): Promise<Result<ClueDoc>> {
  const doc = await CLUES.get(ctx.store, clueId);
  if (doc === null) return err(appError('NOT_FOUND', NOT_FOUND_MESSAGE));
  const parsed = clueSchema.safeParse(doc);
  if (!parsed.success) {
    ctx.log.error({ clueId, issues: parsed.error.issues.slice(0, 5) }, 'stored clue is malformed');
    return err(appError('INTERNAL'));
  }
  return ok(parsed.data as ClueDoc);
}

/**
 * The clue a staff member may open: in their own town, else NOT_FOUND — another town's
 * staff are not even told that the clue exists.
 */
export async function loadClueInTown(
  ctx: AppContext,
  clueId: string,
  townId: string,
): Promise<Result<ClueDoc>> {
  const clue = await loadClue(ctx, clueId);
  if (clue.ok && clue.value.townId !== townId) {
    return err(appError('NOT_FOUND', NOT_FOUND_MESSAGE));
  }
  return clue;
}

/** The clue a tracking code (already normalized and checked) belongs to; NOT_FOUND otherwise. */
export async function loadClueByCode(ctx: AppContext, code: string): Promise<Result<ClueDoc>> {
  const record = await CLUE_CODES.get(ctx.store, code);
  if (record === null) {
    return err(
      appError('NOT_FOUND', '没有找到这个查询码对应的线索，请核对查询码后再试', {
        fields: [{ field: 'trackingCode', message: '没有找到这个查询码' }],
      }),
    );
  }
  return loadClue(ctx, record.clueId);
}

/** Every task made for the clue (review, verification), oldest first. */
export async function loadClueTasks(ctx: AppContext, clueId: string): Promise<TaskDoc[]> {
  const page = await TASKS.query(ctx.store, {
    where: { 'subject.type': 'clue', 'subject.id': clueId },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 200,
  });
  return page.docs.map((doc) => taskSchema.parse(doc) as TaskDoc);
}

/**
 * The clue's audit events, oldest first. Events written in one transaction share their
 * instant and their ids then tie at random, so the submission is put first among equals.
 */
export async function loadClueEvents(ctx: AppContext, clueId: string): Promise<AuditEvent[]> {
  const page = await AUDIT_EVENTS.query(ctx.store, {
    where: { subjectType: 'clue', subjectId: clueId },
    orderBy: { path: 'at', order: 'asc' },
    limit: 500,
  });
  const rank = (e: AuditEvent) => (e.from === null ? 0 : 1);
  // Array.prototype.sort is stable, so the store's order holds otherwise.
  return [...page.docs].sort((a, b) => instantMs(a.at) - instantMs(b.at) || rank(a) - rank(b));
}

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

/** When an on-the-spot check asked for now is due: the end of the 3rd working day, with its rule. */
export function verifyDue(calendar: WorkingCalendar, nowIso: string): RuledDeadline {
  return workingDaysAfter(calendar, nowIso, VERIFY_WORKING_DAYS);
}
