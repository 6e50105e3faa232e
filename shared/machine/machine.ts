/**
 * A small state-machine engine (状态机) for every lifecycle in the domain: a concern, a
 * mediation booking, a public-interest clue, a task. Each machine is a transition table,
 * so the rules can be read, rendered as documentation and tested as data; callers go
 * through intent functions (`concernIntents.accept(...)`) and named state groups
 * (`isOpen(concern)`) and never compare status strings themselves (docs/architecture.md §6, after
 * FixMyStreet's `is_open` / `is_fixed` / `is_closed`).
 *
 * Every accepted transition yields the audit event (审计记录) of that step; the use case
 * stores the new status and the event together.
 *
 * What the engine checks, in this order:
 *   1. the action exists                         → VALIDATION_FAILED (field `action`)
 *   2. the actor works in the subject's town      → FORBIDDEN
 *   3. the actor holds one of the allowed roles   → FORBIDDEN
 *   4. the action is allowed from the status      → CONFLICT
 *   5. a required note is present and not too long → VALIDATION_FAILED (field `note`)
 * Roles come before the state so that someone without the right never learns more about
 * a record than "you may not"; the state comes before the note so that nobody is asked
 * to write a reason for a step that cannot happen anyway.
 *
 * What the engine does NOT check: ownership. Whether this grid worker is the assignee of
 * this concern, or this villager its reporter, depends on records the machine does not
 * see; the use case checks it before calling the intent.
 *
 * County officers (县级管理人员) read across the towns of a county but never transition a
 * record: every step in a town's lifecycle is taken, and answered for, by someone in that
 * town's own chain (grid worker → community → centre, 督办 supervision). A county officer
 * who wants something done asks the town's centre. `defineMachine` refuses a table that
 * lists `county_officer`, and an actor from another town is always refused, so the rule
 * cannot be loosened by accident.
 */
