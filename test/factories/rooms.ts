/**
 * Mediation rooms (调解室) of the test town, one per rung the villager of the first village
 * climbs — the village's 群众说话室, the community's 老支书调解室, the town's 家事调解室 and
 * 警司联调 centre — plus one in the other community that this villager must never be offered.
 * Every room is validated with the shared room schema before it is stored. Rooms open
 * Monday–Friday 09:00–11:00 in one-hour slots.
 */
import type { Room } from '../../shared/mediation/mediation.schema';
import { roomSchema } from '../../shared/mediation/mediation.schema';
import type { Store, StoredDoc } from '../../functions/store/store.port';
import type { TestTown } from './town';

const T0 = '2025-11-01T09:00:00.000+08:00';

/** Monday to Friday, 09:00–11:00. */
export const WEEKDAY_MORNINGS: Room['schedule'] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '11:00',
}));

/** Builds a room record (validated) without storing it. */
export function roomRecord(
  town: TestTown,
  id: string,
  overrides: Partial<Room> & Pick<Room, 'kind' | 'name' | 'gridNodeId' | 'level' | 'disputeTypes'>,
): Room {
  return roomSchema.parse({
    _id: `${town.townId}-${id}`,
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    _version: 0,
    address: `${overrides.name}（村委会一楼）`,
    schedule: WEEKDAY_MORNINGS,
    slotMinutes: 60,
    seatsPerSlot: 1,
    ...overrides,
  });
}

/** Stores a room built by `roomRecord`. */
export async function addRoom(store: Store, room: Room): Promise<StoredDoc<Room>> {
  const { _version: _drop, ...body } = room;
  const stored = await store.insert<Omit<Room, '_version'>>('rooms', body);
  if (!stored.ok) throw new Error(`room insert failed: ${JSON.stringify(stored.error)}`);
  return stored.value as StoredDoc<Room>;
}

export interface TestRooms {
  /** 东关前村群众说话室 at the first village (family and neighbour disputes), one seat. */
  readonly villageTalk: StoredDoc<Room>;
  /** 东关新村老支书调解室 at the first community, one seat; its mediator is 孙老支书. */
  readonly oldSecretary: StoredDoc<Room>;
  /** 镇家事调解室 at the town, two seats a slot. */
  readonly townFamily: StoredDoc<Room>;
  /** 镇警司联调中心 at the town. */
  readonly townPolice: StoredDoc<Room>;
  /** 西岭新村老支书调解室, in the other community. */
  readonly otherCommunity: StoredDoc<Room>;
}

/** Creates the rooms of the test town. */
export async function createTestRooms(store: Store, town: TestTown): Promise<TestRooms> {
  const [c0, c1] = [town.communities[0]!, town.communities[1]!];
  const v00 = town.villages[0]![0]!;
  return {
    villageTalk: await addRoom(
      store,
      roomRecord(town, 'room-v00-talk', {
        kind: 'talk_room',
        name: '东关前村群众说话室',
        gridNodeId: v00._id,
        level: 'village',
        disputeTypes: ['elderly_support', 'inheritance', 'marriage', 'neighbour'],
      }),
    ),
    oldSecretary: await addRoom(
      store,
      roomRecord(town, 'room-c0-old', {
        kind: 'old_secretary',
        name: '东关新村老支书调解室',
        gridNodeId: c0._id,
        level: 'community',
        disputeTypes: ['neighbour', 'land', 'village_affairs'],
      }),
    ),
    townFamily: await addRoom(
      store,
      roomRecord(town, 'room-town-family', {
        kind: 'family_mediation',
        name: '镇家事调解室',
        gridNodeId: town.town._id,
        level: 'town',
        disputeTypes: ['elderly_support', 'marriage', 'neighbour', 'adoption'],
        seatsPerSlot: 2,
      }),
    ),
    townPolice: await addRoom(
      store,
      roomRecord(town, 'room-town-police', {
        kind: 'police_judicial',
        name: '镇警司联调中心',
        gridNodeId: town.town._id,
        level: 'town',
        disputeTypes: ['police_call', 'domestic_violence', 'neighbour'],
      }),
    ),
    otherCommunity: await addRoom(
      store,
      roomRecord(town, 'room-c1-old', {
        kind: 'old_secretary',
        name: '西岭新村老支书调解室',
        gridNodeId: c1._id,
        level: 'community',
        disputeTypes: ['neighbour', 'land'],
      }),
    ),
  };
}
