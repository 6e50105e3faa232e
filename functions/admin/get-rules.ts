/**
 * `admin.getRules`: the town's rule sets as the rule forms edit them, each with its version
 * (send it back to `setRules` as `expectedVersion`). A set the town never saved reads as the
 * built-in defaults with version 0, so the form starts from what is in force.
 */
import { DEFAULT_DEADLINE_RULES } from '../../shared/calendar/deadlines';
import { SAMPLE_KEYWORD_MODEL } from '../../shared/concern/keywords.sample';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import { DEFAULT_ROUTING_RULES } from '../../shared/routing/routing.rules';
import type { RuleSet } from '../../shared/validation/admin.schema';
import { RULE_SETS } from '../../shared/validation/admin.schema';
import type { GetRulesInput } from '../../shared/validation/admin-reads.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { rulesDocId } from '../runtime/town-rules';
import { RULES } from '../store/collections';
import { namesOfPeople } from './admin.records';
import type { RuleSetView } from './admin.views';
import { RULE_SET_LABELS } from './set-rules';

/** What is in force while a town has not saved a set, in the shape `setRules` takes. */
function defaultBody(ruleSet: RuleSet): unknown {
  switch (ruleSet) {
    case 'deadlines':
      return DEFAULT_DEADLINE_RULES;
    case 'routing':
      return { rules: DEFAULT_ROUTING_RULES };
    case 'keywords':
      return SAMPLE_KEYWORD_MODEL;
    case 'holidays':
      return {};
    case 'learning_path':
      // No path of its own: every published article flagged for the reading path forms it.
      return null;
  }
}

/** A stored body in the shape `setRules` takes (routing rules are stored as the bare list). */
function formBody(ruleSet: RuleSet, body: unknown): unknown {
  return ruleSet === 'routing' ? { rules: body } : body;
}

export interface RulesView {
  readonly items: readonly RuleSetView[];
}

export async function getRules(
  ctx: AppContext,
  call: ActionCall<GetRulesInput>,
): Promise<Result<RulesView>> {
  const { account } = signedIn(call);
  const townId = account.townId;
  const sets = call.input.ruleSet === undefined ? RULE_SETS : [call.input.ruleSet];
  const docs = [];
  for (const ruleSet of sets) {
    const doc = await RULES.get(ctx.store, rulesDocId(townId, ruleSet));
    docs.push({ ruleSet, doc: doc !== null && doc.townId === townId ? doc : null });
  }
  const people = await namesOfPeople(
    ctx,
    townId,
    docs.flatMap((d) => (d.doc === null ? [] : [d.doc.updatedBy])),
  );
  return ok({
    items: docs.map(({ ruleSet, doc }) => ({
      ruleSet: { code: ruleSet, label: RULE_SET_LABELS[ruleSet] },
      version: doc?._version ?? 0,
      custom: doc !== null,
      body: doc === null ? defaultBody(ruleSet) : formBody(ruleSet, doc.body),
      updatedAt: doc?.updatedAt ?? null,
      updatedBy: doc === null ? null : (people.get(doc.updatedBy) ?? null),
    })),
  });
}