import type { AuditEventDraft, SubjectType } from '../kernel/audit';
import { SUBJECT_TYPES } from '../kernel/audit';
import { appError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import type { Actor, Role } from '../kernel/roles';
import { ROLE_LABELS, ROLES } from '../kernel/roles';

/** Longest note an audit event keeps (mirrors `auditEventSchema.note`). */
export const NOTE_MAX_LENGTH = 2000;

/** One row of a transition table. */
export interface Transition<S extends string> {
  /** States the action may start from. */
  readonly from: readonly S[];
  /** The state it leads to; `'same'` records a step that keeps the status (e.g. 督办). */
  readonly to: S | 'same';
  /** Roles allowed to take it; the actor needs any one of them. */
  readonly roles: readonly Role[];
  /** Whether a note (reason, result) must accompany the step. */
  readonly noteRequired?: boolean;
  /** Chinese prompt shown when the required note is missing, e.g. '请写明不予受理的理由'. */
  readonly notePrompt?: string;
  /** Whether the reporter / villager sees this step in their own timeline. */
  readonly visibleToReporter: boolean;
  /** Chinese timeline label, e.g. '已受理'. */
  readonly label: string;
  /** Chinese verb phrase for refusals, read after 不能 / 没有权限, e.g. '受理'. */
  readonly verb: string;
}

/** A lifecycle: its states, their Chinese labels, the initial state and the transition table. */
export interface Machine<S extends string, A extends string> {
  readonly subjectType: SubjectType;
  /** How a villager refers to the subject in a sentence, e.g. '这件事', '这条线索'. */
  readonly noun: string;
  readonly states: readonly S[];
  readonly initial: S;
  readonly stateLabels: Readonly<Record<S, string>>;
  readonly transitions: Readonly<Record<A, Transition<S>>>;
}

/** Any machine, for code that works over all of them (docs, generic tests). */
export type AnyMachine = Machine<string, string>;

/** What the engine needs of a record: its id, its town and its status. */
export interface MachineSubject<S extends string> {
  readonly _id: string;
  readonly townId: string;
  readonly status: S;
}

/** When the step happens (ISO 8601 with offset) and the note that goes with it. */
export interface TransitionContext {
  readonly now: string;
  readonly note?: string;
}

/** The next status and the audit event that records the step. */
export interface TransitionOutcome<S extends string> {
  readonly status: S;
  readonly event: AuditEventDraft;
}

/** An intent function: one action of one machine, ready for a use case to call. */
export type Intent<S extends string> = (
  subject: MachineSubject<S>,
  actor: Actor,
  ctx: TransitionContext,
) => Result<TransitionOutcome<S>>;

const SAME = 'same';

/**
 * Checks a machine's table once, when its module loads, and freezes it. A broken table
 * is a programmer error, so this throws instead of returning a Result.
 */
export function defineMachine<S extends string, A extends string>(
  machine: Machine<S, A>,
): Machine<S, A> {
  const fail = (why: string): never => {
    throw new Error(`machine "${machine.subjectType}": ${why}`);
  };
  if (!SUBJECT_TYPES.includes(machine.subjectType)) fail('unknown subject type');
  if (machine.states.length === 0) fail('no states');
  if (new Set(machine.states).size !== machine.states.length) fail('duplicate states');
  if ((machine.states as readonly string[]).includes(SAME)) fail(`"${SAME}" is reserved`);
  if (!machine.states.includes(machine.initial)) fail(`initial state "${machine.initial}"`);
  for (const state of machine.states) {
    if (!machine.stateLabels[state]) fail(`state "${state}" has no label`);
  }
  const entries = Object.entries(machine.transitions) as [string, Transition<S>][];
  if (entries.length === 0) fail('no transitions');
  for (const [action, t] of entries) {
    const where = `action "${action}"`;
    if (t.from.length === 0) fail(`${where} starts from no state`);
    for (const s of t.from) if (!machine.states.includes(s)) fail(`${where} from "${s}"`);
    if (t.to !== SAME && !machine.states.includes(t.to)) fail(`${where} to "${t.to}"`);
    if (t.roles.length === 0) fail(`${where} allows no role`);
    for (const r of t.roles) if (!ROLES.includes(r)) fail(`${where} role "${r}"`);
    if (t.roles.includes('county_officer')) fail(`${where}: county officers read, never act`);
    if (!t.label || !t.verb) fail(`${where} needs a label and a verb`);
  }
  return Object.freeze(machine);
}

/** The table row for `action`, or undefined; guards against inherited keys like `toString`. */
function transitionOf<S extends string, A extends string>(
  machine: Machine<S, A>,
  action: string,
): Transition<S> | undefined {
  return Object.hasOwn(machine.transitions, action)
    ? (machine.transitions as Readonly<Record<string, Transition<S>>>)[action]
    : undefined;
}

/** Chinese label of a state, for screens, timelines and refusals. */
export function stateLabel<S extends string>(machine: Machine<S, string>, status: S): string {
  // A status outside the table only comes from a corrupt row; show it rather than nothing.
  return machine.stateLabels[status] ?? status;
}

/**
 * Actions in a stable order: by the earliest state (in the machine's state list) they start
 * from, then as written in the table — roughly the lifecycle, primary action first.
 */
export function orderedActions<A extends string>(machine: Machine<string, A>): A[] {
  const actions = Object.keys(machine.transitions) as A[];
  const firstFrom = (a: A): number =>
    Math.min(...machine.transitions[a].from.map((s) => machine.states.indexOf(s)));
  return actions
    .map((action, written) => ({ action, written, first: firstFrom(action) }))
    .sort((x, y) => x.first - y.first || x.written - y.written)
    .map((x) => x.action);
}

/**
 * Actions someone holding `roles` may take on a record in `status`, in the stable order of
 * `orderedActions` (for the buttons on a screen). Town and ownership are not considered.
 */
export function allowedActions<S extends string, A extends string>(
  machine: Machine<S, A>,
  status: S,
  roles: readonly Role[],
): A[] {
  return orderedActions(machine).filter((action) => {
    const t = machine.transitions[action];
    return t.from.includes(status) && t.roles.some((r) => roles.includes(r));
  });
}

/**
 * Takes `action` on `subject` for `actor`: the next status and the audit event of the step,
 * or a typed refusal (see the module comment for the order of checks). Pure: the subject
 * is not modified; the caller stores the outcome.
 */
export function applyTransition<S extends string, A extends string>(
  machine: Machine<S, A>,
  subject: MachineSubject<S>,
  action: string,
  actor: Actor,
  ctx: TransitionContext,
): Result<TransitionOutcome<S>> {
  const t = transitionOf(machine, action);
  if (t === undefined) {
    const message = '没有这个操作，请刷新后再试';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'action', message }], action }),
    );
  }

  if (actor.townId !== subject.townId) {
    const message = actor.roles.includes('county_officer')
      ? '县级管理人员可以查看各镇的记录，但不能替镇里办理'
      : `${machine.noun}不属于您所在的镇，您不能办理`;
    return err(appError('FORBIDDEN', message, { action, reason: 'other_town' }));
  }

  // The role recorded is the first of the actor's own roles (primary role first) that
  // the table allows, so a grid worker who is also a mediator is recorded as they act.
  const actorRole = actor.roles.find((r) => t.roles.includes(r));
  if (actorRole === undefined) {
    return err(
      appError('FORBIDDEN', `您没有权限${t.verb}`, {
        action,
        reason: 'role',
        allowedRoles: t.roles.map((r) => ROLE_LABELS[r]),
      }),
    );
  }

  if (!t.from.includes(subject.status)) {
    return err(
      appError(
        'CONFLICT',
        `${machine.noun}当前状态为「${stateLabel(machine, subject.status)}」，不能${t.verb}`,
        { action, status: subject.status },
      ),
    );
  }

  const note = ctx.note?.trim() || undefined;
  if (t.noteRequired && note === undefined) {
    const message = t.notePrompt ?? '请填写说明';
    return err(appError('VALIDATION_FAILED', message, { fields: [{ field: 'note', message }] }));
  }
  if (note !== undefined && note.length > NOTE_MAX_LENGTH) {
    const message = `说明不能超过${NOTE_MAX_LENGTH}字`;
    return err(appError('VALIDATION_FAILED', message, { fields: [{ field: 'note', message }] }));
  }

  const to: S = t.to === SAME ? subject.status : (t.to as S);
  const event: AuditEventDraft = {
    townId: subject.townId,
    subjectType: machine.subjectType,
    subjectId: subject._id,
    actorId: actor.accountId,
    actorRole,
    action,
    from: subject.status,
    to,
    at: ctx.now,
    ...(note === undefined ? {} : { note }),
    visibleToReporter: t.visibleToReporter,
  };
  return ok({ status: to, event });
}

