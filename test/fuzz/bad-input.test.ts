/**
 * Generated bad input for every action of every registered function, from every kind of
 * caller: only 4xx-class replies with a Chinese message (and, for validation, the fields),
 * never INTERNAL, and a refused call leaves the store exactly as it was.
 */
import fc from 'fast-check';
import type { CallReply } from '../../shared/kernel/envelope';
import { HTTP_STATUS } from '../../shared/kernel/errors';
import { FUNCTIONS } from '../../functions/registry';
import { COLLECTIONS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

let h: Harness;
let town: TestTown;

beforeAll(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterAll(() => h.close());

/**
 * Every stored document of every collection, in a stable order. Sessions are left out: over
 * HTTP the harness signs each caller in on first use, which is transport, not the call.
 */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const { name } of COLLECTIONS.filter(
    (c) => c.name !== 'sessions' && c.name !== 'rate_counters',
  )) {
    let cursor: string | null = null;
    do {
      const page: { docs: object[]; nextCursor: string | null } = await h.store.query(name, {
        limit: 1000,
        cursor,
      });
      parts.push(name, JSON.stringify(page.docs));
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  return parts.join('\n');
}

/** Values that are wrong in the ways real clients get them wrong. */
const badValue = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.constantFrom('', ' ', '\u0000', '<script>', '1'.repeat(5000), '13800000000', '2025-02-30'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}),
);
const badData = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom(
      'text',
      'kind',
      'topic',
      'gridNodeId',
      'phone',
      'name',
      'id',
      'concernId',
      'taskId',
      'roomId',
      'code',
      'note',
      'cursor',
      'limit',
      'domain',
    ),
    badValue,
  ),
);

const callers = () =>
  [
    null,
    town.people.villager,
    town.people.villageGridWorker,
    town.people.mediator,
    town.people.prosecutor,
    town.people.centre,
    town.people.admin,
  ] as const;

const actions = FUNCTIONS.flatMap((fn) =>
  Object.keys(fn.actions).map((action) => [fn.name, action] as const),
);

describe('bad input never crashes a function', () => {
  it('covers every function of the product', () => {
    expect(FUNCTIONS.map((f) => f.name).sort()).toEqual(
      [
        'account',
        'admin',
        'clue',
        'concern',
        'deadlines',
        'learning',
        'mediation',
        'outbox',
        'reminders',
        'stats',
        'task',
      ].sort(),
    );
    expect(actions.length).toBeGreaterThan(50);
  });

  it.each(actions)(
    '%s.%s answers generated bad input with a Chinese 4xx and changes nothing',
    async (fnName, action) => {
      const fn = FUNCTIONS.find((f) => f.name === fnName)!;
      await fc.assert(
        fc.asyncProperty(badData, fc.integer({ min: 0, max: 6 }), async (data, who) => {
          const before = await snapshot();
          const caller = callers()[who] ?? null;
          const reply: CallReply = await h.call(fn, action, data, { as: caller });
          if (reply.ok) return; // some inputs are valid (e.g. an empty listing); nothing to refuse
          expect(reply.error.code).not.toBe('INTERNAL');
          expect(HTTP_STATUS[reply.error.code]).toBeGreaterThanOrEqual(400);
          expect(HTTP_STATUS[reply.error.code]).toBeLessThan(500);
          expect(reply.error.message).toMatch(/\p{Script=Han}/u);
          if (reply.error.code === 'VALIDATION_FAILED') {
            expect(reply.error.details?.fields?.length ?? 0).toBeGreaterThan(0);
          }
          expect(await snapshot()).toBe(before);
        }),
        { numRuns: 25 },
      );
    },
  );
});
