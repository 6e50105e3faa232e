/**
 * Every action, sent ids of records the caller may not touch (links between records are
 * authorization too): another villager's concern, clue, booking and photo, another worker's
 * task, another town's concern and room. Whatever the field the id is put in, the answer is a
 * 4xx in Chinese (never INTERNAL), a refusal leaves the store exactly as it was, and no answer
 * ever changes one of those records.
 */
import fc from 'fast-check';
import type { CallReply } from '../../shared/kernel/envelope';
import { HTTP_STATUS } from '../../shared/kernel/errors';
import { concernFunction } from '../../functions/concern/concern.function';
import { FUNCTIONS } from '../../functions/registry';
import { COLLECTIONS } from '../../functions/store/collections';
import type { World } from '../authz/authz.matrix';
import { createWorld } from '../authz/authz.matrix';
import { bookingOf, clueOf, concernOf, taskOf } from '../authz/authz.subjects';
import { storedPhoto } from '../support/photos';
import { createTestRooms } from '../factories/rooms';

interface Pool {
  readonly ids: readonly string[];
}

/** Records of others in a fresh world, and their ids. */
async function foreignPool(w: World): Promise<Pool> {
  const concern = await concernOf(w);
  const { clueId, trackingCode } = await clueOf(w);
  const booking = await bookingOf(w);
  const task = await taskOf(w);
  const photo = await storedPhoto(w.h, w.town.people.villager);
  const otherRooms = await createTestRooms(w.h.store, w.otherTown);
  const theirs = await w.h.ok<{ id: string }>(
    concernFunction,
    'submit',
    {
      kind: 'help',
      topic: 'other',
      text: '外镇村民反映的路灯问题，已经坏了很久',
      place: { gridNodeId: w.otherTown.villages[0]![0]!._id },
    },
    { as: w.otherTown.people.villager },
  );
  return {
    ids: [
      concern,
      clueId,
      trackingCode,
      booking,
      task,
      photo,
      otherRooms.oldSecretary._id,
      theirs.id,
      w.town.people.villager._id,
      w.otherTown.villages[0]![0]!._id,
    ],
  };
}

/** Every stored document but rate counters and sessions (transport bookkeeping). */
async function snapshot(w: World, only?: ReadonlySet<string>): Promise<string> {
  const parts: string[] = [];
  for (const { name } of COLLECTIONS) {
    if (name === 'sessions' || name === 'rate_counters') continue;
    let cursor: string | null = null;
    do {
      const page: { docs: { _id: string }[]; nextCursor: string | null } = await w.h.store.query(
        name,
        { limit: 1000, cursor },
      );
      const docs = only === undefined ? page.docs : page.docs.filter((d) => only.has(d._id));
      parts.push(name, JSON.stringify(docs));
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  return parts.join('\n');
}

const FIELDS = [
  'concernId',
  'clueId',
  'bookingId',
  'taskId',
  'roomId',
  'articleId',
  'lectureId',
  'gridNodeId',
  'accountId',
  'duplicateOf',
  'trackingCode',
  'coverFileId',
] as const;

const actions = FUNCTIONS.flatMap((fn) =>
  Object.keys(fn.actions).map((action) => [fn.name, action] as const),
);

describe('ids of records the caller may not touch', () => {
  it.each(actions)(
    '%s.%s',
    async (fnName, action) => {
      const fn = FUNCTIONS.find((f) => f.name === fnName)!;
      const w = await createWorld();
      try {
        const pool = await foreignPool(w);
        const guarded = new Set(pool.ids);
        const callers = [
          w.town.people.neighbour,
          w.town.people.otherCommunityGridWorker,
          w.outsider,
        ];
        const id = fc.constantFrom(...pool.ids);
        const data = fc.record(
          {
            ...Object.fromEntries(FIELDS.map((k) => [k, id])),
            photos: fc.array(id, { maxLength: 2 }),
            place: fc.record({ gridNodeId: id }),
            onBehalfOf: fc.record({ villagerName: fc.constant('王秀兰'), villagerAccountId: id }),
          },
          { requiredKeys: [] },
        );
        await fc.assert(
          fc.asyncProperty(data, fc.integer({ min: 0, max: 2 }), async (input, who) => {
            const before = await snapshot(w);
            const foreignBefore = await snapshot(w, guarded);
            const reply: CallReply = await w.h.call(fn, action, input, { as: callers[who]! });
            expect(await snapshot(w, guarded)).toBe(foreignBefore);
            if (reply.ok) return;
            expect(reply.error.code).not.toBe('INTERNAL');
            expect(HTTP_STATUS[reply.error.code]).toBeLessThan(500);
            expect(reply.error.message).toMatch(/\p{Script=Han}/u);
            expect(await snapshot(w)).toBe(before);
          }),
          { numRuns: 12 },
        );
      } finally {
        await w.h.close();
      }
    },
    120_000,
  );
});
