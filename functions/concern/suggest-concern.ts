/**
 * Helping the villager say it (帮村民说清楚): while they type, the town's keyword model
 * suggests the kind and topic of their concern with the words that made it (`suggest`); the
 * villager confirms or changes it. The centre (指挥中心) tunes the model and sees, on the
 * town's own recent concerns, how often it agrees with how they were classified
 * (`evaluateKeywords`), for the saved model and for a draft before saving it.
 */
import type {
  EvaluateKeywordsInput,
  SuggestConcernInput,
} from '../../shared/concern/concern.schema';
import type { KeywordEvaluation, KeywordSuggestion } from '../../shared/concern/keywords';
import { evaluateModel, suggestFromText } from '../../shared/concern/keywords';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { loadKeywordModel } from '../runtime/town-rules';
import { CONCERNS } from '../store/collections';

/** The kind and topic the town's model reads in `text` (nothing is stored). */
export async function suggestConcern(
  ctx: AppContext,
  call: ActionCall<SuggestConcernInput>,
): Promise<Result<KeywordSuggestion>> {
  const { account } = signedIn(call);
  const model = await loadKeywordModel(ctx, account.townId);
  return ok(suggestFromText(call.input.text, model));
}

/** How many of the town's newest concerns an evaluation reads. */
export const EVALUATION_SAMPLE = 500;

export interface KeywordEvaluationView {
  /** The model the town uses now. */
  readonly current: KeywordEvaluation & { readonly sample: boolean };
  /** The draft sent with the request, on the same concerns; null without one. */
  readonly draft: KeywordEvaluation | null;
}

/** How the town's model (and a draft) agree with the town's recent concerns. */
export async function evaluateKeywords(
  ctx: AppContext,
  call: ActionCall<EvaluateKeywordsInput>,
): Promise<Result<KeywordEvaluationView>> {
  const { account } = signedIn(call);
  const [model, page] = await Promise.all([
    loadKeywordModel(ctx, account.townId),
    CONCERNS.query(ctx.store, {
      where: { townId: account.townId },
      orderBy: { path: 'createdAt', order: 'desc' },
      limit: EVALUATION_SAMPLE,
    }),
  ]);
  const samples = page.docs.map((c) => ({ text: c.text, kind: c.kind, topic: c.topic }));
  const draft = call.input.model;
  return ok({
    current: { ...evaluateModel(model, samples), sample: model.sample },
    draft: draft === undefined ? null : evaluateModel(draft, samples),
  });
}
