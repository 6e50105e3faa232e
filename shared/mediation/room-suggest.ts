/**
 * Proposing mediation rooms (调解室) for a dispute (docs/domain.md §2 "Mediation"): a villager picks
 * what the dispute is about and is shown the rooms that take it, nearest first — the
 * village's own 群众说话室, then its community's (新村) rooms such as the 老支书调解室, then
 * the town's (镇) — which follows the mediation ladder 自然村调解小组 → 新村调委会 → 镇调委会.
 * Disputes likely to escalate are flagged for the police at once (警司联调).
 */
import { appError } from '../kernel/errors';
import { URGENT_TO_POLICE_DISPUTE_TYPES } from './mediation.catalog';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import { pathToRoot, townNodesById } from '../routing/grid.path';
import type { GridLevel, RoutingGridNode } from '../routing/routing.types';

/** A mediation room as suggestion needs it; the stored room entity satisfies this shape. */
export interface SuggestableRoom {
  readonly _id: string;
  readonly townId: string;
  /** The room's kind code (e.g. family, old secretary, police–judicial); shown by its name. */
  readonly kind: string;
  readonly name: string;
  /** The grid node where the room sits. */
  readonly gridNodeId: string;
  /** Dispute type codes the room takes. */
  readonly disputeTypes: readonly string[];
  readonly active: boolean;
}

/**
 * Dispute types that go to the police at once (警情 likely to escalate), from the mediation
 * catalog: 警情纠纷 (handled by 警司联调) and 家庭暴力.
 */
export const DEFAULT_URGENT_TO_POLICE_TYPES: ReadonlySet<string> = new Set(
  URGENT_TO_POLICE_DISPUTE_TYPES,
);

/** What the villager is told when a dispute must go to the police first. */
export const URGENT_TO_POLICE_NOTICE =
  '这类纠纷可能激化，请立即拨打 110 报警或到派出所求助；警司联调会同步介入调解。';

/** One proposed room and why it is proposed. */
export interface RoomSuggestion<R extends SuggestableRoom = SuggestableRoom> {
  readonly room: R;
  /** Grid steps up from the villager's place: 0 their own node, 1 its parent, … */
  readonly distance: number;
  /** Level of the grid node where the room sits. */
  readonly level: GridLevel;
  /** e.g. "本村的群众说话室受理赡养纠纷". */
  readonly reason: string;
}

export interface RoomSuggestions<R extends SuggestableRoom = SuggestableRoom> {
  /** Nearest first; rooms at the same node by name, then id. */
  readonly rooms: readonly RoomSuggestion<R>[];
  /** True when the dispute must be reported to the police at once (see `notice`). */
  readonly urgentToPolice: boolean;
  readonly notice?: string;
}

export interface SuggestRoomsOptions {
  /** Dispute types to send to the police at once; DEFAULT_URGENT_TO_POLICE_TYPES if absent. */
  readonly urgentToPoliceTypes?: ReadonlySet<string>;
  /** The dispute type's Chinese name for the reasons, e.g. "赡养纠纷"; "这类纠纷" if absent. */
  readonly disputeTypeLabel?: string;
}

/** How the villager's own node is named in a reason: "本村", "本新村", "本巷". */
const OWN_PLACE: Readonly<Record<GridLevel, string>> = {
  town: '本镇',
  community: '本新村',
  village: '本村',
  street: '本街',
  lane: '本巷',
};

/** Code-point order: locale collation differs between phones' JS engines, this does not. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rooms of the place's town that take `disputeType`, nearest grid level first (the place
 * itself, then each ancestor up to the town), each with a Chinese reason. Only active rooms
 * sitting on the place's own path to the town count: another village's 群众说话室 is not
 * this villager's. Fails with VALIDATION_FAILED on `gridNodeId` for an unknown place.
 */
export function suggestRooms<R extends SuggestableRoom>(
  disputeType: string,
  gridNodeId: string,
  rooms: readonly R[],
  nodes: readonly RoutingGridNode[],
  options: SuggestRoomsOptions = {},
): Result<RoomSuggestions<R>> {
  const place = nodes.find((n) => n._id === gridNodeId);
  if (place === undefined) {
    const message = '没有找到所选的地点，请重新选择所在的村或网格';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'gridNodeId', message }] }),
    );
  }
  const path = pathToRoot(townNodesById(nodes, place.townId), place._id);
  const label = options.disputeTypeLabel ?? '这类纠纷';

  const seen = new Set<string>();
  const suggestions: RoomSuggestion<R>[] = [];
  path.forEach((node, distance) => {
    const here = rooms
      .filter(
        (room) =>
          room.active &&
          room.townId === place.townId &&
          room.gridNodeId === node._id &&
          room.disputeTypes.includes(disputeType),
      )
      .sort((a, b) => compareText(a.name, b.name) || compareText(a._id, b._id));
    for (const room of here) {
      if (seen.has(room._id)) continue;
      seen.add(room._id);
      const where = distance === 0 ? OWN_PLACE[node.level] : node.name;
      suggestions.push({
        room,
        distance,
        level: node.level,
        reason: `${where}的${room.name}受理${label}`,
      });
    }
  });

  const urgentTypes = options.urgentToPoliceTypes ?? DEFAULT_URGENT_TO_POLICE_TYPES;
  const urgentToPolice = urgentTypes.has(disputeType);
  return ok(
    urgentToPolice
      ? { rooms: suggestions, urgentToPolice, notice: URGENT_TO_POLICE_NOTICE }
      : { rooms: suggestions, urgentToPolice },
  );
}
