/**
 * Who may ever learn who raised a concern (说事人). One rule, used by every reply that could
 * name the reporter (concern views, their timelines, their pushes), so a new view cannot
 * decide differently by accident.
 *
 * A confidential (保密) concern's reporter is shown to the handling grid worker (网格员) and
 * the centre (指挥中心) only: never to a department (部门) that a transfer made the assignee,
 * a mediator (调解员) or legal adviser (法律顾问), the prosecutor liaison a transfer hands it
 * to, a neighbour, the admin or the county. An ordinary concern's reporter is shown to every
 * staff member who may read the concern at all (reading is checked elsewhere).
 */
import type { Role } from '../kernel/roles';
import type { Concern } from './concern.schema';

/** The viewer as the rule sees them: who, in which town, with which roles. */
export interface ReporterViewer {
  readonly _id: string;
  readonly townId: string;
  readonly roles: readonly Role[];
}

/** The parts of a concern the rule looks at. */
export type ReporterSubject = Pick<
  Concern,
  'townId' | 'reporterId' | 'confidential' | 'assigneeId' | 'departmentId' | 'transfer'
>;

/**
 * Whether `viewer` may see the reporter's name and (masked) phone of `concern`. The reporter
 * always sees themselves. For a confidential concern: the centre of its town, and its
 * assignee while it is still with the grid it was routed to — once a transfer (转办) hands
 * it to a department, a mediator, the petition office or the prosecutor liaison, the
 * assignee is that receiver and learns nothing of the reporter, even when the same person
 * also holds the grid worker's role.
 */
export function maySeeReporter(viewer: ReporterViewer, concern: ReporterSubject): boolean {
  if (viewer.townId !== concern.townId) return false;
  if (viewer._id === concern.reporterId) return true;
  if (!concern.confidential) return true;
  if (viewer.roles.includes('center_operator')) return true;
  return (
    concern.assigneeId === viewer._id &&
    viewer.roles.includes('grid_worker') &&
    concern.departmentId === undefined &&
    concern.transfer === undefined
  );
}
