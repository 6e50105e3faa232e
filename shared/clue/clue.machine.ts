/**
 * The public-interest clue (公益诉讼线索) review as a transition table (docs/domain.md §2):
 * received → under_review → (more_info_requested ↔ verifying) → accepted | not_accepted
 * (with a reason) | transferred (to an administrative body).
 *
 * The procuratorate's 件件有回复 rule ("every clue gets an answer") means the reporter is
 * told of every step in words they can read, so every transition is visibleToReporter.
 * The grid worker's 核实 (on-the-spot verification) findings live on the clue for the
 * prosecutor; the reporter's timeline shows that the verification was done. Who the
 * reporter is stays hidden from grid workers — that is the reply mappers' job, not this table's.
 */
import { defineMachine, inGroup, intentsFor } from '../machine/machine';
import type { ClueStatus } from './clue.status';
import { CLUE_STATUSES } from './clue.status';

export const CLUE_ACTIONS = [
  'startReview',
  'requestMoreInfo',
  'requestVerification',
  'reportVerification',
  'recordVerification',
  'supplyInfo',
  'accept',
  'notAccept',
  'transfer',
] as const;
export type ClueAction = (typeof CLUE_ACTIONS)[number];

/** Named state groups; `pendingReview` and `decided` cover every status exactly once. */
export const CLUE_GROUPS = {
  pendingReview: ['received', 'under_review', 'more_info_requested', 'verifying'],
  decided: ['accepted', 'not_accepted', 'transferred'],
} as const satisfies Record<string, readonly ClueStatus[]>;

export const clueMachine = defineMachine<ClueStatus, ClueAction>({
  subjectType: 'clue',
  noun: '这条线索',
  states: CLUE_STATUSES,
  initial: 'received',
  stateLabels: {
    received: '已收到',
    under_review: '审查中',
    more_info_requested: '待补充材料',
    verifying: '现场核实中',
    accepted: '已受理',
    not_accepted: '不予受理',
    transferred: '已移送行政机关',
  },
  transitions: {
    startReview: {
      from: ['received'],
      to: 'under_review',
      roles: ['prosecutor_liaison', 'prosecutor'],
      visibleToReporter: true,
      label: '开始审查',
      verb: '开始审查',
    },
    requestMoreInfo: {
      from: ['under_review', 'verifying'],
      to: 'more_info_requested',
      roles: ['prosecutor_liaison', 'prosecutor'],
      noteRequired: true,
      notePrompt: '请写明需要举报人补充哪些材料',
      visibleToReporter: true,
      label: '请您补充材料',
      verb: '要求补充材料',
    },
    requestVerification: {
      from: ['under_review', 'more_info_requested'],
      to: 'verifying',
      roles: ['prosecutor_liaison', 'prosecutor'],
      visibleToReporter: true,
      label: '安排现场核实',
      verb: '安排核实',
    },
    // The grid worker's 核实 report; the findings themselves are stored on the clue.
    reportVerification: {
      from: ['verifying'],
      to: 'under_review',
      roles: ['grid_worker'],
      visibleToReporter: true,
      label: '现场核实完成',
      verb: '提交核实结果',
    },
    // The grid worker of the place gets a 核实 task as soon as the clue arrives (routing), so
    // a report may come before anyone asked for one: kept on the clue, the status unchanged.
    recordVerification: {
      from: ['received', 'under_review', 'more_info_requested'],
      to: 'same',
      roles: ['grid_worker'],
      visibleToReporter: true,
      label: '网格员已到现场核实',
      verb: '提交核实结果',
    },
    // The reporter answers, or the liaison records what they said by phone.
    supplyInfo: {
      from: ['more_info_requested'],
      to: 'under_review',
      roles: ['villager', 'prosecutor_liaison'],
      visibleToReporter: true,
      label: '已补充材料',
      verb: '补充材料',
    },
    accept: {
      from: ['under_review'],
      to: 'accepted',
      roles: ['prosecutor'],
      visibleToReporter: true,
      label: '线索已受理',
      verb: '受理',
    },
    notAccept: {
      from: ['under_review'],
      to: 'not_accepted',
      roles: ['prosecutor'],
      noteRequired: true,
      notePrompt: '请写明不予受理的理由，举报人会看到',
      visibleToReporter: true,
      label: '不予受理',
      verb: '作不予受理决定',
    },
    transfer: {
      from: ['under_review'],
      to: 'transferred',
      roles: ['prosecutor'],
      noteRequired: true,
      notePrompt: '请写明移送给哪个行政机关、为什么移送',
      visibleToReporter: true,
      label: '已移送行政机关',
      verb: '移送',
    },
  },
});

/** One intent function per action: `clueIntents.startReview(clue, actor, { now })`. */
export const clueIntents = intentsFor(clueMachine);

type ClueLike = ClueStatus | { readonly status: ClueStatus };

/** Not yet decided: the 7-working-day and 3-month reply deadlines still run. */
export function isPendingReview(clue: ClueLike): boolean {
  return inGroup(CLUE_GROUPS.pendingReview, clue);
}

/** Accepted, not accepted or transferred: the reporter has their answer. */
export function isDecided(clue: ClueLike): boolean {
  return inGroup(CLUE_GROUPS.decided, clue);
}
