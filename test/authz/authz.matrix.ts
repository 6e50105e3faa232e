/**
 * The authorization matrix (权限矩阵): every action of every registered function, tried by
 * every kind of caller, each on a fresh in-memory world, with the set of callers who get
 * through asserted exactly — so a change in access shows up as a diff of caller names.
 *
 * Classification (decided here, used by every row):
 * - allowed ⇔ the reply is ok. Inputs are built valid enough that an allowed caller gets ok;
 *   a row may name extra non-authorization codes (`tolerate`, e.g. CONFLICT) that still count
 *   as "got past the checks" when the caller's attempt legitimately cannot succeed.
 * - refused ⇔ UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND (used to hide another town's or
 *   someone else's record). Any other failure is neither, and fails the row loudly, so a
 *   badly built input can never pass for a refusal.
 */
import type { FunctionDef } from '../../functions/runtime/action';
import type { StoredDoc } from '../../functions/store/store.port';
import type { Account } from '../../shared/account/account.schema';
import type { ErrorCode } from '../../shared/kernel/errors';
import type { CallReply } from '../../shared/kernel/envelope';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestRooms } from '../factories/rooms';
import { createTestRooms } from '../factories/rooms';
import type { TestTown } from '../factories/town';
import { accountRecord, createTestTown } from '../factories/town';

/** One fresh world: town A (where every subject lives), its rooms, and town B. */
export interface World {
  readonly h: Harness;
  readonly town: TestTown;
  readonly rooms: TestRooms;
  readonly otherTown: TestTown;
  /** Town B's staff member, holding every role of a town (not the county's). */
  readonly outsider: StoredDoc<Account>;
}

/**
 * Every caller of the matrix, by the name the expectations use. `sameGrid` is the grid
 * worker of the subject's village (张网格, who is also that village's mediator); `otherGrid`
 * works the other community; `otherTown` holds every town role but in town B, so only town
 * scoping can refuse it.
 */
export const CALLERS = [
  'anonymous',
  'villager',
  'neighbour',
  'sameGrid',
  'otherGrid',
  'mediator',
  'legalAdviser',
  'landOfficer',
  'liaison',
  'prosecutor',
  'centre',
  'admin',
  'county',
  'otherTown',
] as const;
export type CallerName = (typeof CALLERS)[number];

/** The account behind a caller name (null: anonymous). */
export function accountOf(w: World, name: CallerName): StoredDoc<Account> | null {
  const p = w.town.people;
  switch (name) {
    case 'anonymous':
      return null;
    case 'villager':
      return p.villager;
    case 'neighbour':
      return p.neighbour;
    case 'sameGrid':
      return p.villageGridWorker;
    case 'otherGrid':
      return p.otherCommunityGridWorker;
    case 'mediator':
      return p.mediator;
    case 'legalAdviser':
      return p.legalAdviser;
    case 'landOfficer':
      return p.landOfficer;
    case 'liaison':
      return p.liaison;
    case 'prosecutor':
      return p.prosecutor;
    case 'centre':
      return p.centre;
    case 'admin':
      return p.admin;
    case 'county':
      return p.county;
    case 'otherTown':
      return w.outsider;
  }
}

/** Builds a fresh world: towns A and B, A's rooms and B's all-roles staff member. */
export async function createWorld(): Promise<World> {
  const h = createHarness();
  const town = await createTestTown(h.store);
  const rooms = await createTestRooms(h.store, town);
  const otherTown = await createTestTown(h.store, 'town-b');
  const { _version: _drop, ...record } = accountRecord(
    'town-b',
    'town-b-all-roles',
    '外镇全能',
    [
      'villager',
      'grid_worker',
      'mediator',
      'legal_adviser',
      'dept_officer',
      'prosecutor_liaison',
      'prosecutor',
      'center_operator',
      'admin',
    ],
    [otherTown.town._id],
    { departmentId: 'natural_resources' },
  );
  const stored = await h.store.insert<Omit<Account, '_version'>>('accounts', record);
  if (!stored.ok) throw new Error(`outsider insert failed: ${stored.error.message}`);
  return { h, town, rooms, otherTown, outsider: stored.value as StoredDoc<Account> };
}

