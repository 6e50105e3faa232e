/**
 * The concern (说事/诉求) lifecycle as a transition table, after the hotline's
 * "分类处理、限时办结、督办回访、办结归档" (docs/domain.md §2):
 * submitted → assigned → accepted → in_progress → resolved → return visit (回访):
 * satisfied → archived, or unsatisfied → reopened → in_progress; side exits transferred
 * (转办 to a department, mediation, 信访 petition office or the prosecutor) and rejected
 * (不予受理, with a reason the villager sees). Escalation (督办 supervision) keeps the
 * status: it is a level on the concern plus an audit event.
 *
 * The reporter is told of every step that concerns them ("问题解决后反馈发现问题人员"), so
 * nearly every step is visibleToReporter; the exception is the centre's 督办 instruction,
 * whose note is addressed to staff (the villager already sees the overdue escalation).
 */
import type { Role } from '../kernel/roles';
import { defineMachine, inGroup, intentsFor } from '../machine/machine';
import type { ConcernStatus } from './concern.status';
import { CONCERN_STATUSES } from './concern.status';

export const CONCERN_ACTIONS = [
  'assign',
  'accept',
  'start',
  'resolve',
  'transfer',
  'reject',
  'requestExtension',
  'escalate',
  'supervise',
  'rateSatisfied',
  'rateUnsatisfied',
  'archive',
] as const;
export type ConcernAction = (typeof CONCERN_ACTIONS)[number];

/**
 * Named state groups. Together `open`, `awaitingRating` and `closed` cover every status
 * exactly once; `activeWork` is the part of `open` someone is working on (the inbox).
 */
export const CONCERN_GROUPS = {
  open: ['submitted', 'assigned', 'accepted', 'in_progress', 'reopened', 'transferred'],
  awaitingRating: ['resolved'],
  closed: ['satisfied', 'archived', 'rejected'],
  activeWork: ['assigned', 'accepted', 'in_progress', 'reopened'],
} as const satisfies Record<string, readonly ConcernStatus[]>;

/** Whoever handles a concern once it reaches them; ownership is the use case's check. */
const HANDLERS: readonly Role[] = [
  'grid_worker',
  'dept_officer',
  'mediator',
  'legal_adviser',
  'center_operator',
];

export const concernMachine = defineMachine<ConcernStatus, ConcernAction>({
  subjectType: 'concern',
  noun: '这件事',
  states: CONCERN_STATUSES,
  initial: 'submitted',
  stateLabels: {
    submitted: '已提交',
    assigned: '已派单',
    accepted: '已受理',
    in_progress: '办理中',
    resolved: '已办结',
    satisfied: '已评价满意',
    archived: '已归档',
    reopened: '重新办理',
    transferred: '已转办',
    rejected: '不予受理',
  },
  transitions: {
    // Routing (system) or the centre dispatches; again after a transfer reaches its
    // department, or after a reopening when the centre hands it to someone else.
    assign: {
      from: ['submitted', 'transferred', 'reopened'],
      to: 'assigned',
      roles: ['system', 'center_operator'],
      visibleToReporter: true,
      label: '已派单',
      verb: '派单',
    },
    accept: {
      from: ['assigned'],
      to: 'accepted',
      roles: HANDLERS,
      visibleToReporter: true,
      label: '已受理',
      verb: '受理',
    },
    start: {
      from: ['accepted', 'reopened'],
      to: 'in_progress',
      roles: HANDLERS,
      visibleToReporter: true,
      label: '开始办理',
      verb: '开始办理',
    },
    // transferred → resolved is how a linked mediation or clue outcome closes the concern;
    // the use case that records that outcome acts as `system`.
    resolve: {
      from: ['accepted', 'in_progress', 'transferred'],
      to: 'resolved',
      roles: [...HANDLERS, 'system'],
      noteRequired: true,
      notePrompt: '请写明办理结果',
      visibleToReporter: true,
      label: '已办结',
      verb: '办结',
    },
    transfer: {
      from: ['submitted', 'assigned', 'accepted', 'in_progress', 'reopened'],
      to: 'transferred',
      roles: HANDLERS,
      noteRequired: true,
      notePrompt: '请写明转给了哪里、为什么转办',
      visibleToReporter: true,
      label: '已转办',
      verb: '转办',
    },
    reject: {
      from: ['submitted', 'assigned', 'accepted'],
      to: 'rejected',
      roles: HANDLERS,
      noteRequired: true,
      notePrompt: '请写明不予受理的理由，村民会看到',
      visibleToReporter: true,
      label: '不予受理',
      verb: '作不予受理处理',
    },
    // 限时办结: asked before the deadline; the use case moves the deadline.
    requestExtension: {
      from: ['assigned', 'accepted', 'in_progress', 'reopened'],
      to: 'same',
      roles: HANDLERS,
      noteRequired: true,
      notePrompt: '请写明需要延期的原因，村民会看到',
      visibleToReporter: true,
      label: '申请延期',
      verb: '申请延期',
    },
    // Overdue work escalates one level at a time (grid worker → community → centre); the
    // timer does it, and the use case raises the concern's level.
    escalate: {
      from: CONCERN_GROUPS.open,
      to: 'same',
      roles: ['system'],
      visibleToReporter: true,
      label: '超期提级督办',
      verb: '提级督办',
    },
    supervise: {
      from: CONCERN_GROUPS.open,
      to: 'same',
      roles: ['center_operator'],
      noteRequired: true,
      notePrompt: '请写明督办要求',
      visibleToReporter: false,
      label: '指挥中心督办',
      verb: '督办',
    },
    // 回访 return visit: the villager taps 已解决, or the centre records a phone answer.
    rateSatisfied: {
      from: ['resolved'],
      to: 'satisfied',
      roles: ['villager', 'center_operator'],
      visibleToReporter: true,
      label: '评价：已解决',
      verb: '评价',
    },
    // 部分解决 and 未解决 both reopen; which one it was goes in the note.
    rateUnsatisfied: {
      from: ['resolved'],
      to: 'reopened',
      roles: ['villager', 'center_operator'],
      visibleToReporter: true,
      label: '评价：未完全解决，重新办理',
      verb: '评价',
    },
    // resolved → archived when the return visit got no answer in time.
    archive: {
      from: ['satisfied', 'resolved'],
      to: 'archived',
      roles: ['system', 'center_operator'],
      visibleToReporter: true,
      label: '已归档',
      verb: '归档',
    },
  },
});

/** One intent function per action: `concernIntents.accept(concern, actor, { now })`. */
export const concernIntents = intentsFor(concernMachine);

type ConcernLike = ConcernStatus | { readonly status: ConcernStatus };

/** Still to be handled (not awaiting the villager's rating, not closed). */
export function isOpen(concern: ConcernLike): boolean {
  return inGroup(CONCERN_GROUPS.open, concern);
}

/** Resolved and waiting for the return visit (回访) answer. */
export function isAwaitingRating(concern: ConcernLike): boolean {
  return inGroup(CONCERN_GROUPS.awaitingRating, concern);
}

/** Finished: rated satisfied, archived or rejected. */
export function isClosed(concern: ConcernLike): boolean {
  return inGroup(CONCERN_GROUPS.closed, concern);
}

/** In someone's hands right now (the part of an inbox that counts toward workload). */
export function isActiveWork(concern: ConcernLike): boolean {
  return inGroup(CONCERN_GROUPS.activeWork, concern);
}
