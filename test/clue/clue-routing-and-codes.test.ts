/**
 * How a clue is routed when the town's rules or roster are not the defaults, how tracking
 * codes stay unique, and how a damaged stored clue fails loudly instead of leaking.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { verificationRules } from '../../functions/clue/review-clue';
import type { SubmitClueReply } from '../../functions/clue/submit-clue';
import { DEFAULT_ROUTING_RULES } from '../../shared/routing/routing.rules';
import type { RoutingRule } from '../../shared/routing/routing.rules';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { clueByCode, clueInput, counts, eventsOf, tasksOf } from './clue.helpers';
import { saveTownRules } from '../factories/rules';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const submit = async (over: Record<string, unknown> = {}) => {
  const reply = await h.ok<SubmitClueReply>(clueFunction, 'submit', clueInput(town, over), {
    as: null,
  });
  return clueByCode(h, reply.trackingCode);
};

async function disable(...ids: string[]) {
  for (const id of ids) {
    const done = await h.store.update('accounts', id, { status: 'disabled' });
    if (!done.ok) throw new Error(done.error.message);
  }
}

async function saveRoutingRules(rules: unknown) {
  await saveTownRules(h.store, town.townId, 'routing', rules);
}

describe('routing with the town’s own rules and roster', () => {
  it('follows a saved rule set: a domain rule sends food clues to the centre for review', async () => {
    const foodRule: RoutingRule = {
      id: 'clue.food',
      name: '食药线索',
      when: { subject: 'clue', clueDomains: ['food_drug_safety'] },
      assign: { role: 'center_operator', taskKind: 'review_clue', scope: 'town' },
      also: [{ role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' }],
      priority: 10,
    };
    await saveRoutingRules([...DEFAULT_ROUTING_RULES, foodRule]);
    const food = await submit({ domain: 'food_drug_safety' });
    const review = (await tasksOf(h, food._id)).find((t) => t.kind === 'review_clue');
    expect(review).toMatchObject({
      assigneeId: town.people.centre._id,
      reason: { ruleId: 'clue.food' },
    });
    // No liaison took it, so none is recorded on the clue.
    expect(food.liaisonId).toBeUndefined();
    const river = await submit();
    expect((await tasksOf(h, river._id)).map((t) => t.reason.ruleId)).toEqual([
      'clue.default',
      'clue.default',
    ]);
  });

  it('ignores a broken saved rule set and routes by the defaults', async () => {
    await saveRoutingRules([{ id: 'Bad Id', name: '' }]);
    const clue = await submit();
    expect((await tasksOf(h, clue._id)).map((t) => t.assigneeId).sort()).toEqual(
      [town.people.liaison._id, town.people.villageGridWorker._id].sort(),
    );
  });

  it('with no grid worker and no centre, records the verification nobody could take', async () => {
    const p = town.people;
    await disable(
      p.villageGridWorker._id,
      p.communityGridWorker._id,
      p.otherCommunityGridWorker._id,
      p.centre._id,
    );
    const clue = await submit();
    expect((await tasksOf(h, clue._id)).map((t) => t.kind)).toEqual(['review_clue']);
    expect(clue.verifierId).toBeUndefined();
    const unassigned = (await eventsOf(h, clue._id)).filter(
      (e) => e.action === 'routing_unassigned',
    );
    expect(unassigned).toHaveLength(1);
    expect(unassigned[0]).toMatchObject({ visibleToReporter: false, actorRole: 'system' });
    const view = await h.ok<{ timeline: { label: string; by: string }[] }>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: p.liaison },
    );
    expect(view.timeline.map((s) => s.label)).toContain('有任务未能分派，请管理员补充人员');
    expect(view.timeline[0]?.by).toBe('举报人');
    // The reporter's page shows only their own step.
    const tracked = await h.ok<{ timeline: unknown[] }>(
      clueFunction,
      'track',
      { trackingCode: clue.trackingCode },
      { as: null },
    );
    expect(tracked.timeline).toHaveLength(1);
  });

  it('without anyone at all to review, refuses loudly and stores nothing', async () => {
    const p = town.people;
    await disable(p.liaison._id, p.centre._id);
    const before = await counts(h);
    const reply = await h.call(clueFunction, 'submit', clueInput(town), { as: null });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await counts(h)).toEqual(before);
  });
});

describe('verification rules for a 核实 asked during review', () => {
  it('make each clue rule’s verification assignment the primary one', () => {
    const rules = verificationRules(DEFAULT_ROUTING_RULES);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      id: 'clue.default',
      assign: { role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' },
    });
    expect(rules[0]).not.toHaveProperty('also');
  });

  it('fall back to the grid worker of the place when no rule names a verification', () => {
    const reviewOnly = DEFAULT_ROUTING_RULES.map((r) => {
      const { also: _drop, ...rest } = r;
      return rest;
    });
    expect(verificationRules(reviewOnly)).toEqual([
      expect.objectContaining({
        id: 'clue.verify',
        assign: { role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' },
      }),
    ]);
  });
});

describe('tracking codes', () => {
  it('a code already given out is never given again: the next free one is used', async () => {
    let value = 0;
    const original = h.ctx.ids.randomInt;
    h.ctx.ids.randomInt = () => value;
    try {
      const first = await submit();
      // The same eleven draws again, then different ones: the first attempt collides.
      let calls = 0;
      h.ctx.ids.randomInt = () => (calls++ < 11 ? 0 : 1);
      const second = await submit();
      expect(first.trackingCode).not.toBe(second.trackingCode);
      expect(second.trackingCode.startsWith('33333333333')).toBe(true);
      expect(await h.store.count('clue_codes')).toBe(2);
      // With every draw the same, no free code is found: refused, nothing stored.
      value = 0;
      h.ctx.ids.randomInt = () => value;
      const before = await counts(h);
      const reply = await h.call(clueFunction, 'submit', clueInput(town), { as: null });
      expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(await counts(h)).toEqual(before);
    } finally {
      h.ctx.ids.randomInt = original;
    }
  });
});

describe('a damaged stored clue', () => {
  it('is answered INTERNAL, never shown half-parsed', async () => {
    const clue = await submit();
    const broken = await h.store.update('clues', clue._id, { status: 'lost' });
    expect(broken.ok).toBe(true);
    const reply = await h.call(
      clueFunction,
      'track',
      { trackingCode: clue.trackingCode },
      { as: null },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain(clue.seen);
  });
});

describe('supplements', () => {
  it('stop at twenty: after that the reporter is asked to contact the procuratorate directly', async () => {
    const clue = await submit();
    const at = h.clock.nowIso();
    const full = Array.from({ length: 20 }, (_, i) => ({
      text: `第${i + 1}次补充`,
      photos: [],
      at,
    }));
    const updated = await h.store.update('clues', clue._id, { supplements: full });
    expect(updated.ok).toBe(true);
    const reply = await h.call(
      clueFunction,
      'supplement',
      { trackingCode: clue.trackingCode, text: '还有一点' },
      { as: null },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!reply.ok && reply.error.message).toContain('直接联系检察机关');
  });
});
