import { evaluateModel, keywordModelSchema, normalizeText, suggestFromText } from './keywords';
import type { KeywordModel } from './keywords';
import { SAMPLE_KEYWORD_MODEL } from './keywords.sample';

const model = (m: unknown): KeywordModel => keywordModelSchema.parse(m);

describe('normalizeText', () => {
  it('folds full-width forms, case and whitespace', () => {
    expect(normalizeText(' 垃 圾\tＡＢ c ')).toBe('垃圾abc');
  });
});

describe('suggestFromText', () => {
  const m = model({
    threshold: 2,
    kinds: [
      { code: 'help', terms: [{ term: '帮忙', weight: 2 }] },
      { code: 'complaint', terms: [{ term: '太吵', weight: 2 }] },
    ],
    topics: [
      {
        code: 'sanitation',
        terms: [{ term: '垃圾', weight: 2 }],
        negative: [{ term: '垃圾短信', weight: 3 }],
      },
      { code: 'traffic', terms: [{ term: '路口', weight: 2 }] },
    ],
  });

  it('suggests the best category of each field and names the matched words', () => {
    const got = suggestFromText('请帮忙看看路口的垃圾', m);
    expect(got.kind).toEqual({ code: 'help', label: '求助', score: 2, matched: ['帮忙'] });
    // A tie goes to the category listed first.
    expect(got.topic?.code).toBe('sanitation');
    expect(got.reason).toBe('因为提到了「垃圾」「帮忙」');
    expect(got.sample).toBe(false);
  });

  it('lets a negative term cancel a look-alike', () => {
    expect(suggestFromText('又收到垃圾短信了', m).topic).toBeNull();
  });

  it('suggests nothing below the threshold or without any match', () => {
    const low = model({
      threshold: 3,
      kinds: [],
      topics: [{ code: 'traffic', terms: [{ term: '路', weight: 2 }] }],
    });
    expect(suggestFromText('修路', low)).toEqual({
      kind: null,
      topic: null,
      reason: null,
      sample: false,
    });
    expect(suggestFromText('', m).reason).toBeNull();
  });

  it('matches terms written with spaces or full-width letters', () => {
    const m2 = model({
      threshold: 1,
      kinds: [],
      topics: [{ code: 'traffic', terms: [{ term: 'ＧＰＳ 定位', weight: 1 }] }],
    });
    expect(suggestFromText('gps定位不准', m2).topic?.matched).toEqual(['gps定位']);
  });
});

describe('keywordModelSchema', () => {
  it('accepts the starter model, marked as sample', () => {
    expect(keywordModelSchema.parse(SAMPLE_KEYWORD_MODEL).sample).toBe(true);
  });

  it('refuses the same term twice in a category and the same category twice', () => {
    const twiceTerm = keywordModelSchema.safeParse({
      threshold: 1,
      kinds: [],
      topics: [
        {
          code: 'traffic',
          terms: [
            { term: '路', weight: 1 },
            { term: ' 路', weight: 1 },
          ],
        },
      ],
    });
    expect(twiceTerm.success ? null : twiceTerm.error.issues[0]?.message).toBe('「路」重复了');
    const twiceCode = keywordModelSchema.safeParse({
      threshold: 1,
      kinds: [
        { code: 'help', terms: [] },
        { code: 'help', terms: [] },
      ],
      topics: [],
    });
    expect(twiceCode.success ? null : twiceCode.error.issues[0]?.message).toBe('同一类别写了两次');
  });
});

describe('evaluateModel', () => {
  it('counts suggestions and matches per field', () => {
    const m = model({
      threshold: 1,
      kinds: [{ code: 'help', terms: [{ term: '坏了', weight: 1 }] }],
      topics: [{ code: 'traffic', terms: [{ term: '路灯', weight: 1 }] }],
    });
    const got = evaluateModel(m, [
      { text: '路灯坏了', kind: 'help', topic: 'traffic' },
      { text: '路灯太亮', kind: 'complaint', topic: 'traffic' },
      { text: '门坏了', kind: 'help', topic: 'other' },
      { text: '你好', kind: 'consultation', topic: 'other' },
    ]);
    expect(got.total).toBe(4);
    expect(got.kind).toEqual({ suggested: 2, matched: 2, matchRate: 0.5, precision: 1 });
    expect(got.topic).toEqual({ suggested: 2, matched: 2, matchRate: 0.5, precision: 1 });
    expect(evaluateModel(m, []).kind).toEqual({
      suggested: 0,
      matched: 0,
      matchRate: null,
      precision: null,
    });
  });
});
