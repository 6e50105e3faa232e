/**
 * Who receives what a timer raises — the community grid worker for a first-level 督办
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
import type { TaskKind } from '../../shared/task/task.status';
import type { AppContext } from '../runtime/context';
import { loadRoutingDirectory } from '../runtime/directory';

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

/** The task reason for an assignment (the explanation fits the task schema's 200 characters). */
export function taskReasonOf(assignment: Assignment, fallbackRuleId: string) {
  return {
    ruleId: assignment.reason.ruleId ?? fallbackRuleId,
    explanation: assignment.reason.detail.slice(0, 200),
  };
}
