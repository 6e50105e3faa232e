/**
 * A town's tunable rules (collection `rules`), one document per town and kind, written by
 * the admin function's `setRules` and read here by every use case that needs them:
 * `{ _id: '<townId>:<kind>', townId, kind, body, updatedAt, updatedBy }`. A town without a
 * stored set uses the built-in defaults; a stored set that no longer parses is logged and the
 * defaults are used, because routing and deadlines must never stop.
 */
import type { DeadlineRules } from '../../shared/calendar/deadlines';
import { DEFAULT_DEADLINE_RULES, deadlineRulesSchema } from '../../shared/calendar/deadlines';
import type { RoutingRule } from '../../shared/routing/routing.rules';
import { DEFAULT_ROUTING_RULES, parseRoutingRules } from '../../shared/routing/routing.rules';
import type { RuleSet } from '../../shared/validation/admin.schema';
import { RULES } from '../store/collections';
import type { RulesRecord } from '../store/records/records';

/** A town's stored rule set, as written (the store adds `_id` and `_version`). */
export type RulesDoc = Omit<RulesRecord, '_id' | '_version'>;
import type { AppContext } from './context';
import type { KeywordModel } from '../../shared/concern/keywords';
import { keywordModelSchema } from '../../shared/concern/keywords';
import { SAMPLE_KEYWORD_MODEL } from '../../shared/concern/keywords.sample';
import { rulesDocId } from './rule-ids';

export { rulesDocId } from './rule-ids';

/** The stored body of one rule set, or undefined when the town has not saved one. */
export async function loadRuleBody(
  ctx: AppContext,
  townId: string,
  kind: RuleSet,
): Promise<unknown> {
  const doc = await RULES.get(ctx.store, rulesDocId(townId, kind));
  return doc === null || doc.townId !== townId ? undefined : doc.body;
}

/** The town's routing rules (分派规则). */
export async function loadRoutingRules(
  ctx: AppContext,
  townId: string,
): Promise<readonly RoutingRule[]> {
  const body = await loadRuleBody(ctx, townId, 'routing');
  if (body === undefined) return DEFAULT_ROUTING_RULES;
  const parsed = parseRoutingRules(body);
  if (parsed.ok) return parsed.value;
  ctx.log.warn(
    { townId, error: parsed.error },
    'stored routing rules do not parse; using defaults',
  );
  return DEFAULT_ROUTING_RULES;
}

/**
 * The town's keyword model (关键词模型) for suggesting a concern's kind and topic: its own when
 * it saved one, else the starter model written for the sample town (marked `sample`).
 */
export async function loadKeywordModel(ctx: AppContext, townId: string): Promise<KeywordModel> {
  const body = await loadRuleBody(ctx, townId, 'keywords');
  if (body === undefined) return SAMPLE_KEYWORD_MODEL;
  const parsed = keywordModelSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  ctx.log.warn({ townId }, 'stored keyword model does not parse; using the starter model');
  return SAMPLE_KEYWORD_MODEL;
}

/** The town's deadline rules (限时办结: working days per concern kind). */
export async function loadDeadlineRules(ctx: AppContext, townId: string): Promise<DeadlineRules> {
  const body = await loadRuleBody(ctx, townId, 'deadlines');
  if (body === undefined) return DEFAULT_DEADLINE_RULES;
  const parsed = deadlineRulesSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  ctx.log.warn({ townId }, 'stored deadline rules do not parse; using defaults');
  return DEFAULT_DEADLINE_RULES;
}
