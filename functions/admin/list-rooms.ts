/** `admin.listRooms`: the town's mediation rooms (调解室) by name, with their weekly schedules. */
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ListRoomsInput } from '../../shared/validation/admin-reads.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { filteredPage } from '../runtime/paging';
import { ROOMS } from '../store/collections';
import type { RoomView } from '../mediation/mediation.api';
import { toRoomView } from '../mediation/mediation.api';

export interface RoomPage {
  readonly items: readonly RoomView[];
  readonly nextCursor: string | null;
}

export async function listRooms(
  ctx: AppContext,
  call: ActionCall<ListRoomsInput>,
): Promise<Result<RoomPage>> {
  const { account } = signedIn(call);
  const { cursor, limit } = call.input;
  const page = await filteredPage(
    ctx,
    ROOMS,
    {
      where: { townId: account.townId },
      orderBy: { path: 'name', order: 'asc' },
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
    () => true,
  );
  if (!page.ok) return page;
  return ok({ items: page.value.docs.map(toRoomView), nextCursor: page.value.nextCursor });
}
