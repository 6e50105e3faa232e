/**
 * Shared set-up of the mediation scenarios: a harness with the test town and its rooms, and
 * a booking input a villager would send.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestRooms } from '../factories/rooms';
import { createTestRooms } from '../factories/rooms';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import type { DocMeta } from '../../functions/store/store.port';
import type { Collection } from '../../functions/store/store.collection';

export const fn = mediationFunction;

/** Wednesday 2025-11-19 09:00, two days after the harness's Monday start. */
export const WED_9 = '2025-11-19T09:00:00.000+08:00';
export const WED_10 = '2025-11-19T10:00:00.000+08:00';
export const THU_9 = '2025-11-20T09:00:00.000+08:00';

export interface World {
  readonly h: Harness;
  readonly town: TestTown;
  readonly rooms: TestRooms;
}

/** A fresh in-memory world; close `h` after each test. */
export async function createWorld(): Promise<World> {
  const h = createHarness();
  const town = await createTestTown(h.store);
  const rooms = await createTestRooms(h.store, town);
  return { h, town, rooms };
}

/** What the villager 王秀兰 sends to book `roomId` at `slotStart`. */
export function bookInput(roomId: string, slotStart: string, overrides: object = {}) {
  return {
    roomId,
    slotStart,
    applicant: { name: '王秀兰', phone: '139 0000 0001' },
    parties: [{ name: '李大山', phone: '13700001111', relation: '邻居' }],
    disputeType: 'neighbour',
    summary: '两家之间的排水沟被堵，下雨天水流进我家院子',
    consent: true,
    ...overrides,
  };
}

/** Books as the town's villager and answers the booking. */
export async function bookAsVillager(
  world: World,
  roomId: string,
  slotStart: string,
  overrides: object = {},
): Promise<BookingView> {
  return world.h.ok<BookingView>(fn, 'book', bookInput(roomId, slotStart, overrides), {
    as: world.town.people.villager,
  });
}

/** Every record of a collection, parsed (small test stores only). */
export async function all<R extends DocMeta>(world: World, collection: Collection<R>) {
  const page = await collection.query(world.h.store, { limit: 1000 });
  return page.docs;
}
