/**
 * The concern concept's (说事/诉求) public face: what other folders may call. Its steps write
 * concerns; nothing outside functions/concern/ does (depcruise: concepts are reached through
 * their api file, and only this folder imports its writers).
 */
export { loadConcern, loadPlace } from './concern.records';
export type { ConcernDoc } from './concern.records';
export { placeNameOf } from './concern.present';
export { dueUnitOf, excerpt } from './concern.views';
/** For the `deadlines` sweep. */
export { escalateOverdue, flagNearDue, nextEscalationLevel } from './escalate-concern';
export type { Directory } from './escalate-concern';
/** For the `reminders` run. */
export { returnVisit, RETURN_VISIT_ANSWER_WORKING_DAYS } from './ask-return-visit';
/** For mediation: a booking made from a concern, and its outcome closing it. */
export {
  linkBooking,
  loadConcernToClose,
  loadLinkableConcern,
  loadLinkedConcern,
  resolveLinkedConcern,
} from './close-linked-concern';
export type { ConcernToClose, LinkingCaller } from './close-linked-concern';
export { rebuildTownConcernStats } from './concern.collections';
/** For the statistics overview: the totals kept with every concern write. */
export { addCounts, concernStatsBuilt, emptyCounts } from './concern.aggregates';
/** For the deadlines folder: deadlines counted again when the town's holiday table changes. */
export { concernDeadlineOn, moveConcernDeadline } from './follow-calendar';
export type { ConcernDeadlineMove } from './follow-calendar';
/** For mediation: a failed or withdrawn mediation hands the concern back to its handler. */
export { returnLinkedConcern } from './return-linked-concern';
