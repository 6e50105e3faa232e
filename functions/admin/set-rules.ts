/**
 * `setRules`: a town replaces one of its rule sets — routing rules (分派规则), deadline rules
 * (限时办结), the keyword model (关键词) or the reading path. Each body is checked with its own
 * module's schema before it is stored, and the town's stored set then wins over the built-in
 * defaults wherever the rules are read. The holiday table (节假日安排) is a rule set too, but
 * it is entered through `saveHolidays` (manage-holidays.ts), which previews and then moves
 * every date it changes; `setRules` refuses it.
 *
 * Stored shape (collection `rules`), one document per town and kind:
 * `{ _id: '<townId>:<kind>', townId, kind, body, updatedAt, updatedBy }` where `body` is
 * - deadlines: `DeadlineRules` (`{ workingDays: { consultation: 3, … } }`);
 * - routing: `RoutingRule[]` (the array; read it back with `parseRoutingRules(body)`);
 * - holidays: the town's holiday table `{ years: { "2027": [{ name, from, to, workdays }] } }`,
 *   written by `saveHolidays` only (read it back with `parseStoredHolidays(body)`);
 * - keywords: the keyword model object as the admin saved it (its module validates on read).
 */
import type { DeadlineRules } from '../../shared/calendar/deadlines';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { parseRoutingRules } from '../../shared/routing/routing.rules';
import type { RuleSet, SetRulesInput } from '../../shared/validation/admin.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { RulesDoc } from '../runtime/town-rules';
import { rulesDocId } from '../runtime/town-rules';
import { RULES } from '../store/collections';
import { rulesWriter } from './admin.collections';

export type { RulesDoc } from '../runtime/town-rules';
export { rulesDocId } from '../runtime/town-rules';

export const RULE_SET_LABELS: Readonly<Record<RuleSet, string>> = {
  deadlines: '办理时限',
  routing: '分派规则',
  keywords: '关键词',
  holidays: '节假日安排',
  learning_path: '法德明白人必读文章',
};

/** Prefixes module errors' field paths with `rules.` so the form shows them in the right box. */
function underRules(error: AppError, label: string, prefix: string): AppError {
  const fields = (error.details?.fields ?? []).map((f) => ({
    field: f.field === '' ? prefix : `${prefix}.${f.field}`,
    message: f.message,
  }));
  const message = error.message.startsWith(label) ? error.message : `${label}：${error.message}`;
  return appError('VALIDATION_FAILED', message, { fields });
}

/** The body to store for a rule set, checked with its own module's schema. */
function checkedBody(input: SetRulesInput): Result<unknown> {
  switch (input.ruleSet) {
    case 'deadlines':
      return ok(input.rules satisfies DeadlineRules);
    case 'routing': {
      // The routing rule list arrives as `{ rules: [...] }` (a rule set is an object).
      const parsed = parseRoutingRules(input.rules.rules);
      return parsed.ok ? parsed : err(underRules(parsed.error, '分派规则有误', 'rules.rules'));
    }
    case 'holidays': {
      const message =
        '节假日安排请在“节假日安排”里录入（saveHolidays）：那里会先列出哪些期限、时段会变，再保存';
      return err(
        appError('VALIDATION_FAILED', message, { fields: [{ field: 'ruleSet', message }] }),
      );
    }
    case 'keywords':
    case 'learning_path':
      return ok(input.rules);
  }
}

export interface RulesSavedView {
  readonly ruleSet: RuleSet;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * `setRules`: replaces one rule set of the caller's town. `expectedVersion` (the version the
 * admin edited; 0 for "there was none") makes a concurrent edit answer CONFLICT instead of
 * overwriting. The centre (指挥中心) may tune the keyword model only.
 */
export async function setRules(
  ctx: AppContext,
  call: ActionCall<SetRulesInput>,
): Promise<Result<RulesSavedView>> {
  const { account, actor } = signedIn(call);
  const { input } = call;
  const isAdmin = actor.roles.includes('admin');
  if (!isAdmin && input.ruleSet !== 'keywords') {
    return err(appError('FORBIDDEN', '指挥中心只能调整关键词，其他规则请找管理员修改'));
  }
  const body = checkedBody(input);
  if (!body.ok) return body;
  const townId = account.townId;
  const id = rulesDocId(townId, input.ruleSet);
  const old = await RULES.get(ctx.store, id);
  const stale = () =>
    err(
      appError('CONFLICT', '这些规则刚被别人改过了，请刷新看看最新的内容再修改', {
        reason: 'stale',
      }),
    );
  if (input.expectedVersion !== undefined && input.expectedVersion !== (old?._version ?? 0)) {
    return stale();
  }
  return call.transact(townId, async (tx) => {
    const now = ctx.clock.nowIso();
    const doc: RulesDoc = {
      townId,
      kind: input.ruleSet,
      body: body.value,
      updatedAt: now,
      updatedBy: account._id,
    };
    const stored =
      old === null
        ? await rulesWriter.insert(tx, { _id: id, ...doc })
        : await rulesWriter.replace(tx, id, doc, { ifVersion: old._version });
    if (!stored.ok) return stale();
    const event = await appendEvent(ctx, tx, {
      townId,
      subjectType: 'rules',
      subjectId: id,
      actorId: account._id,
      actorRole: isAdmin ? 'admin' : 'center_operator',
      action: 'set_rules',
      from: old === null ? null : `v${old._version}`,
      to: `v${stored.value._version}`,
      at: now,
      note: `修改${RULE_SET_LABELS[input.ruleSet]}：${input.note}`,
      visibleToReporter: false,
    });
    if (!event.ok) return event;
    return ok({ ruleSet: input.ruleSet, version: stored.value._version, updatedAt: now });
  });
}
