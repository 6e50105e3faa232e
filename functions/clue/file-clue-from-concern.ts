/**
 * A concern (说事) handed to the procuratorate becomes a real clue (公益诉讼线索) in the
 * liaison's queue, with the same routing, deadlines (件件有回复), duplicate links and tasks as
 * one a villager files. The concept that holds the concern calls `prepareClueFromConcern`
 * before its transaction (reads only) and `storeClueFromConcern` inside it, so the transfer
 * and the clue are written together or not at all.
 *
 * The villager is named to the prosecutor only when they agreed (the sender asked them);
 * otherwise the clue is anonymous like any anonymous clue, and the villager follows it by the
 * tracking code the concern's notice gives them.
 */
import { clueReplyDeadlines } from '../../shared/calendar/deadlines';
import { toLocalDate } from '../../shared/calendar/china-time';
import type { ClueDomainCode } from '../../shared/clue/clue.catalog';
import { TRACKING_CODE_LENGTH } from '../../shared/clue/clue.catalog';
import { clueMachine } from '../../shared/clue/clue.machine';
import type { Clue, ClueReporter } from '../../shared/clue/clue.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { route } from '../../shared/routing/routing.resolver';
import { formatCode, makeCode } from '../../shared/validation/codes';
import type { NewEntity } from '../../shared/validation/entity';
import type { AppContext } from '../runtime/context';
import { loadGrid, loadRoutingDirectory } from '../runtime/directory';
import { loadRoutingRules } from '../runtime/town-rules';
import { CLUE_CODES } from '../store/collections';
import type { Tx } from '../store/store.port';
import { verifyDue } from './clue.records';
import { findDuplicates } from './find-duplicate-clues';
import type { ClueWrites } from './submit-clue';
import { buildClueReply, storeClue } from './submit-clue';

/** What the concern gives the clue. */
export interface ConcernFacts {
  readonly concernId: string;
  readonly townId: string;
  readonly domain: ClueDomainCode;
  readonly text: string;
  readonly createdAt: string;
  readonly photos: readonly string[];
  readonly place: {
    readonly gridNodeId: string;
    readonly text: string;
    readonly coordinates?: { readonly lat: number; readonly lng: number };
  };
  /** The villager, when they agreed to be named and have a phone the prosecutor can call. */
  readonly named: {
    readonly name: string;
    readonly phone: string;
    readonly accountId: string;
  } | null;
}

/** A clue ready to store: its record, tasks and the code the villager will be given. */
export interface PreparedClue {
  readonly writes: ClueWrites;
  readonly trackingCode: string;
}

const CODE_ATTEMPTS = 5;

/** Routes and builds the clue (reads only; see the module comment). */
export async function prepareClueFromConcern(
  ctx: AppContext,
  facts: ConcernFacts,
): Promise<Result<PreparedClue>> {
  const { townId } = facts;
  const [grid, directory, rules] = await Promise.all([
    loadGrid(ctx, townId),
    loadRoutingDirectory(ctx, townId),
    loadRoutingRules(ctx, townId),
  ]);
  const decision = route(
    { subject: 'clue', townId, gridNodeId: facts.place.gridNodeId, clueDomain: facts.domain },
    directory,
    rules,
  );
  if (!decision.ok) return decision;
  const assignments = [decision.value.primary, ...decision.value.secondary];
  const place: Clue['place'] = {
    text: facts.place.text.slice(0, 100),
    gridNodeId: facts.place.gridNodeId,
    ...(facts.place.coordinates === undefined ? {} : { coordinates: facts.place.coordinates }),
  };
  const duplicates = await findDuplicates(ctx, townId, facts.domain, place, grid);
  const now = ctx.clock.nowIso();
  const calendar = await ctx.calendars.forTown(townId);
  const deadlines = clueReplyDeadlines(calendar, now);
  const reporter: ClueReporter =
    facts.named === null ? { kind: 'anonymous' } : { kind: 'named', ...facts.named };
  const liaison = assignments.find(
    (a) => a.taskKind === 'review_clue' && a.role === 'prosecutor_liaison',
  );
  const verifier = assignments.find((a) => a.taskKind === 'verify_clue');

  // A free code, checked before the transaction; the transaction's insert still guards it.
  let code: string | null = null;
  for (let attempt = 0; attempt < CODE_ATTEMPTS && code === null; attempt += 1) {
    const candidate = makeCode(TRACKING_CODE_LENGTH, (n) => ctx.ids.randomInt(n));
    if ((await CLUE_CODES.get(ctx.store, candidate)) === null) code = candidate;
  }
  if (code === null) return err(appError('INTERNAL'));

  const clue: NewEntity<Clue> = {
    _id: ctx.ids.newId('clue'),
    townId,
    createdAt: now,
    updatedAt: now,
    trackingCode: code,
    domain: facts.domain,
    seen: facts.text,
    place,
    when: {
      date: toLocalDate(facts.createdAt),
      ongoing: false,
      note: '村民说事时反映的情况（网格员转来）',
    },
    photos: [...facts.photos],
    reporter,
    status: clueMachine.initial,
    ...(liaison === undefined ? {} : { liaisonId: liaison.assigneeId }),
    ...(verifier === undefined ? {} : { verifierId: verifier.assigneeId }),
    deadlines: {
      proceduralReplyDueAt: deadlines.proceduralReplyDueAt,
      resultDueAt: deadlines.resultDueAt,
    },
    duplicateCandidates: duplicates,
    concernId: facts.concernId,
    supplements: [],
  };
  return ok({
    trackingCode: formatCode(code),
    writes: {
      clue,
      reply: buildClueReply(code, facts.named === null, clue),
      key: undefined,
      // The photos stay attached to the concern they were uploaded for.
      uploaderId: null,
      assignments,
      unassigned: decision.value.unassigned,
      verifyBy: verifyDue(calendar, now),
    },
  });
}

/** Stores a prepared clue inside the caller's transaction; its id and the code to give. */
export async function storeClueFromConcern(
  ctx: AppContext,
  tx: Tx,
  prepared: PreparedClue,
): Promise<Result<{ readonly clueId: string; readonly trackingCode: string }>> {
  const stored = await storeClue(ctx, tx, prepared.writes);
  if (!stored.ok) return stored;
  return ok({ clueId: prepared.writes.clue._id, trackingCode: prepared.trackingCode });
}
