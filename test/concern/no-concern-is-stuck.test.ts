/**
 * No concern is ever stuck: whatever the staff do, in whatever order (accept, start, resolve,
 * transfer to a department, to mediation or to the procuratorate, reject, extend, the
 * villager's rating, the prosecutor's decision, the deadline sweep days later), after every
 * step a concern that is not closed has someone who can act on it now AND a clock running:
 * - open work has an assignee whose roles allow a next step, a pending task for them and a
 *   deadline;
 * - a resolved one waits for the rating with a pending return-visit task (the centre's);
 * - one handed to mediation has a pending mediation task with a due date, and one handed to
 *   the procuratorate has its clue under review with a pending review task (the clue's reply
 *   deadline) — once the clue is decided, the concern is no longer waiting on it.
 * A property test (fast-check) over the real functions and their tasks.
 */
import fc from 'fast-check';
import { clueFunction } from '../../functions/clue/clue.function';
import { concernFunction } from '../../functions/concern/concern.function';
import { deadlinesFunction } from '../../functions/deadlines/deadlines.function';
import { ACCOUNTS, CLUES, CONCERNS, TASKS } from '../../functions/store/collections';
import { CONCERN_GROUPS, concernMachine } from '../../shared/concern/concern.machine';
import { CLUE_GROUPS } from '../../shared/clue/clue.machine';
import { allowedActions } from '../../shared/machine/machine';
import { TASK_GROUPS } from '../../shared/task/task.machine';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { reportStreetLight } from './concern.steps';

const STEPS = [
  'accept',
  'start',
  'resolve',
  'toDepartment',
  'toMediation',
  'toClue',
  'reject',
  'extend',
  'ratePartly',
  'rateResolved',
  'prosecutorDecides',
  'daysPassAndSweep',
] as const;
type Step = (typeof STEPS)[number];

type Reply = Awaited<ReturnType<Harness['call']>> | null;

/**
 * Runs one step as whoever would take it. A refusal is fine (the step did not apply here);
 * an internal error is not.
 */
async function take(h: Harness, town: TestTown, id: string, step: Step): Promise<Reply> {
  const concern = (await CONCERNS.get(h.store, id))!;
  const holder = concern.assigneeId ?? town.people.centre._id;
  const as = { as: (await ACCOUNTS.get(h.store, holder))! };
  const act = (action: string, data: object, who = as) =>
    h.call(concernFunction, action, { concernId: id, ...data }, who);
  h.clock.advance(60_000);
  switch (step) {
    case 'accept':
    case 'start':
      return act(step, {});
    case 'resolve':
      return act('resolve', { note: '已经处理好了' });
    case 'toDepartment':
      return act('transfer', {
        target: { to: 'department', departmentId: 'natural_resources' },
        note: '需要国土所处理',
      });
    case 'toMediation':
      return act('transfer', {
        target: { to: 'mediation', disputeType: 'neighbour' },
        note: '双方愿意调解',
      });
    case 'toClue':
      return act('transfer', {
        target: { to: 'clue', domain: 'ecology_resources' },
        note: '疑似污染',
      });
    case 'reject':
      return act('reject', { reasonCode: 'not_actionable', reason: '不属于受理范围' });
    case 'extend':
      return act('requestExtension', { reason: '需要等材料', workingDays: 2 });
    case 'ratePartly':
    case 'rateResolved':
      return act(
        'rate',
        { result: step === 'ratePartly' ? 'partly' : 'resolved' },
        { as: town.people.villager },
      );
    case 'prosecutorDecides': {
      if (concern.links.clueId === undefined) return null;
      const review = (action: string) =>
        h.call(
          clueFunction,
          'review',
          { clueId: concern.links.clueId, action },
          { as: town.people.prosecutor },
        );
      const started = await review('startReview');
      return started.ok || started.error.code !== 'INTERNAL' ? review('accept') : started;
    }
    case 'daysPassAndSweep':
      h.clock.advance(4 * 24 * 3600 * 1000);
      return h.runTimer(deadlinesFunction, 'sweep', town.townId);
  }
}

/** Why the concern is stuck, or null when someone can act and a clock runs. */
async function stuck(h: Harness, id: string): Promise<string | null> {
  const concern = (await CONCERNS.get(h.store, id))!;
  const closed: readonly string[] = CONCERN_GROUPS.closed;
  if (closed.includes(concern.status)) return null;
  const tasks = (
    await TASKS.query(h.store, {
      where: { 'subject.type': 'concern', 'subject.id': id },
      limit: 100,
    })
  ).docs.filter((t) => (TASK_GROUPS.pending as readonly string[]).includes(t.status));
  const pending = (kind: string) => tasks.filter((t) => t.kind === kind && t.dueAt !== null);

  if (concern.status === 'resolved') {
    return pending('return_visit').length > 0 ? null : 'resolved without a return-visit task';
  }
  if (concern.status === 'transferred' && concern.transfer?.target.to === 'clue') {
    const clue = concern.links.clueId ? await CLUES.get(h.store, concern.links.clueId) : null;
    if (clue === null) return 'handed to the procuratorate without a clue';
    if (!(CLUE_GROUPS.pendingReview as readonly string[]).includes(clue.status)) {
      return `still waiting on a clue already decided (${clue.status})`;
    }
    const review = (
      await TASKS.query(h.store, {
        where: { 'subject.type': 'clue', 'subject.id': clue._id },
        limit: 100,
      })
    ).docs.filter(
      (t) =>
        t.kind === 'review_clue' && (TASK_GROUPS.pending as readonly string[]).includes(t.status),
    );
    return review.length > 0 ? null : 'clue under review without a review task';
  }
  if (concern.status === 'transferred' && concern.transfer?.target.to === 'mediation') {
    return pending('mediate').length > 0 ? null : 'handed to mediation without a mediation task';
  }
  if (concern.assigneeId === null) return `${concern.status} with nobody holding it`;
  if (concern.dueAt === null) return `${concern.status} with no deadline`;
  const holder = (await ACCOUNTS.get(h.store, concern.assigneeId))!;
  const next = allowedActions(concernMachine, concern.status, holder.roles).filter(
    (a) => a !== 'supervise' && a !== 'escalate',
  );
  if (next.length === 0) return `${concern.status}: its holder can take no step`;
  const theirs = tasks.filter((t) => t.assigneeId === concern.assigneeId && t.kind !== 'supervise');
  return theirs.length > 0 ? null : `${concern.status}: its holder has no task`;
}

it('after any sequence of steps, a concern that is not closed has someone to act and a clock', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 8 }),
      async (steps) => {
        const h = createHarness();
        try {
          const town = await createTestTown(h.store);
          const { id } = await reportStreetLight(h, town);
          const trail: string[] = [];
          for (const step of steps) {
            const reply = await take(h, town, id, step);
            if (reply !== null && !reply.ok && reply.error.code === 'INTERNAL') {
              throw new Error(`internal error after ${[...trail, step].join(', ')}`);
            }
            const concern = (await CONCERNS.get(h.store, id))!;
            trail.push(`${step} → ${concern.status}`);
            const why = await stuck(h, id);
            if (why !== null) throw new Error(`stuck after ${trail.join(', ')}: ${why}`);
          }
        } finally {
          h.close();
        }
      },
    ),
    { numRuns: Number(process.env.STUCK_RUNS ?? 40) },
  );
}, 120_000);
