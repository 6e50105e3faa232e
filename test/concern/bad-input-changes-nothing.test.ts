/**
 * Bad input to any concern action is refused with VALIDATION_FAILED, a Chinese message and
 * the field, and leaves the store as it was. A property test throws random input at submit.
 */
import fc from 'fast-check';
import { concernFunction } from '../../functions/concern/concern.function';
import { CONCERN_KINDS, CONCERN_TOPICS } from '../../shared/concern/concern.kinds';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { counts, reportStreetLight } from './concern.steps';

let h: Harness;
let town: TestTown;
let concernId: string;

beforeAll(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  ({ id: concernId } = await reportStreetLight(h, town));
});
afterAll(() => h.close());

const HAN = /\p{Script=Han}/u;

describe('bad input to each action', () => {
  type Who = 'villager' | 'villageGridWorker' | 'centre';
  const cases: [string, Who, () => unknown, string][] = [
    [
      'submit',
      'villager',
      () => ({ kind: 'gossip', text: '路灯坏了好几天了', place: { gridNodeId: 'x' } }),
      'kind',
    ],
    [
      'submit',
      'villager',
      () => ({ kind: 'help', text: '灯坏', place: { gridNodeId: 'x' } }),
      'text',
    ],
    ['submit', 'villager', () => ({ kind: 'help', text: '路灯坏了好几天了' }), 'place'],
    ['listMine', 'villager', () => ({ limit: 0 }), 'limit'],
    ['get', 'villager', () => ({}), 'concernId'],
    ['get', 'villageGridWorker', () => ({ concernId, revealPhone: 'yes' }), 'revealPhone'],
    ['similarOpen', 'villager', () => ({ gridNodeId: town.villages[0]![0]!._id }), 'topic'],
    ['listAssigned', 'centre', () => ({ status: 'lost' }), 'status'],
    ['accept', 'villageGridWorker', () => ({ concernId: '' }), 'concernId'],
    ['start', 'villageGridWorker', () => ({ concernId: 'bad id!' }), 'concernId'],
    ['resolve', 'villageGridWorker', () => ({ concernId }), 'note'],
    [
      'transfer',
      'villageGridWorker',
      () => ({ concernId, target: { to: 'department' }, note: '转国土所' }),
      'target.departmentId',
    ],
    [
      'reject',
      'villageGridWorker',
      () => ({ concernId, reasonCode: 'duplicate', reason: '重复反映' }),
      'duplicateOf',
    ],
    [
      'requestExtension',
      'villageGridWorker',
      () => ({ concernId, reason: '等材料', workingDays: 11 }),
      'workingDays',
    ],
    ['rate', 'villager', () => ({ concernId, result: 'great' }), 'result'],
    ['supervise', 'centre', () => ({ concernId }), 'note'],
  ];

  it.each(cases)('%s by %s refuses, naming the field', async (action, who, data, field) => {
    const before = await counts(h, town.townId);
    const reply = await h.call(concernFunction, action, data(), { as: town.people[who] });
    if (reply.ok) throw new Error(`${action} accepted bad input`);
    expect(reply.error.code).toBe('VALIDATION_FAILED');
    expect(reply.error.message).toMatch(HAN);
    expect(reply.error.details?.fields?.map((f) => f.field)).toContain(field);
    expect(await counts(h, town.townId)).toEqual(before);
  });

  it('a rejection naming a duplicate that does not exist is refused', async () => {
    const before = await counts(h, town.townId);
    const reply = await h.call(
      concernFunction,
      'reject',
      { concernId, reasonCode: 'duplicate', reason: '重复反映', duplicateOf: 'concern_none' },
      { as: town.people.villageGridWorker },
    );
    expect(reply.ok ? [] : reply.error.details?.fields?.map((f) => f.field)).toEqual([
      'duplicateOf',
    ]);
    expect(await counts(h, town.townId)).toEqual(before);
  });
});

describe('random input to submit', () => {
  it('is either stored once or refused in Chinese with the store unchanged', async () => {
    const village = town.villages[0]![0]!._id;
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.anything());
    const submission = fc.oneof(
      fc.anything(),
      fc.record(
        {
          kind: maybe(fc.constantFrom(...CONCERN_KINDS)),
          topic: maybe(fc.constantFrom(...CONCERN_TOPICS)),
          text: maybe(fc.string({ minLength: 0, maxLength: 40 })),
          place: maybe(
            fc.record(
              { gridNodeId: fc.constantFrom(village, 'nowhere', '') },
              { requiredKeys: [] },
            ),
          ),
          emergency: maybe(fc.boolean()),
          photos: maybe(fc.array(fc.string(), { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(submission, async (data) => {
        const before = await counts(h, town.townId);
        const reply = await h.call(concernFunction, 'submit', data, { as: town.people.villager });
        const after = await counts(h, town.townId);
        if (reply.ok) {
          expect(after.concerns).toBe(before.concerns + 1);
          return;
        }
        expect(['VALIDATION_FAILED', 'CONTENT_REJECTED']).toContain(reply.error.code);
        expect(reply.error.message).toMatch(HAN);
        expect(reply.error.details?.fields?.length ?? 0).toBeGreaterThan(0);
        for (const f of reply.error.details?.fields ?? []) expect(f.message).toMatch(HAN);
        expect(after).toEqual(before);
      }),
      { numRuns: 80 },
    );
  });
});
