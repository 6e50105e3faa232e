/**
 * Who receives what a timer or a step raises — the community grid worker for a first-level 督办
 * (supervision), the centre for the second, a prosecutor for an overdue clue reply, a mediator
 * for a return visit. Found with the shared routing resolver and a one-rule rule set, so the
 * climb up the grid (village → community → town → the centre's fallback) and the reason shown
 * beside the task are the ones every routing decision uses.
 */
import type { Role } from '../../shared/kernel/roles';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import type { AssignmentScope, RoutingRule } from '../../shared/routing/routing.rules';
import type { RoutingDirectory, RoutingSubject } from '../../shared/routing/routing.types';
import type { TaskReason } from '../../shared/task/task.schema';
import type { TaskKind } from '../../shared/task/task.status';
import type { AppContext } from './context';
import { loadRoutingDirectory } from './directory';

/** What a timer asks for: a role, where to start looking, and the task it will make. */
export interface TimerAssignmentRule {
  readonly id: string;
  /** Shown in the task's reason; at most 30 characters. */
  readonly name: string;
  readonly role: Exclude<Role, 'villager' | 'system'>;
  readonly scope: AssignmentScope;
  readonly taskKind: TaskKind;
}

/** Loads the town's routing directory once per run, on first use. */
export function directoryLoader(ctx: AppContext, townId: string): () => Promise<RoutingDirectory> {
  let loaded: Promise<RoutingDirectory> | undefined;
  return () => (loaded ??= loadRoutingDirectory(ctx, townId));
}

/**
 * The person a timer step goes to, or null (logged) when nobody — not even the centre — can
 * take it. `exclude` keeps the current assignee from supervising their own work.
 */
export async function findAssignee(
  ctx: AppContext,
  directory: () => Promise<RoutingDirectory>,
  request: {
    readonly townId: string;
    readonly subject: RoutingSubject;
    readonly gridNodeId: string;
    readonly rule: TimerAssignmentRule;
    readonly exclude?: readonly (string | null | undefined)[];
  },
): Promise<Assignment | null> {
  const dir = await directory();
  const excluded = new Set(request.exclude ?? []);
  const rule: RoutingRule = {
    id: request.rule.id,
    name: request.rule.name,
    when: { subject: request.subject },
    assign: { role: request.rule.role, taskKind: request.rule.taskKind, scope: request.rule.scope },
    priority: 0,
  };
  const decision = route(
    { subject: request.subject, townId: request.townId, gridNodeId: request.gridNodeId },
    { ...dir, staff: dir.staff.filter((s) => !excluded.has(s._id)) },
    [rule],
  );
  if (!decision.ok) {
    ctx.log.error(
      { townId: request.townId, rule: request.rule.id, error: decision.error },
      'timer found nobody to receive its task',
    );
    return null;
  }
  return decision.value.primary;
}

const REASON_MAX = 200;

/**
 * A task's reason from a routing assignment: the rule that fired (or `fallbackRuleId` when
 * the centre's fallback took it) and the resolver's sentence, cut to the task schema's 200
 * characters.
 */
export function taskReasonOf(
  assignment: Assignment,
  fallbackRuleId: string = 'fallback.center',
): TaskReason {
  const explanation = assignment.reason.detail;
  return {
    ruleId: assignment.reason.ruleId ?? fallbackRuleId,
    explanation:
      explanation.length <= REASON_MAX ? explanation : `${explanation.slice(0, REASON_MAX - 1)}…`,
  };
}
