/**
 * The routing resolver (分派): one pure function from a submission, the town's directory and
 * the rules to the people who get a task, each with the reason it went there (docs/domain.md §2
 * "Routing", docs/architecture.md §6). The ladder, after FixMyStreet's per-category contact → body default →
 * fallback:
 *
 *   highest-priority matching rule → staff with the rule's role (and department) responsible
 *   for the place → the place's ancestors (village → community → town) → the town's
 *   governance centre (指挥中心, center_operator) → a loud INTERNAL error.
 *
 * A submission is never dropped silently. Among several eligible people at the same step the
 * one with the fewest open tasks wins, ties broken by `_id`, so the same input always gives
 * the same answer whatever order the directory lists things in.
 */
import type { AppError } from '../kernel/errors';
import { appError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import type { Role } from '../kernel/roles';
import { ROLE_LABELS } from '../kernel/roles';
import type { TaskKind } from '../task/task.status';
import { pathToRoot, townNodesById } from './grid.path';
import type { AssignmentScope, RoutingRule, RuleAssignment } from './routing.rules';
import { DEPARTMENT_LABELS } from '../grid/departments.catalog';
import type {
  RoutingDirectory,
  RoutingGridNode,
  RoutingStaff,
  RoutingSubject,
  RoutingSubmission,
} from './routing.types';
import { GRID_LEVEL_LABELS } from './routing.types';

/**
 * How the assignee was found: `rule` — the rule names a town-wide role (a department, the
 * prosecutor liaison); `place` — staff of the place the rule points at; `ancestor` — the
 * place had none, found by climbing the grid; `centre` — nobody found, the centre's fallback.
 */
export type RoutingStep = 'rule' | 'place' | 'ancestor' | 'centre';

/** Why a task went where it went, shown to the centre operator beside the task. */
export interface RoutingReason {
  /** The rule that fired; `null` when no rule matched and the centre took it. */
  readonly ruleId: string | null;
  readonly ruleName: string;
  readonly step: RoutingStep;
  /** One Chinese sentence, e.g. "规则「消防类诉求」→ 东关新村的网格员（前街村没有可分派的网格员，上溯到新村）". */
  readonly detail: string;
  /** The grid node whose staff took it (`null` for town-wide and centre steps). */
  readonly gridNodeId: string | null;
  /** How many eligible people the chosen one was picked from (least loaded wins). */
  readonly candidateCount: number;
  /** The chosen person's open tasks when routed. */
  readonly openTaskCount: number;
}

/** One task to create: who, acting in which role, what kind of task, and why. */
export interface Assignment {
  readonly assigneeId: string;
  /** The role the assignee acts in: the rule's role, or `center_operator` on the centre fallback. */
  readonly role: Role;
  readonly taskKind: TaskKind;
  readonly reason: RoutingReason;
}

/**
 * A secondary assignment (同时告知) that found nobody. The primary was still routed; the
 * use case records this in the audit so an admin can fix the roster.
 */
export interface UnassignedNote {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly role: Role;
  readonly departmentCode?: string;
  readonly taskKind: TaskKind;
  readonly detail: string;
}

/** The outcome of routing one submission: exactly one primary, then the others told. */
export interface RoutingDecision {
  readonly primary: Assignment;
  /** Never contains the primary assignee, nor anyone twice. */
  readonly secondary: readonly Assignment[];
  readonly unassigned: readonly UnassignedNote[];
  /** Every rule that matched, in the order tried; the first one fired. */
  readonly matchedRuleIds: readonly string[];
}

/** The task a submission makes when no rule matches and the centre dispatches it by hand. */
export const FALLBACK_TASK_KIND: Readonly<Record<RoutingSubject, TaskKind>> = {
  concern: 'handle_concern',
  clue: 'review_clue',
  booking: 'mediate',
};

const NO_RULE_NAME = '无适用规则';

/** True when every condition the rule sets holds for the submission. */
function ruleMatches(rule: RoutingRule, submission: RoutingSubmission): boolean {
  const when = rule.when;
  if (when.subject !== submission.subject) return false;
  if (when.kinds !== undefined && !includesValue(when.kinds, submission.kind)) return false;
  if (when.topics !== undefined && !includesValue(when.topics, submission.topic)) return false;
  if (when.clueDomains !== undefined && !includesValue(when.clueDomains, submission.clueDomain)) {
    return false;
  }
  if (when.emergency !== undefined && when.emergency !== (submission.emergency === true)) {
    return false;
  }
  return true;
}

function includesValue<T>(list: readonly T[], value: T | null | undefined): boolean {
  return value !== null && value !== undefined && list.includes(value);
}

/** Higher priority first; equal priorities by id, compared by code point (locale-free). */
function compareRules(a: RoutingRule, b: RoutingRule): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rules that apply to a submission, in the order the resolver tries them (the first one
 * fires). Also for the admin's rule editor: "which rules would this submission hit?".
 */
export function matchingRules(
  submission: RoutingSubmission,
  rules: readonly RoutingRule[],
): RoutingRule[] {
  return rules.filter((rule) => ruleMatches(rule, submission)).sort(compareRules);
}

/** What the resolver works with once the submission's place has been checked. */
interface Context {
  readonly path: readonly RoutingGridNode[];
  readonly staff: readonly RoutingStaff[];
  readonly load: (staffId: string) => number;
}

/** A search for one assignee: the rule and its assignment, or none (centre straight away). */
interface Search {
  readonly rule: RoutingRule | null;
  readonly assign: RuleAssignment | null;
  readonly taskKind: TaskKind;
  readonly secondary: boolean;
}

/** The Chinese name of the people an assignment asks for, e.g. "消防人员", "司法所的调解员". */
function whoLabel(role: Role, departmentCode: string | undefined): string {
  if (departmentCode === undefined) return ROLE_LABELS[role];
  const department = (DEPARTMENT_LABELS as Readonly<Record<string, string>>)[departmentCode];
  const name = department ?? departmentCode;
  // "消防人员", "自然资源和规划所人员"; other roles keep theirs: "司法所的调解员".
  return role === 'dept_officer' ? `${name}人员` : `${name}的${ROLE_LABELS[role]}`;
}

function isEligible(staff: RoutingStaff, assign: RuleAssignment): boolean {
  if (!staff.roles.includes(assign.role)) return false;
  return assign.departmentCode === undefined || staff.departmentCode === assign.departmentCode;
}

/** The least-loaded candidate, ties by `_id`; `undefined` for none. */
function leastLoaded(
  candidates: readonly RoutingStaff[],
  load: (id: string) => number,
): RoutingStaff | undefined {
  let best: RoutingStaff | undefined;
  for (const c of candidates) {
    if (
      best === undefined ||
      load(c._id) < load(best._id) ||
      (load(c._id) === load(best._id) && compareIds(c._id, best._id) < 0)
    ) {
      best = c;
    }
  }
  return best;
}

/** The index in the path where a scope starts looking (its community for `community`). */
function scopeStart(path: readonly RoutingGridNode[], scope: AssignmentScope): number {
  if (scope !== 'community') return 0;
  const index = path.findIndex((node) => node.level === 'community' || node.level === 'town');
  return index === -1 ? 0 : index;
}

function loadNote(count: number, openTasks: number): string | undefined {
  return count > 1 ? `${count}人中待办任务最少，${openTasks}件` : undefined;
}

function withNotes(text: string, notes: readonly (string | undefined)[]): string {
  const shown = notes.filter((n): n is string => n !== undefined);
  return shown.length === 0 ? text : `${text}（${shown.join('；')}）`;
}

/** The result of one search: the assignment, or what was searched in vain. */
type Found =
  | { readonly found: true; readonly assignment: Assignment }
  | { readonly found: false; readonly searched: readonly string[] };

/**
 * Runs the ladder for one assignment, skipping people already assigned for this submission.
 * Returns the searched node ids when even the centre has nobody left.
 */
function resolveOne(ctx: Context, search: Search, exclude: ReadonlySet<string>): Found {
  const { rule, assign } = search;
  const free = ctx.staff.filter((s) => !exclude.has(s._id));
  const ruleName = rule?.name ?? NO_RULE_NAME;
  const prefix = rule === null ? '' : `规则「${rule.name}」${search.secondary ? '同时告知' : ''}→ `;
  const make = (
    chosen: RoutingStaff,
    count: number,
    role: Role,
    step: RoutingStep,
    node: RoutingGridNode | null,
    detail: string,
  ): Found => ({
    found: true,
    assignment: {
      assigneeId: chosen._id,
      role,
      taskKind: search.taskKind,
      reason: {
        ruleId: rule?.id ?? null,
        ruleName,
        step,
        detail,
        gridNodeId: node?._id ?? null,
        candidateCount: count,
        openTaskCount: ctx.load(chosen._id),
      },
    },
  });

  const searched: string[] = [];
  let missing: string;
  if (assign === null) {
    missing = '没有适用的分派规则';
  } else {
    const who = whoLabel(assign.role, assign.departmentCode);
    const eligible = free.filter((s) => isEligible(s, assign));
    if (assign.scope === 'town') {
      const chosen = leastLoaded(eligible, ctx.load);
      if (chosen !== undefined) {
        const detail = withNotes(`${prefix}本镇的${who}`, [
          loadNote(eligible.length, ctx.load(chosen._id)),
        ]);
        return make(chosen, eligible.length, assign.role, 'rule', null, detail);
      }
      missing = `${prefix}本镇没有可分派的${who}`;
    } else {
      const start = scopeStart(ctx.path, assign.scope);
      for (let i = start; i < ctx.path.length; i += 1) {
        const node = ctx.path[i] as RoutingGridNode;
        const here = eligible.filter((s) => s.gridNodeIds.includes(node._id));
        const chosen = leastLoaded(here, ctx.load);
        if (chosen !== undefined) {
          const skipped = ctx.path.slice(start, i).map((n) => n.name);
          const climbed =
            skipped.length === 0
              ? undefined
              : `${skipped.join('、')}没有可分派的${who}，上溯到${GRID_LEVEL_LABELS[node.level]}`;
          const detail = withNotes(`${prefix}${node.name}的${who}`, [
            climbed,
            loadNote(here.length, ctx.load(chosen._id)),
          ]);
          const step = i === start ? 'place' : 'ancestor';
          return make(chosen, here.length, assign.role, step, node, detail);
        }
        searched.push(node._id);
      }
      const names = ctx.path.slice(start).map((n) => n.name);
      missing = `${prefix}${names.join('、')}都没有可分派的${who}`;
    }
  }

  // The explicit fallback: the town's governance centre dispatches by hand.
  const centre = free.filter((s) => s.roles.includes('center_operator'));
  const chosen = leastLoaded(centre, ctx.load);
  if (chosen !== undefined) {
    const detail = withNotes(`${missing}，转指挥中心分派`, [
      loadNote(centre.length, ctx.load(chosen._id)),
    ]);
    return make(chosen, centre.length, 'center_operator', 'centre', null, detail);
  }
  return { found: false, searched };
}

/** The rule's secondary assignments, each paired with the rule (none without a rule). */
function alsoOf(rule: RoutingRule | null): { rule: RoutingRule; assign: RuleAssignment }[] {
  return rule === null ? [] : (rule.also ?? []).map((assign) => ({ rule, assign }));
}

/** A count usable for comparison: missing, negative or non-finite counts read as none. */
function loadReader(openTaskCount: Readonly<Record<string, number>>): (id: string) => number {
  return (id) => {
    const n = Object.prototype.hasOwnProperty.call(openTaskCount, id) ? openTaskCount[id] : 0;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
  };
}

function placeError(message: string, submission: RoutingSubmission): AppError {
  return appError('VALIDATION_FAILED', message, {
    fields: [{ field: 'gridNodeId', message }],
    townId: submission.townId,
    gridNodeId: submission.gridNodeId,
  });
}

/**
 * Routes a submission to exactly one primary assignee and any secondary ones (同时告知).
 *
 * Fails with VALIDATION_FAILED (field `gridNodeId`) when the place is not a grid node of the
 * submission's town, and with INTERNAL when nobody — not even the governance centre — can
 * take it: a town without a centre operator is a roster error that must be seen, never a
 * reason to drop a villager's matter. Only active staff of the submission's town count.
 * Secondary assignments use the same ladder but skip everyone already assigned; one that
 * finds nobody is listed in `unassigned` rather than failing the whole routing.
 */
export function route(
  submission: RoutingSubmission,
  directory: RoutingDirectory,
  rules: readonly RoutingRule[],
): Result<RoutingDecision> {
  const townId = submission.townId;
  const place = directory.nodes.find((n) => n._id === submission.gridNodeId);
  if (place === undefined) {
    return err(placeError('没有找到所选的地点，请重新选择所在的村或网格', submission));
  }
  if (place.townId !== townId) {
    return err(placeError('所选的地点不属于本镇，请重新选择', submission));
  }

  const ctx: Context = {
    path: pathToRoot(townNodesById(directory.nodes, townId), place._id),
    staff: directory.staff.filter((s) => s.active && s.townId === townId),
    load: loadReader(directory.openTaskCount),
  };
  const matched = matchingRules(submission, rules);
  const rule = matched[0] ?? null;

  const assigned = new Set<string>();
  const primaryFound = resolveOne(
    ctx,
    {
      rule,
      assign: rule?.assign ?? null,
      taskKind: rule?.assign.taskKind ?? FALLBACK_TASK_KIND[submission.subject],
      secondary: false,
    },
    assigned,
  );
  if (!primaryFound.found) {
    return err(
      appError('INTERNAL', '没有找到可以处理的人员，本镇也没有指挥中心值班人员，请联系管理员', {
        submission: {
          subject: submission.subject,
          townId,
          gridNodeId: submission.gridNodeId,
          kind: submission.kind ?? null,
          topic: submission.topic ?? null,
          clueDomain: submission.clueDomain ?? null,
          emergency: submission.emergency === true,
        },
        ruleFired: rule?.id ?? null,
        rulesTried: matched.map((r) => r.id),
        searchedGridNodeIds: primaryFound.searched,
        wanted:
          rule === null
            ? null
            : {
                role: rule.assign.role,
                departmentCode: rule.assign.departmentCode ?? null,
                scope: rule.assign.scope,
              },
      }),
    );
  }
  const primary = primaryFound.assignment;
  assigned.add(primary.assigneeId);

  const secondary: Assignment[] = [];
  const unassigned: UnassignedNote[] = [];
  for (const { rule: r, assign: also } of alsoOf(rule)) {
    const found = resolveOne(
      ctx,
      { rule: r, assign: also, taskKind: also.taskKind, secondary: true },
      assigned,
    );
    if (found.found) {
      secondary.push(found.assignment);
      assigned.add(found.assignment.assigneeId);
      continue;
    }
    const centreInvolved = [primary, ...secondary].some((a) => a.role === 'center_operator');
    const who = whoLabel(also.role, also.departmentCode);
    unassigned.push({
      ruleId: r.id,
      ruleName: r.name,
      role: also.role,
      ...(also.departmentCode === undefined ? {} : { departmentCode: also.departmentCode }),
      taskKind: also.taskKind,
      detail: centreInvolved
        ? `规则「${r.name}」同时告知${who}：没有其他可分派的人员，已由指挥中心一并处理`
        : `规则「${r.name}」同时告知${who}：没有找到可分派的人员，本镇也没有其他指挥中心人员，请管理员补充人员名册`,
    });
  }

  return ok({ primary, secondary, unassigned, matchedRuleIds: matched.map((r) => r.id) });
}

/**
 * The decision as lines a centre operator reads beside the task: who leads (主办), who is
 * told as well (同时告知), what could not be assigned, and which other rules also matched.
 */
export function explainRouting(decision: RoutingDecision): string[] {
  const lines = [`主办：${decision.primary.reason.detail}`];
  for (const s of decision.secondary) lines.push(`同时告知：${s.reason.detail}`);
  for (const u of decision.unassigned) lines.push(`未能分派：${u.detail}`);
  const others = decision.matchedRuleIds.filter((id) => id !== decision.primary.reason.ruleId);
  if (others.length > 0) {
    lines.push(`另有 ${others.length} 条规则也适用，但优先级较低：${others.join('、')}`);
  }
  return lines;
}
