/**
 * Reading clues (公益诉讼线索): the public tracking page (查询进度) by code, a named reporter's
 * own list, the review queue, and one clue as its viewer may see it (clue.views.ts). A
 * prosecutor's read of a named reporter's identity is audited (`read_protected`).
 */
import type { z } from 'zod';
import { clueMachine, CLUE_GROUPS } from '../../shared/clue/clue.machine';
import type {
  getClueInputSchema,
  listCluesForReviewInputSchema,
  listMyCluesInputSchema,
  trackClueInputSchema,
} from '../../shared/clue/clue.schema';
import { clueSchema } from '../../shared/clue/clue.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Actor } from '../../shared/kernel/roles';
import { stateLabel } from '../../shared/machine/machine';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { photoLinks } from '../runtime/photos';
import { cursorFits } from '../store/store.cursor';
import type { Query } from '../store/store.port';
import type { ClueDoc } from './clue.records';
import {
  loadClue,
  loadClueByCode,
  loadClueEvents,
  loadClueInTown,
  loadClueTasks,
} from './clue.records';
import type { ClueViewer, DuplicateView } from './clue.views';
import {
  READ_PROTECTED_ACTION,
  toMyClueItem,
  cluePhotoIds,
  toReviewerView,
  toReviewItem,
  toTrackView,
  toVerifierView,
} from './clue.views';
import { CLUES } from '../store/collections';

type Input<S extends z.ZodType> = z.output<S>;

/** `track`: the public tracking page, by code; a wrong code is NOT_FOUND. */
export async function trackClue(
  ctx: AppContext,
  call: ActionCall<Input<typeof trackClueInputSchema>>,
) {
  const clue = await loadClueByCode(ctx, call.input.trackingCode);
  if (!clue.ok) return clue;
  const events = await loadClueEvents(ctx, clue.value._id);
  return ok(toTrackView(clue.value, events));
}

function badCursor() {
  const message = '翻页位置已失效，请从第一页重新查看';
  return err(appError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', message }] }));
}

function parseClues(docs: readonly object[]): ClueDoc[] {
  return docs.map((doc) => clueSchema.parse(doc) as ClueDoc);
}

/** `listMine`: a named reporter's own clues, newest first (anonymous ones are tied to nobody). */
export async function listMyClues(
  ctx: AppContext,
  call: ActionCall<Input<typeof listMyCluesInputSchema>>,
) {
  const { account } = signedIn(call);
  const query: Query = {
    where: { 'reporter.accountId': account._id },
    orderBy: { path: 'createdAt', order: 'desc' },
    limit: call.input.limit,
    cursor: call.input.cursor ?? null,
  };
  if (!cursorFits('clues', query)) return badCursor();
  const page = await CLUES.query(ctx.store, query);
  const mine = parseClues(page.docs).filter((c) => c.townId === account.townId);
  return ok({ items: mine.map(toMyClueItem), nextCursor: page.nextCursor });
}

/** `listForReview`: the town's clues by status (default: all still under review), oldest first. */
export async function listCluesForReview(
  ctx: AppContext,
  call: ActionCall<Input<typeof listCluesForReviewInputSchema>>,
) {
  const { actor } = signedIn(call);
  const { status, domain, limit, cursor } = call.input;
  const query: Query = {
    where: {
      townId: actor.townId,
      status: status ?? { in: [...CLUE_GROUPS.pendingReview] },
      ...(domain === undefined ? {} : { domain }),
    },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit,
    cursor: cursor ?? null,
  };
  if (!cursorFits('clues', query)) return badCursor();
  const page = await CLUES.query(ctx.store, query);
  const now = ctx.clock.nowIso();
  const calendar = await ctx.calendars.forTown(actor.townId);
  return ok({
    items: parseClues(page.docs).map((c) => toReviewItem(c, now, calendar)),
    nextCursor: page.nextCursor,
  });
}

/** Which view a staff member gets; the strongest of their roles wins. */
function viewerOf(actor: Actor): Exclude<ClueViewer, 'verifier'> | null {
  if (actor.roles.includes('prosecutor')) return 'prosecutor';
  if (actor.roles.includes('prosecutor_liaison')) return 'liaison';
  if (actor.roles.includes('center_operator')) return 'centre';
  return null;
}

async function duplicatesOf(ctx: AppContext, clue: ClueDoc): Promise<DuplicateView[]> {
  const out: DuplicateView[] = [];
  for (const link of clue.duplicateCandidates) {
    const other = await loadClue(ctx, link.clueId);
    const same = other.ok && other.value.townId === clue.townId ? other.value : null;
    out.push({
      clueId: link.clueId,
      reason: link.reason,
      distanceMeters: link.distanceMeters ?? null,
      status: same?.status ?? null,
      statusLabel: same === null ? null : stateLabel(clueMachine, same.status),
      placeText: same?.place.text ?? null,
      receivedAt: same?.createdAt ?? null,
    });
  }
  return out;
}

/**
 * `get`: one clue for a prosecutor, liaison or centre operator of its town, or for the grid
 * worker holding a 核实 task on it. Another town's staff get NOT_FOUND.
 */
export async function getClue(
  ctx: AppContext,
  call: ActionCall<Input<typeof getClueInputSchema>>,
): Promise<Result<unknown>> {
  const { actor } = signedIn(call);
  const loaded = await loadClueInTown(ctx, call.input.clueId, actor.townId);
  if (!loaded.ok) return loaded;
  const clue = loaded.value;
  const viewer = viewerOf(actor);
  const events = await loadClueEvents(ctx, clue._id);

  if (viewer === null) {
    const tasks = await loadClueTasks(ctx, clue._id);
    // The latest 核实 task of this grid worker, open or done (a cancelled one no longer counts).
    const task = [...tasks]
      .reverse()
      .find(
        (t) =>
          t.kind === 'verify_clue' &&
          t.assigneeId === actor.accountId &&
          (isPending(t) || t.doneAt !== undefined),
      );
    if (task === undefined) {
      return err(
        appError('FORBIDDEN', '您没有核实这条线索的任务，不能查看', { reason: 'no_task' }),
      );
    }
    const asked = [...events].reverse().find((e) => e.action === 'requestVerification');
    const links = await photoLinks(ctx, actor.accountId, cluePhotoIds(clue));
    return ok(toVerifierView(clue, task, asked?.note ?? null, links));
  }

  if (viewer === 'prosecutor' && clue.reporter.kind === 'named') {
    // Reading a named reporter's identity is logged before it is shown.
    const now = ctx.clock.nowIso();
    const logged = await call.transact(clue.townId, async (tx) =>
      appendEvent(ctx, tx, {
        townId: clue.townId,
        subjectType: 'clue',
        subjectId: clue._id,
        actorId: actor.accountId,
        actorRole: 'prosecutor',
        action: READ_PROTECTED_ACTION,
        from: clue.status,
        to: clue.status,
        at: now,
        note: '查看实名举报人的姓名和电话',
        visibleToReporter: false,
      }),
    );
    if (!logged.ok) return logged;
  }
  const duplicates = await duplicatesOf(ctx, clue);
  return ok(
    toReviewerView(clue, viewer, {
      roles: actor.roles,
      duplicates,
      events,
      nowIso: ctx.clock.nowIso(),
      calendar: await ctx.calendars.forTown(clue.townId),
      links: await photoLinks(ctx, actor.accountId, cluePhotoIds(clue)),
    }),
  );
}
