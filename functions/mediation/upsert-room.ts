/**
 * `upsertRoom`: an admin (or the centre) creates or changes a mediation room (调解室): its
 * kind, place, the disputes it takes, its weekly schedule, slot length and seats per slot.
 * The record is checked with the shared room schema before it is stored.
 */
import { GRID_LEVEL_LABELS } from '../../shared/grid/grid.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { RoomKind } from '../../shared/mediation/mediation.catalog';
import { MEDIATION_LEVEL_LABELS, roomKind } from '../../shared/mediation/mediation.catalog';
import type { Room, UpsertRoomInput, WeeklySession } from '../../shared/mediation/mediation.schema';
import { WEEKDAY_LABELS, roomSchema } from '../../shared/mediation/mediation.schema';
import type { NewEntity } from '../../shared/validation/entity';
import { fieldErrorsOf } from '../../shared/validation/parse';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { checkTownNodes } from '../runtime/directory';
import { roomWriter } from './mediation.collections';
import { ACCOUNTS, ROOMS } from '../store/collections';

/** A room as the admin screens show it. */
export interface RoomView {
  readonly roomId: string;
  readonly kind: { readonly code: string; readonly name: string };
  readonly name: string;
  readonly gridNodeId: string;
  readonly level: { readonly code: string; readonly label: string };
  readonly disputeTypes: readonly string[];
  readonly address: string;
  readonly phone: string | null;
  readonly schedule: readonly (WeeklySession & { readonly weekdayLabel: string })[];
  readonly slotMinutes: number;
  readonly seatsPerSlot: number;
  readonly closedOnHolidays: boolean;
  readonly closedDates: readonly string[];
  readonly mediatorIds: readonly string[];
  readonly active: boolean;
}

/** The admin's view of a room. */
export function toRoomView(room: NewEntity<Room>): RoomView {
  const kind: RoomKind = roomKind(room.kind);
  return {
    roomId: room._id,
    kind: { code: kind.code, name: kind.name },
    name: room.name,
    gridNodeId: room.gridNodeId,
    level: { code: room.level, label: MEDIATION_LEVEL_LABELS[room.level] },
    disputeTypes: [...room.disputeTypes],
    address: room.address,
    phone: room.phone ?? null,
    schedule: room.schedule.map((s) => ({ ...s, weekdayLabel: WEEKDAY_LABELS[s.weekday] ?? '' })),
    slotMinutes: room.slotMinutes,
    seatsPerSlot: room.seatsPerSlot,
    closedOnHolidays: room.closedOnHolidays,
    closedDates: [...room.closedDates],
    mediatorIds: [...room.mediatorIds],
    active: room.active,
  };
}

function invalid(field: string, message: string): Result<never> {
  return err(appError('VALIDATION_FAILED', message, { fields: [{ field, message }] }));
}

/**
 * `upsertRoom`: the room sits on a node of its own level, its kind sits at that level, no
 * other room of the node has its name, and its mediators are active mediators of the town.
 */
export async function upsertRoom(
  ctx: AppContext,
  call: ActionCall<UpsertRoomInput>,
): Promise<Result<RoomView>> {
  const { account, actor } = signedIn(call);
  const { input } = call;
  const townId = account.townId;
  const nodes = await checkTownNodes(ctx, townId, [input.gridNodeId], 'gridNodeId');
  if (!nodes.ok) return invalid('gridNodeId', '所在网格：在本镇找不到这个网格');
  const node = nodes.value[0];
  /* c8 ignore next */
  if (node === undefined) return err(appError('INTERNAL'));
  if (node.level !== input.level) {
    const label = GRID_LEVEL_LABELS[node.level];
    return invalid('level', `所在层级：“${node.name}”是${label}，这里应选${label}`);
  }
  const kind = roomKind(input.kind);
  if (!kind.levels.includes(input.level)) {
    const where = kind.levels.map((l) => MEDIATION_LEVEL_LABELS[l]).join('、');
    return invalid('level', `所在层级：${kind.name}只设在${where}一级`);
  }
  const mediators = await Promise.all(input.mediatorIds.map((id) => ACCOUNTS.get(ctx.store, id)));
  if (
    mediators.some(
      (m) =>
        m === null || m.townId !== townId || !m.roles.includes('mediator') || m.status !== 'active',
    )
  ) {
    return invalid('mediatorIds', '调解员：有的人不是本镇在岗的调解员，请重新选择');
  }
  const old = input.roomId === undefined ? null : await ROOMS.get(ctx.store, input.roomId);
  if (input.roomId !== undefined && (old === null || old.townId !== townId)) {
    return err(appError('NOT_FOUND', '没有找到这个调解室'));
  }
  const sameName = await ROOMS.query(ctx.store, {
    where: { townId, gridNodeId: input.gridNodeId, name: input.name },
    limit: 2,
  });
  if (sameName.docs.some((r) => r._id !== old?._id)) {
    return invalid('name', '名称：这个网格里已经有同名的调解室了');
  }
  const now = ctx.clock.nowIso();
  const { roomId: _roomId, ...fields } = input;
  const doc: NewEntity<Room> = {
    _id: old?._id ?? ctx.ids.newId('room'),
    townId,
    createdAt: old?.createdAt ?? now,
    updatedAt: now,
    ...fields,
    sample: old?.sample ?? false,
  };
  const checked = roomSchema.safeParse({ ...doc, _version: 0 });
  if (!checked.success) {
    const fieldsErr = fieldErrorsOf(roomSchema, checked.error.issues, doc);
    const first = fieldsErr[0]?.message ?? '调解室信息有误';
    return err(appError('VALIDATION_FAILED', first, { fields: fieldsErr }));
  }
  const { _version: _drop, ...body } = checked.data;
  return call.transact(townId, async (tx) => {
    const stored =
      old === null
        ? await roomWriter.insert(tx, body)
        : await roomWriter.replace(tx, old._id, body, { ifVersion: old._version });
    if (!stored.ok) return stored;
    const event = await appendEvent(ctx, tx, {
      townId,
      subjectType: 'room',
      subjectId: body._id,
      actorId: actor.accountId,
      actorRole: actor.roles.includes('admin') ? 'admin' : 'center_operator',
      action: old === null ? 'create_room' : 'update_room',
      from: null,
      to: body.active ? 'active' : 'inactive',
      at: now,
      note: `${kind.name}：${body.name}`,
      visibleToReporter: false,
    });
    return event.ok ? ok(toRoomView(body)) : event;
  });
}
