/**
 * How often the starter keyword model's suggestion matches the kind and topic of the labelled
 * texts written for the project (test/bench/keyword-texts.ts), against a baseline measured on
 * the same texts in the same run: always suggesting the most common label. A match rate is
 * matched / all texts (a text the model suggests nothing for counts as a miss); precision is
 * matched / suggested.
 */
import type { ConcernKind, ConcernTopic } from '../../shared/concern/concern.kinds';
import { evaluateModel } from '../../shared/concern/keywords';
import { SAMPLE_KEYWORD_MODEL } from '../../shared/concern/keywords.sample';
import { LABELLED_TEXTS } from './keyword-texts';

export interface KeywordBenchRow {
  readonly field: 'kind' | 'topic';
  readonly texts: number;
  readonly matchRate: number;
  readonly precision: number;
  /** Match rate of always answering the most common label. */
  readonly baseline: number;
  readonly ratio: number;
}

function mostCommonShare(labels: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.max(...counts.values()) / labels.length;
}

export function runKeywordBench(): KeywordBenchRow[] {
  const samples = LABELLED_TEXTS.map(([text, kind, topic]) => ({ text, kind, topic }));
  const result = evaluateModel(SAMPLE_KEYWORD_MODEL, samples);
  const rows: KeywordBenchRow[] = [];
  const labels: Record<'kind' | 'topic', readonly (ConcernKind | ConcernTopic)[]> = {
    kind: samples.map((s) => s.kind),
    topic: samples.map((s) => s.topic),
  };
  for (const field of ['kind', 'topic'] as const) {
    const baseline = mostCommonShare(labels[field]);
    const matchRate = result[field].matchRate ?? 0;
    rows.push({
      field,
      texts: result.total,
      matchRate,
      precision: result[field].precision ?? 0,
      baseline: Math.round(baseline * 1000) / 1000,
      ratio: Math.round((matchRate / baseline) * 100) / 100,
    });
  }
  return rows;
}
