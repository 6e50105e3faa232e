/**
 * `submit`: a villager files a public-interest clue (公益诉讼线索) — signed in or not, named
 * or anonymous. One transaction stores the clue, its tracking code (查询码), the audit event,
 * the review task for the town's prosecutor liaison (检察联络员), the verification task (核实)
 * for the grid worker of the place and their pushes.
 *
 * Anonymity is kept all the way down: an anonymous clue stores no account — not in the clue,
 * not in the audit event (the reporter is always `reporter` there), not in the idempotency
 * record. That is why this action keeps its own idempotency record instead of dispatch's,
 * whose key carries the caller's account.
 */
import type { RuledDeadline } from '../../shared/calendar/deadlines';
import { clueReplyDeadlines } from '../../shared/calendar/deadlines';
import { CLUE_DOMAIN_LABELS, TRACKING_CODE_LENGTH } from '../../shared/clue/clue.catalog';
import { clueMachine } from '../../shared/clue/clue.machine';
import type { Clue, ClueReporter, SubmitClueInput } from '../../shared/clue/clue.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import { formatCode, makeCode } from '../../shared/validation/codes';
import type { NewEntity } from '../../shared/validation/entity';
import type { ActionCall } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import { createTask } from '../runtime/tasks';
import type { AppContext } from '../runtime/context';
import { loadGrid, loadRoutingDirectory } from '../runtime/directory';
import type { Tx } from '../store/store.port';
import { findDuplicates, MAX_DUPLICATE_LINKS } from './find-duplicate-clues';
import type { ClueCodeRecord } from './clue.records';
import { loadRoutingRules } from '../runtime/town-rules';
import { checkCluePhotos, checkTexts, verifyDue } from './clue.records';
import { taskReasonOf } from '../runtime/assignees';
import { REPORTER_ACTOR_ID, ROUTING_UNASSIGNED_ACTION, SUBMIT_ACTION, zhDate } from './clue.views';
import { CLUES, GRID_NODES } from '../store/collections';
import {
  DUPLICATE_REQUEST,
  firstReply,
  idempotencyKey,
  keepFirstReply,
} from '../runtime/idempotency';
import { attachPhotos } from '../runtime/photos';
import { clueCodeWriter, clueWriter } from './clue.collections';

/** A fresh code collides about once in 10^16; a few tries are more than enough. */
const CODE_ATTEMPTS = 5;
export const CODE_TAKEN = 'tracking-code-taken';

/** What the reporter is told: the code, the deadlines and what happens next, in plain words. */
export interface SubmitClueReply {
  readonly trackingCode: string;
  readonly anonymous: boolean;
  readonly receivedAt: string;
  readonly proceduralReplyDueAt: string;
  readonly resultDueAt: string;
  readonly message: string;
  readonly nextSteps: readonly string[];
}

function placeError(message: string): AppError {
  return appError('VALIDATION_FAILED', message, {
    fields: [{ field: 'place.gridNodeId', message }],
  });
}

/** The place's node, which must be in the caller's town; a caller without account takes its town. */
async function placeNode(
  ctx: AppContext,
  gridNodeId: string,
  callerTownId: string | null,
): Promise<Result<GridNode>> {
  const node = await GRID_NODES.get(ctx.store, gridNodeId);
  if (node === null || node.active === false) {
    return err(placeError('没有找到所选的村或网格，请重新选择'));
  }
  if (callerTownId !== null && node.townId !== callerTownId) {
    return err(placeError('所选的村或网格不在您所在的镇，请重新选择'));
  }
  return ok(node);
}

/**
 * A named clue of a signed-in reporter is keyed by their account; any other (anonymous, or
 * named by someone not signed in) by the requestId and the clue itself, naming nobody
 * (runtime/idempotency.ts): reusing someone's requestId never yields their tracking code.
 */
function clueRequestKey(
  requestId: string | undefined,
  input: SubmitClueInput,
  accountId: string | null,
): string | undefined {
  if (requestId === undefined) return undefined;
  const owner = input.reporter.kind === 'named' && accountId !== null ? accountId : null;
  return idempotencyKey('clue', 'submit', owner, requestId, input);
}

export function buildClueReply(
  code: string,
  anonymous: boolean,
  clue: NewEntity<Clue>,
): SubmitClueReply {
  const shown = formatCode(code);
  const { proceduralReplyDueAt, resultDueAt } = clue.deadlines;
  return {
    trackingCode: shown,
    anonymous,
    receivedAt: clue.createdAt,
    proceduralReplyDueAt,
    resultDueAt,
    message: `您的线索已经提交，查询码是 ${shown}，请抄下来或截图保存。`,
    nextSteps: [
      `检察机关会在${zhDate(proceduralReplyDueAt)}前答复您，${zhDate(resultDueAt)}前告诉您处理结果或进展。`,
      '网格员可能会到现场看一看，核实您反映的情况。',
      '凭查询码可以随时查看进度；检察官需要您补充情况时，也用查询码补充。',
      anonymous
        ? '您选择了匿名，系统不记录您的身份。查询码是查看进度的唯一凭证，丢了无法找回。'
        : '您的姓名和电话只有检察官能看到，不会告诉网格员和其他人。',
    ],
  };
}

