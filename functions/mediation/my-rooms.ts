/**
 * `myRooms`: the rooms (调解室) the signed-in mediator runs — named on the room, or, for a
 * room naming nobody, responsible for the grid node where it sits (isRoomMediator) — so the
 * mediator's page lists them without reconstructing them from suggestions and tasks.
 */
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { scanParsed } from '../runtime/paging';
import { ROOMS } from '../store/collections';
import { isRoomMediator } from './mediation.records';
import type { RoomView } from './mediation.views';
import { toRoomView } from './mediation.views';

export interface MyRoomsReply {
  readonly rooms: readonly RoomView[];
}

export async function myRoomsUseCase(
  ctx: AppContext,
  call: ActionCall<Record<string, never>>,
): Promise<Result<MyRoomsReply>> {
  const { account } = signedIn(call);
  const rooms = await scanParsed(ctx, ROOMS, {
    where: { townId: account.townId },
    orderBy: { path: 'name', order: 'asc' },
  });
  return ok({
    rooms: rooms.docs.filter((r) => r.active && isRoomMediator(account, r)).map(toRoomView),
  });
}
