/**
 * The keyword model (关键词模型) that suggests a concern's kind and topic from the villager's
 * own words. It is data the centre (指挥中心) tunes (rule set `keywords`), transparent on
 * purpose: every suggestion names the words that made it («因为提到了「垃圾」「清运」»), and the
 * villager confirms or changes it — nothing is classified behind their back.
 *
 * Scoring, per category (a kind or a topic): the weights of its terms found in the text, less
 * the weights of its negative terms found (a negative term is a phrase that looks like the
 * category but is not: 「垃圾短信」 is not about 环境卫生). The best category of each field is
 * suggested when it reaches the model's threshold; ties go to the category listed first.
 */
import { z } from 'zod';
import type { ConcernKind, ConcernTopic } from './concern.kinds';
import {
  CONCERN_KIND_LABELS,
  CONCERN_KINDS,
  CONCERN_TOPIC_LABELS,
  CONCERN_TOPICS,
} from './concern.kinds';

/** Longest term, in characters: a phrase a villager would say, not a sentence. */
export const KEYWORD_TERM_MAX = 12;
/** Terms per category, at most. */
export const KEYWORD_TERMS_MAX = 120;

const termSchema = z
  .strictObject({
    term: z
      .string()
      .transform((s) => normalizeText(s))
      .pipe(
        z
          .string()
          .min(1, { error: '关键词不能为空' })
          .max(KEYWORD_TERM_MAX, { error: `关键词最多${KEYWORD_TERM_MAX}个字` }),
      )
      .meta({ label: '关键词' }),
    weight: z
      .number({ error: '权重请填数字' })
      .min(0.1, { error: '权重至少0.1' })
      .max(10, { error: '权重最多10' })
      .meta({ label: '权重' }),
  })
  .meta({ label: '关键词' });
export type KeywordTerm = z.infer<typeof termSchema>;

function uniqueTerms(terms: readonly KeywordTerm[], ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  terms.forEach((t, i) => {
    if (seen.has(t.term)) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'term'], message: `「${t.term}」重复了` });
    }
    seen.add(t.term);
  });
}

function categorySchema<C extends string>(codes: readonly [C, ...C[]], label: string) {
  return z
    .strictObject({
      code: z.enum(codes).meta({ label }),
      terms: z.array(termSchema).max(KEYWORD_TERMS_MAX).meta({ label: '关键词' }),
      negative: z.array(termSchema).max(KEYWORD_TERMS_MAX).default([]).meta({ label: '排除词' }),
    })
    .superRefine((c, ctx) => {
      uniqueTerms(c.terms, ctx, 'terms');
      uniqueTerms(c.negative, ctx, 'negative');
    });
}

function uniqueCodes(list: readonly { code: string }[], ctx: z.RefinementCtx, path: string) {
  const seen = new Set<string>();
  list.forEach((c, i) => {
    if (seen.has(c.code)) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'code'], message: '同一类别写了两次' });
    }
    seen.add(c.code);
  });
}

export const keywordModelSchema = z
  .strictObject({
    /** The least score a category needs to be suggested. */
    threshold: z
      .number({ error: '起点分数请填数字' })
      .min(0.1, { error: '起点分数至少0.1' })
      .max(50, { error: '起点分数最多50' })
      .meta({ label: '起点分数' }),
    kinds: z.array(categorySchema(CONCERN_KINDS, '类别')).max(CONCERN_KINDS.length),
    topics: z.array(categorySchema(CONCERN_TOPICS, '方面')).max(CONCERN_TOPICS.length),
    /** True for the starter model written for the sample town (示例模型), not a town's own. */
    sample: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    uniqueCodes(m.kinds, ctx, 'kinds');
    uniqueCodes(m.topics, ctx, 'topics');
  });
export type KeywordModel = z.infer<typeof keywordModelSchema>;
export type KeywordModelInput = z.input<typeof keywordModelSchema>;

/**
 * The text as terms are matched against it: full-width forms folded (NFKC), lower case, no
 * whitespace, so 「垃 圾」 and 「垃圾」 match alike.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** One suggested field, with the words that made it. */