/** Files a clue (see the module comment). */
export async function submitClue(
  ctx: AppContext,
  call: ActionCall<SubmitClueInput>,
): Promise<Result<SubmitClueReply>> {
  const { input } = call;
  const account = call.caller.account;
  const anonymous = input.reporter.kind === 'anonymous';

  const node = await placeNode(ctx, input.place.gridNodeId, account?.townId ?? null);
  if (!node.ok) return node;
  const townId = node.value.townId;

  // The content check sees the account only for a named clue; an anonymous one stays unlinked.
  const checked = await checkTexts(ctx, anonymous ? null : (account?._id ?? null), [
    { field: 'seen', text: input.seen },
    { field: 'place.text', text: input.place.text },
    { field: 'when.note', text: input.when.note },
    { field: 'party.name', text: input.party?.name },
    { field: 'party.description', text: input.party?.description },
  ]);
  if (!checked.ok) return checked;
  const photos = await checkCluePhotos(ctx, anonymous, account?._id ?? null, input.photos);
  if (!photos.ok) return photos;

  const key = clueRequestKey(call.requestId, input, account?._id ?? null);
  if (key !== undefined) {
    const first = await firstReply(ctx, key);
    if (first !== null) return ok(first.reply as SubmitClueReply);
  }

  const [grid, rules] = await Promise.all([loadGrid(ctx, townId), loadRoutingRules(ctx, townId)]);
  const directory = await loadRoutingDirectory(ctx, townId, {
    gridNodeId: node.value._id,
    rules,
  });
  const decision = route(
    { subject: 'clue', townId, gridNodeId: node.value._id, clueDomain: input.domain },
    directory,
    rules,
  );
  if (!decision.ok) return decision;
  const assignments = [decision.value.primary, ...decision.value.secondary];
  const duplicates = await findDuplicates(ctx, townId, input.domain, input.place, grid);

  const now = ctx.clock.nowIso();
  const calendar = await ctx.calendars.forTown(townId);
  const deadlines = clueReplyDeadlines(calendar, now);
  if (deadlines.uncoveredYears.length > 0) {
    ctx.log.warn(
      { townId, years: deadlines.uncoveredYears },
      'clue deadline counted without holiday data',
    );
  }
  const reporter: ClueReporter =
    input.reporter.kind === 'anonymous'
      ? { kind: 'anonymous' }
      : {
          kind: 'named',
          name: input.reporter.name,
          phone: input.reporter.phone,
          ...(account === null ? {} : { accountId: account._id }),
        };
  const liaison = assignments.find(
    (a) => a.taskKind === 'review_clue' && a.role === 'prosecutor_liaison',
  );
  const verifier = assignments.find((a) => a.taskKind === 'verify_clue');

  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
    const code = makeCode(TRACKING_CODE_LENGTH, (n) => ctx.ids.randomInt(n));
    const clue: NewEntity<Clue> = {
      _id: ctx.ids.newId('clue'),
      townId,
      createdAt: now,
      updatedAt: now,
      trackingCode: code,
      domain: input.domain,
      seen: input.seen,
      place: input.place,
      when: input.when,
      photos: input.photos,
      ...(input.party === undefined ? {} : { party: input.party }),
      reporter,
      status: clueMachine.initial,
      ...(liaison === undefined ? {} : { liaisonId: liaison.assigneeId }),
      ...(verifier === undefined ? {} : { verifierId: verifier.assigneeId }),
      deadlines: {
        proceduralReplyDueAt: deadlines.proceduralReplyDueAt,
        resultDueAt: deadlines.resultDueAt,
      },
      duplicateCandidates: duplicates,
      supplements: [],
    };
    const reply = buildClueReply(code, anonymous, clue);
    const verifyBy = verifyDue(calendar, now);
    const result = await call.transact(townId, (tx) =>
      storeClue(ctx, tx, {
        clue,
        reply,
        key,
        uploaderId: anonymous ? null : (account?._id ?? null),
        assignments,
        unassigned: decision.value.unassigned,
        verifyBy,
      }),
    );
    if (result.ok) return result;
    const reason = result.error.details?.reason;
    if (reason === CODE_TAKEN) continue;
    if (reason === DUPLICATE_REQUEST && key !== undefined) {
      const first = await firstReply(ctx, key);
      if (first !== null) return ok(first.reply as SubmitClueReply);
    }
    return result;
  }
  ctx.log.error({ townId }, 'no free tracking code after several attempts');
  return err(appError('INTERNAL'));
}

