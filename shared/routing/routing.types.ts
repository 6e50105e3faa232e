/**
 * The smallest shapes routing needs (docs/domain.md §2 "Routing"). They are structural on purpose:
 * the full stored entities (grid node, staff account, concern, clue, booking) carry many more
 * fields and satisfy these types as they are, so routing never depends on how the entity
 * schemas evolve. Optional fields also accept `null`, as stored rows often hold it.
 */
import type { ConcernKind, ConcernTopic } from '../concern/concern.kinds';
import type { Role } from '../kernel/roles';

import type { GridLevel } from '../grid/grid.schema';

export { GRID_LEVELS, GRID_LEVEL_LABELS } from '../grid/grid.schema';
export type { GridLevel } from '../grid/grid.schema';

/** One node of a town's grid tree; the town node is the root (`parentId: null`). */
export interface RoutingGridNode {
  readonly _id: string;
  readonly townId: string;
  readonly parentId: string | null;
  readonly level: GridLevel;
  readonly name: string;
}

/** A staff member as routing sees them: roles, the grid nodes they answer for, their department. */
export interface RoutingStaff {
  readonly _id: string;
  readonly townId: string;
  readonly roles: readonly Role[];
  /** Grid nodes this person is responsible for (a grid worker's villages, a mediator's room site). */
  readonly gridNodeIds: readonly string[];
  /** For department staff (部门人员): one of DEPARTMENT_CODES (routing.rules.ts). */
  readonly departmentCode?: string | null;
  /** Staff who left or are suspended stay on record but receive nothing. */
  readonly active: boolean;
}

/** Everything routing looks up: the grid, the staff and how busy each person is. */
export interface RoutingDirectory {
  readonly nodes: readonly RoutingGridNode[];
  readonly staff: readonly RoutingStaff[];
  /** Open tasks per staff `_id`; a missing entry counts as none. */
  readonly openTaskCount: Readonly<Record<string, number>>;
}

/** What is being routed: a concern (说事/诉求), a public-interest clue (公益诉讼线索) or a mediation booking. */
export const ROUTING_SUBJECTS = ['concern', 'clue', 'booking'] as const;
export type RoutingSubject = (typeof ROUTING_SUBJECTS)[number];

/**
 * The facts of a submission routing decides on. `gridNodeId` is where it happened (for a
 * booking: where the chosen room sits). `emergency` missing means not an emergency.
 */
export interface RoutingSubmission {
  readonly subject: RoutingSubject;
  readonly townId: string;
  readonly gridNodeId: string;
  readonly kind?: ConcernKind | null;
  readonly topic?: ConcernTopic | null;
  readonly clueDomain?: string | null;
  readonly emergency?: boolean | null;
}
