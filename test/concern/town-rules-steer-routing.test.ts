/**
 * A town's own rules, as an admin saved them in the `rules` collection, steer routing and
 * deadlines; a stored set that no longer parses is ignored in favour of the defaults, so a
 * concern is never left unrouted.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { VillagerConcernView } from '../../functions/concern/concern.views';
import { DEFAULT_DEADLINE_RULES } from '../../shared/calendar/deadlines';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { reportStreetLight, tasksOf } from './concern.steps';
import { saveTownRules } from '../factories/rules';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const saveRules = (kind: 'routing' | 'deadlines', body: unknown) =>
  saveTownRules(h.store, town.townId, kind, body);

const everythingToTheCentre = {
  id: 'concern.centre-first',
  name: '全部由中心分派',
  when: { subject: 'concern' },
  assign: { role: 'center_operator', taskKind: 'handle_concern', scope: 'town' },
  priority: 0,
};

describe('the town’s own rules', () => {
  it('stored routing rules decide who gets the task, and the task names the rule', async () => {
    await saveRules('routing', [everythingToTheCentre]);
    const reply = await reportStreetLight(h, town);
    expect(reply.assignee).toEqual({ name: '钱热线', roleLabel: '指挥中心' });
    const [task] = await tasksOf(h, reply.id);
    expect(task?.reason.ruleId).toBe('concern.centre-first');
    expect(reply.timeline[1]?.note).toContain('镇指挥中心');
  });

  it('the last saved set wins: an empty one leaves dispatch to the centre', async () => {
    await saveRules('routing', [everythingToTheCentre]);
    await saveRules('routing', []);
    const reply = await reportStreetLight(h, town);
    // An empty set: no rule fires, so the centre dispatches by hand (explicit fallback).
    const [task] = await tasksOf(h, reply.id);
    expect(task?.reason.ruleId).toBe('fallback.center');
    expect(task?.assigneeId).toBe(town.people.centre._id);
  });

  it('a stored set that does not parse is ignored: the defaults route it', async () => {
    await saveRules('routing', [{ id: 'BROKEN RULE' }]);
    await saveRules('deadlines', { workingDays: { help: 0 } });
    const reply = await reportStreetLight(h, town);
    expect(reply.assignee?.name).toBe('张网格');
    expect(reply.dueAt).toBe('2025-11-20T23:59:59.999+08:00');
  });

  it('stored deadline rules set the time limit', async () => {
    await saveRules('deadlines', {
      workingDays: { ...DEFAULT_DEADLINE_RULES.workingDays, help: 1 },
    });
    const reply = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      {
        kind: 'help',
        text: '家里老人摔倒了需要帮忙送医',
        place: { gridNodeId: town.villages[0]![0]!._id },
      },
      { as: town.people.villager },
    );
    expect(reply.dueAt).toBe('2025-11-18T23:59:59.999+08:00');
  });
});