export interface ClueWrites {
  readonly clue: NewEntity<Clue>;
  readonly reply: SubmitClueReply;
  readonly key: string | undefined;
  /** Whose uploads the photos are (a signed-in named reporter), else null. */
  readonly uploaderId: string | null;
  readonly assignments: readonly Assignment[];
  readonly unassigned: readonly { readonly detail: string }[];
  /** When an on-the-spot check is due (its own deadline, counted again on a calendar change). */
  readonly verifyBy: RuledDeadline;
}

/** Everything the submission writes, inside its one transaction. */
export async function storeClue(
  ctx: AppContext,
  tx: Tx,
  w: ClueWrites,
): Promise<Result<SubmitClueReply>> {
  const { clue } = w;
  const now = clue.createdAt;
  const codeRecord: ClueCodeRecord & { _id: string } = {
    _id: clue.trackingCode,
    townId: clue.townId,
    clueId: clue._id,
    createdAt: now,
  };
  const taken = await clueCodeWriter.insert(tx, codeRecord);
  if (!taken.ok) return err(appError('CONFLICT', undefined, { reason: CODE_TAKEN }));
  const inserted = await clueWriter.insert(tx, clue);
  if (!inserted.ok) return inserted;
  // Only a signed-in named reporter sends photos (checkCluePhotos): attach them to the clue.
  if (w.uploaderId !== null && clue.photos.length > 0) {
    const attached = await attachPhotos(ctx, tx, w.uploaderId, clue.photos, {
      type: 'clue',
      id: clue._id,
    });
    if (!attached.ok) return attached;
  }

  const domainLabel = CLUE_DOMAIN_LABELS[clue.domain];
  const steps: Result<unknown>[] = [
    await appendEvent(ctx, tx, {
      townId: clue.townId,
      subjectType: 'clue',
      subjectId: clue._id,
      actorId: REPORTER_ACTOR_ID,
      actorRole: 'villager',
      action: SUBMIT_ACTION,
      from: null,
      to: clue.status,
      at: now,
      visibleToReporter: true,
    }),
  ];
  for (const a of w.assignments) {
    const verify = a.taskKind === 'verify_clue';
    // A review task's deadline is the clue's procedural reply, which the clue itself keeps.
    const dueAt = verify ? w.verifyBy.dueAt : clue.deadlines.proceduralReplyDueAt;
    steps.push(
      await createTask(ctx, tx, {
        townId: clue.townId,
        kind: a.taskKind,
        subject: { type: 'clue', id: clue._id },
        assigneeId: a.assigneeId,
        dueAt,
        ...(verify ? { dueRule: w.verifyBy.rule } : {}),
        reason: taskReasonOf(a),
        title: verify ? '请到现场核实一条公益诉讼线索' : '新的公益诉讼线索待审查',
        body: verify
          ? `${domainLabel}｜${clue.place.text}。请在${zhDate(dueAt)}前提交核实情况。`
          : `${domainLabel}｜${clue.place.text}。请在${zhDate(dueAt)}前答复举报人。`,
      }),
    );
  }
  // A secondary assignment nobody could take is recorded for the admin to fix the roster.
  for (const u of w.unassigned) {
    steps.push(
      await appendEvent(ctx, tx, {
        townId: clue.townId,
        subjectType: 'clue',
        subjectId: clue._id,
        actorId: 'system',
        actorRole: 'system',
        action: ROUTING_UNASSIGNED_ACTION,
        from: clue.status,
        to: clue.status,
        at: now,
        note: u.detail.slice(0, 2000),
        visibleToReporter: false,
      }),
    );
  }
  const failed = firstError(steps);
  if (failed !== null) return err(failed);
  const linked = await linkBack(tx, clue);
  if (!linked.ok) return linked;

  if (w.key !== undefined) {
    const kept = await keepFirstReply(ctx, tx, w.key, clue.townId, w.reply);
    if (!kept.ok) return kept;
  }
  return ok(w.reply);
}

/**
 * Possible duplicates are linked both ways: each earlier clue the new one was linked to gets
 * a link to the new one, in the same transaction, so its reviewer sees it too (up to the
 * schema's limit of links per clue).
 */
async function linkBack(tx: Tx, clue: NewEntity<Clue>): Promise<Result<void>> {
  for (const link of clue.duplicateCandidates) {
    const earlier = await CLUES.get(tx, link.clueId);
    if (earlier === null || earlier.townId !== clue.townId) continue;
    if (earlier.duplicateCandidates.length >= MAX_DUPLICATE_LINKS) continue;
    if (earlier.duplicateCandidates.some((d) => d.clueId === clue._id)) continue;
    const back = {
      clueId: clue._id,
      ...(link.distanceMeters === undefined ? {} : { distanceMeters: link.distanceMeters }),
      reason: link.reason,
    };
    const updated = await clueWriter.update(
      tx,
      earlier._id,
      { duplicateCandidates: [...earlier.duplicateCandidates, back] },
      { ifVersion: earlier._version },
    );
    if (!updated.ok) return updated;
  }
  return ok(undefined);
}
