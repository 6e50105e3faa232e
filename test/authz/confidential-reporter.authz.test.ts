/**
 * The confidential (保密) reporter rule (shared/concern/concern.privacy.ts, docs/domain.md §2):
 * of everyone who may read a confidential concern, only the handling grid worker and the
 * centre learn who raised it — before any transfer, and after each transfer path (to a
 * department, to mediation, to the petition office, to the prosecutor liaison), whoever the
 * transfer made the assignee. Every caller of the matrix, each on a fresh world.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { TransferTargetInput } from '../../shared/concern/concern.schema';
import { CONCERNS } from '../../functions/store/collections';
import type { CallerName, World } from './authz.matrix';
import { accountOf, CALLERS, createWorld } from './authz.matrix';

const NAME = '王秀兰';

async function confidentialConcernOf(w: World): Promise<string> {
  const reply = await w.h.ok<{ id: string }>(
    concernFunction,
    'submit',
    {
      kind: 'complaint',
      topic: 'other',
      text: '邻居家的狗天天晚上叫，我不想让他知道是我反映的',
      place: { gridNodeId: w.town.villages[0]![0]!._id },
      confidential: true,
    },
    { as: w.town.people.villager },
  );
  return reply.id;
}

const PATHS: ReadonlyArray<readonly [string, TransferTargetInput | null]> = [
  ['not transferred', null],
  ['to the land department', { to: 'department', departmentId: 'natural_resources' }],
  ['to mediation', { to: 'mediation', disputeType: 'neighbour' }],
  ['to the petition office', { to: 'petition' }],
  [
    'to the prosecutor liaison',
    { to: 'clue', domain: 'ecology_resources', reporterConsent: false },
  ],
];

/** Who reads the concern, and whose reply names the reporter or shows their phone. */
async function readersAndSeers(target: TransferTargetInput | null) {
  const readers: CallerName[] = [];
  const seers: CallerName[] = [];
  const revealers: CallerName[] = [];
  let assignee: CallerName | null = null;
  for (const caller of CALLERS) {
    if (caller === 'villager') continue; // the reporter sees their own view, no reporter field
    const w = await createWorld();
    try {
      const concernId = await confidentialConcernOf(w);
      if (target !== null) {
        await w.h.ok(
          concernFunction,
          'transfer',
          { concernId, target, note: '转办处理' },
          { as: w.town.people.villageGridWorker },
        );
      }
      const phone = w.town.people.villager.phone!;
      const as = { as: accountOf(w, caller) };
      const stored = await CONCERNS.get(w.h.store, concernId);
      if (stored?.assigneeId === accountOf(w, caller)?._id) assignee = caller;
      const reply = await w.h.call(concernFunction, 'get', { concernId }, as);
      if (!reply.ok) continue;
      readers.push(caller);
      const text = JSON.stringify(reply.data);
      if (text.includes(NAME) || text.includes(phone.slice(-4))) seers.push(caller);
      const reveal = await w.h.call(concernFunction, 'get', { concernId, revealPhone: true }, as);
      if (reveal.ok && JSON.stringify(reveal.data).includes(phone)) revealers.push(caller);
    } finally {
      await w.h.close();
    }
  }
  return { readers: readers.sort(), seers: seers.sort(), revealers: revealers.sort(), assignee };
}

describe('a confidential reporter is visible to the handling grid worker and the centre only', () => {
  it.each(PATHS)(
    '%s',
    async (_path, target) => {
      const got = await readersAndSeers(target);
      // Whoever holds it after a transfer reads it (they must handle it) — and never learns who.
      if (target !== null) expect(got.readers).toContain(got.assignee);
      const handling = target === null ? ['centre', 'sameGrid'] : ['centre'];
      expect({ seers: got.seers, revealers: got.revealers }).toEqual({
        seers: handling,
        revealers: handling,
      });
    },
    120_000,
  );
});