/**
 * One intent function per action of `machine`, so callers write `concernIntents.accept(...)`
 * and never name an action or a status string.
 */
export function intentsFor<S extends string, A extends string>(
  machine: Machine<S, A>,
): { readonly [K in A]: Intent<S> } {
  const intents = {} as Record<A, Intent<S>>;
  for (const action of Object.keys(machine.transitions) as A[]) {
    intents[action] = (subject, actor, ctx) =>
      applyTransition(machine, subject, action, actor, ctx);
  }
  return Object.freeze(intents);
}

/**
 * True when the status (or the record's status) is in `group`. The building block of the
 * named state groups each machine exports (`isOpen`, `isUpcoming`, …).
 */
export function inGroup<S extends string>(
  group: readonly S[],
  subject: S | { readonly status: S },
): boolean {
  return group.includes(typeof subject === 'string' ? subject : subject.status);
}

/** A state with its Chinese label. */
export interface StateDescription {
  readonly state: string;
  readonly label: string;
}

/** A transition as documentation and screens show it. */
export interface TransitionDescription {
  readonly action: string;
  readonly label: string;
  readonly verb: string;
  readonly from: readonly StateDescription[];
  /** The target state, or `'same'` when the step keeps the status. */
  readonly to: StateDescription | 'same';
  readonly roles: readonly { readonly role: Role; readonly label: string }[];
  readonly noteRequired: boolean;
  readonly visibleToReporter: boolean;
}

/** A whole machine as documentation and screens show it. */
export interface MachineDescription {
  readonly subjectType: SubjectType;
  readonly noun: string;
  readonly initial: StateDescription;
  readonly states: readonly StateDescription[];
  readonly transitions: readonly TransitionDescription[];
}

/**
 * Lists a machine's states and transitions with their Chinese labels, transitions in the
 * stable order of `orderedActions`, so rendered docs do not churn when a table is edited.
 */
export function describeMachine<S extends string, A extends string>(
  machine: Machine<S, A>,
): MachineDescription {
  const state = (s: S): StateDescription => ({ state: s, label: stateLabel(machine, s) });
  return {
    subjectType: machine.subjectType,
    noun: machine.noun,
    initial: state(machine.initial),
    states: machine.states.map(state),
    transitions: orderedActions(machine).map((action) => {
      const t = machine.transitions[action];
      return {
        action,
        label: t.label,
        verb: t.verb,
        from: t.from.map(state),
        to: t.to === SAME ? SAME : state(t.to as S),
        roles: t.roles.map((role) => ({ role, label: ROLE_LABELS[role] })),
        noteRequired: t.noteRequired === true,
        visibleToReporter: t.visibleToReporter,
      };
    }),
  };
}
