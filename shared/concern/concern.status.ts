/**
 * Concern (说事/诉求) lifecycle states, after the hotline's
 * "分类处理、限时办结、督办回访、办结归档" (docs/domain.md §2).
 * Escalation (督办) is not a state: it is a level on the concern plus an audit event,
 * because overdue work keeps its status while the next level supervises it.
 */
export const CONCERN_STATUSES = [
  'submitted',
  'assigned',
  'accepted',
  'in_progress',
  'resolved',
  'satisfied',
  'archived',
  'reopened',
  'transferred',
  'rejected',
] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