export interface FieldSuggestion<C extends string> {
  readonly code: C;
  readonly label: string;
  readonly score: number;
  /** The model's terms found in the text, in the model's order. */
  readonly matched: readonly string[];
}

export interface KeywordSuggestion {
  readonly kind: FieldSuggestion<ConcernKind> | null;
  readonly topic: FieldSuggestion<ConcernTopic> | null;
  /** 「因为提到了「垃圾」「清运」」, or null when nothing is suggested. */
  readonly reason: string | null;
  /** The suggestion came from the starter model (示例模型), not one the town tuned. */
  readonly sample: boolean;
}

interface Category<C extends string> {
  readonly code: C;
  readonly terms: readonly KeywordTerm[];
  readonly negative: readonly KeywordTerm[];
}

function best<C extends string>(
  text: string,
  categories: readonly Category<C>[],
  threshold: number,
  labels: Readonly<Record<C, string>>,
): FieldSuggestion<C> | null {
  let top: FieldSuggestion<C> | null = null;
  for (const c of categories) {
    const matched = c.terms.filter((t) => text.includes(t.term));
    if (matched.length === 0) continue;
    const plus = matched.reduce((sum, t) => sum + t.weight, 0);
    const minus = c.negative
      .filter((t) => text.includes(t.term))
      .reduce((sum, t) => sum + t.weight, 0);
    const score = Math.round((plus - minus) * 100) / 100;
    if (score < threshold || (top !== null && score <= top.score)) continue;
    top = { code: c.code, label: labels[c.code], score, matched: matched.map((t) => t.term) };
  }
  return top;
}

/** How many matched words a reason names at most. */
const REASON_WORDS = 4;

/** The kind and topic `model` suggests for `text`, each with the words that made it. */
export function suggestFromText(text: string, model: KeywordModel): KeywordSuggestion {
  const normalized = normalizeText(text);
  const kind = best(normalized, model.kinds, model.threshold, CONCERN_KIND_LABELS);
  const topic = best(normalized, model.topics, model.threshold, CONCERN_TOPIC_LABELS);
  const words = [...new Set([...(topic?.matched ?? []), ...(kind?.matched ?? [])])].slice(
    0,
    REASON_WORDS,
  );
  return {
    kind,
    topic,
    reason: words.length === 0 ? null : `因为提到了${words.map((w) => `「${w}」`).join('')}`,
    sample: model.sample,
  };
}

/** How often a model's suggestions match the kinds and topics of classified concerns. */
export interface KeywordEvaluation {
  /** Concerns looked at. */
  readonly total: number;
  readonly kind: FieldEvaluation;
  readonly topic: FieldEvaluation;
}

export interface FieldEvaluation {
  /** Concerns for which the model suggested something. */
  readonly suggested: number;
  /** Of those, how many suggestions equal the concern's final classification. */
  readonly matched: number;
  /** matched / total (null without concerns): how often the form would have been right. */
  readonly matchRate: number | null;
  /** matched / suggested (null when nothing was suggested): how often a suggestion is right. */
  readonly precision: number | null;
}

function rate(n: number, of: number): number | null {
  return of === 0 ? null : Math.round((n / of) * 1000) / 1000;
}

/** Runs `model` over classified texts and counts how often it agrees with them. */
export function evaluateModel(
  model: KeywordModel,
  samples: readonly { readonly text: string; readonly kind: string; readonly topic: string }[],
): KeywordEvaluation {
  const counts = { kind: { suggested: 0, matched: 0 }, topic: { suggested: 0, matched: 0 } };
  for (const s of samples) {
    const got = suggestFromText(s.text, model);
    for (const field of ['kind', 'topic'] as const) {
      const suggestion = got[field];
      if (suggestion === null) continue;
      counts[field].suggested += 1;
      if (suggestion.code === s[field]) counts[field].matched += 1;
    }
  }
  const field = (c: { suggested: number; matched: number }): FieldEvaluation => ({
    ...c,
    matchRate: rate(c.matched, samples.length),
    precision: rate(c.matched, c.suggested),
  });
  return { total: samples.length, kind: field(counts.kind), topic: field(counts.topic) };
}
