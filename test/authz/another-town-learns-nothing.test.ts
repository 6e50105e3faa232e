/**
 * Where the matrix lets town B's all-roles account through (its own lists, its own town's
 * queues), the reply must still hold nothing of town A (docs/domain.md §2: every query is scoped by
 * the town; staff act within their town). Town A here has a concern, a named clue and a
 * booking, each with tasks; no reply to town B may name any of their ids.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { concernFunction } from '../../functions/concern/concern.function';
import { learningFunction } from '../../functions/learning/learning.function';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import type { FunctionDef } from '../../functions/runtime/action';
import { taskFunction } from '../../functions/task/task.function';
import type { World } from './authz.matrix';
import { createWorld } from './authz.matrix';
import { bookingOf, clueOf, concernOf, REPORTER_PHONE } from './authz.subjects';
import { BOOKINGS, CLUES, CONCERNS, TASKS } from '../../functions/store/collections';

let w: World;
/** The ids of town A's concern, clue, booking and every task. */
const townAIds: string[] = [];
beforeAll(async () => {
  w = await createWorld();
  await concernOf(w);
  await clueOf(w);
  await bookingOf(w);
  for (const collection of [CONCERNS, CLUES, BOOKINGS, TASKS]) {
    const page = await collection.query(w.h.store, {
      where: { townId: w.town.townId },
      limit: 100,
    });
    townAIds.push(...page.docs.map((d) => d._id));
  }
});
afterAll(() => w.h.close());

const reads: [FunctionDef, string, (w: World) => unknown][] = [
  [concernFunction, 'listMine', () => ({})],
  [concernFunction, 'listAssigned', () => ({})],
  [
    concernFunction,
    'similarOpen',
    (x) => ({ gridNodeId: x.town.villages[0]![0]!._id, topic: 'other' }),
  ],
  [taskFunction, 'inbox', () => ({})],
  [clueFunction, 'listMine', () => ({})],
  [clueFunction, 'listForReview', () => ({})],
  [mediationFunction, 'listMine', () => ({})],
  [learningFunction, 'householdStatus', () => ({})],
  [learningFunction, 'coverage', () => ({})],
];

describe('town B’s all-roles account reads its own town only', () => {
  it.each(reads.map(([fn, action, input]) => [`${fn.name}.${action}`, fn, action, input] as const))(
    '%s answers nothing of town A',
    async (_name, fn, action, input) => {
      const reply = await w.h.call(fn, action, input(w), { as: w.outsider });
      // Either refused, or an answer without a trace of town A's records.
      const text = JSON.stringify(reply);
      expect(townAIds.filter((id) => text.includes(id))).toEqual([]);
      expect(text).not.toContain(REPORTER_PHONE);
    },
  );

  it('town A’s own staff do see town A’s records on the same lists (the check can fail)', async () => {
    const reply = await w.h.call(
      taskFunction,
      'inbox',
      {},
      {
        as: w.town.people.villageGridWorker,
      },
    );
    expect(reply.ok).toBe(true);
    const text = JSON.stringify(reply);
    expect(townAIds.filter((id) => text.includes(id)).length).toBeGreaterThan(1);
  });
});