/**
 * Builds the input of one attempt (creating the subject it needs) in a fresh world. Most
 * rows ignore `caller`; a few send what that kind of caller would (staff file a concern as
 * 代办, naming the villager).
 */
export type Build = (w: World, caller: CallerName) => Promise<unknown>;

export interface MatrixRow {
  readonly fn: FunctionDef;
  readonly action: string;
  /** What the attempt is, in words (shown in the test name). */
  readonly about: string;
  readonly build: Build;
  /** The callers whose attempt must get through — exactly these. */
  readonly allowed: readonly CallerName[];
  /** Non-authorization failures that still count as allowed (documented per row). */
  readonly tolerate?: readonly ErrorCode[];
  /**
   * Failures that count as a refusal for this row besides REFUSALS (documented per row, e.g.
   * VALIDATION_FAILED naming a field that points at another town's record).
   */
  readonly refusedAs?: readonly ErrorCode[];
}

/** The codes that mean "you may not" (NOT_FOUND hides what a caller may not know exists). */
export const REFUSALS: readonly ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'];

export type Outcome = 'ok' | ErrorCode;

/** The outcome of one reply. */
export function outcomeOf(reply: CallReply): Outcome {
  return reply.ok ? 'ok' : reply.error.code;
}

/** Runs one attempt of `row` as `caller` in a fresh world; answers the outcome. */
export async function attempt(row: MatrixRow, caller: CallerName): Promise<Outcome> {
  const w = await createWorld();
  try {
    const input = await row.build(w, caller);
    const reply = await w.h.call(row.fn, row.action, input, { as: accountOf(w, caller) });
    return outcomeOf(reply);
  } finally {
    await w.h.close();
  }
}

/** Every caller's outcome for `row`, each on its own world. */
export async function outcomes(row: MatrixRow): Promise<Record<CallerName, Outcome>> {
  const out = {} as Record<CallerName, Outcome>;
  for (const caller of CALLERS) out[caller] = await attempt(row, caller);
  return out;
}

/** Sorted copy, so expectations read as a diff of names. */
export const sorted = (names: Iterable<string>): string[] => [...names].sort();

/**
 * Splits outcomes into the callers who got through and any reply that is neither allowed
 * nor an authorization refusal (which must be empty: a broken input is not a refusal).
 */
export function classify(row: MatrixRow, got: Record<CallerName, Outcome>) {
  const tolerated = new Set<Outcome>(['ok', ...(row.tolerate ?? [])]);
  const allowed: string[] = [];
  const unexplained: string[] = [];
  for (const caller of CALLERS) {
    const outcome = got[caller];
    if (tolerated.has(outcome)) allowed.push(caller);
    else if (![...REFUSALS, ...(row.refusedAs ?? [])].includes(outcome as ErrorCode))
      unexplained.push(`${caller}:${outcome}`);
  }
  return { allowed: sorted(allowed), unexplained };
}

/** The callers of the matrix minus `names` (for "everyone but …" rows). */
export function everyoneBut(...names: CallerName[]): CallerName[] {
  return CALLERS.filter((c) => !names.includes(c));
}

/** Every signed-in caller (for `account` actions whose answer is one's own data). */
export const SIGNED_IN: readonly CallerName[] = everyoneBut('anonymous');

/**
 * Declares one jest test per row: the allowed set equals the row's, exactly, and no reply
 * is an unexplained failure. `failing` rows are known bugs (see the `// BUG:` comments).
 */
export function describeMatrix(title: string, rows: readonly (MatrixRow & { bug?: string })[]) {
  describe(title, () => {
    for (const row of rows) {
      const name = `${row.fn.name}.${row.action} — ${row.about}: ${
        row.allowed.length === 0 ? 'nobody' : sorted(row.allowed).join(', ')
      }`;
      const body = async () => {
        const got = await outcomes(row);
        const { allowed, unexplained } = classify(row, got);
        if (process.env.AUTHZ_DEBUG) console.log(`${row.fn.name}.${row.action}`, got);
        expect({ allowed, unexplained }).toEqual({ allowed: sorted(row.allowed), unexplained: [] });
      };
      if (row.bug !== undefined) it.failing(`${name} [BUG: ${row.bug}]`, body, 30_000);
      else it(name, body, 30_000);
    }
  });
}
