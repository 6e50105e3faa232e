/**
 * Helping the villager say it: as they type, the town's keyword model suggests a kind and a
 * topic and says which words made it; the centre tunes the model, and the suggestion changes;
 * the centre measures the model (and a draft) on the town's own concerns before saving.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import { concernFunction } from '../../functions/concern/concern.function';
import type { KeywordEvaluationView } from '../../functions/concern/suggest-concern';
import type { KeywordSuggestion } from '../../shared/concern/keywords';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { putConcern } from '../factories/records';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const suggest = (text: string) =>
  h.ok<KeywordSuggestion>(concernFunction, 'suggest', { text }, { as: town.people.villager });

const tune = (rules: unknown) =>
  h.call(
    adminFunction,
    'setRules',
    { ruleSet: 'keywords', rules, note: '调整关键词' },
    {
      as: town.people.centre,
    },
  );

/** The centre's own model: 清运 means 环境卫生, 三天没人 means the villager needs help. */
const CENTRE_MODEL = {
  threshold: 2,
  kinds: [{ code: 'help', terms: [{ term: '没人', weight: 2 }] }],
  topics: [
    { code: 'sanitation', terms: [{ term: '清运', weight: 2 }] },
    { code: 'traffic', terms: [{ term: '村东头', weight: 3 }] },
  ],
};

describe('the keyword suggestion', () => {
  it('suggests 环境卫生 for rubbish nobody collects, and says why', async () => {
    const got = await suggest('村东头垃圾三天没人清运');
    expect(got.topic).toMatchObject({ code: 'sanitation', label: '环境卫生' });
    expect(got.reason).toBe('因为提到了「垃圾」「清运」');
    expect(got.sample).toBe(true);
    expect((await suggest('今天天气不错')).topic).toBeNull();
  });

  it('changes when the centre tunes the model', async () => {
    expect((await tune(CENTRE_MODEL)).ok).toBe(true);
    const got = await suggest('村东头垃圾三天没人清运');
    // 村东头 (3) now outweighs 清运 (2): the town's own words decide, not the starter model's.
    expect(got.topic?.code).toBe('traffic');
    expect(got.kind?.code).toBe('help');
    expect(got.reason).toBe('因为提到了「村东头」「没人」');
    expect(got.sample).toBe(false);
    // Below the threshold nothing is suggested.
    expect((await suggest('垃圾清运')).topic?.code).toBe('sanitation');
    expect((await suggest('垃圾')).topic).toBeNull();
  });

  it('refuses a malformed model with the field and a Chinese message, and keeps the old one', async () => {
    const bad = await tune({
      threshold: 1,
      kinds: [{ code: 'help', terms: [{ term: '漏水', weight: 99 }] }],
      topics: [],
    });
    expect(bad.ok ? null : bad.error.details?.fields).toEqual([
      { field: 'rules.kinds.0.terms.0.weight', message: '关键词（第1项）的权重：权重最多10' },
    ]);
    const twice = await tune({
      threshold: 1,
      kinds: [],
      topics: [
        {
          code: 'sanitation',
          terms: [
            { term: '垃圾', weight: 1 },
            { term: '垃 圾', weight: 2 },
          ],
        },
      ],
    });
    expect(twice.ok ? null : twice.error.message).toContain('「垃圾」重复了');
    expect((await suggest('垃圾清运')).sample).toBe(true);
  });

  it('is measured on the town’s own concerns, the saved model and a draft alike', async () => {
    await putConcern(h.store, town, {
      text: '村东头垃圾三天没人清运',
      kind: 'help',
      topic: 'sanitation',
    });
    await putConcern(h.store, town, { text: '路口的红绿灯坏了', kind: 'help', topic: 'traffic' });
    await putConcern(h.store, town, {
      text: '请问低保怎么申请',
      kind: 'consultation',
      topic: 'civil_affairs',
    });
    const view = await h.ok<KeywordEvaluationView>(
      concernFunction,
      'evaluateKeywords',
      { model: CENTRE_MODEL },
      { as: town.people.centre },
    );
    expect(view.current).toMatchObject({ total: 3, sample: true });
    expect(view.current.topic).toMatchObject({ suggested: 3, matched: 3, matchRate: 1 });
    // The draft calls the rubbish a traffic matter and knows nothing of 低保 or 红绿灯.
    expect(view.draft?.topic).toMatchObject({ suggested: 1, matched: 0, matchRate: 0 });
    expect(view.draft?.kind).toMatchObject({ suggested: 1, matched: 1, precision: 1 });
  });
});
