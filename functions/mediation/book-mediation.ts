/**
 * Finding a room and booking it (调解预约): rooms that take the dispute, nearest first; the
 * free slots of a room; and the booking itself — one transaction that takes a seat, stores
 * the booking (waiting for the other party's consent, 人民调解法: mediation is voluntary),
 * gives the room's mediator a `mediate` task, queues the reminder for 09:00 the day before
 * and tells the applicant.
 */
import type { Account } from '../../shared/account/account.schema';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { bookingMachine } from '../../shared/mediation/booking.machine';
import { mediationTargetDueAt } from '../../shared/calendar/deadlines';
import { addCalendarDays } from '../../shared/calendar/working-days';
import { toLocalDate } from '../../shared/calendar/china-time';
import { DISPUTE_TYPE_LABELS } from '../../shared/mediation/mediation.catalog';
import type { DisputeType } from '../../shared/mediation/mediation.catalog';
import type { BookInput, Room } from '../../shared/mediation/mediation.schema';
import { suggestRooms } from '../../shared/mediation/room-suggest';
import { GRID_LEVEL_LABELS } from '../../shared/grid/grid.schema';
import type { GridLevel } from '../../shared/grid/grid.schema';
import { DEFAULT_ROUTING_RULES } from '../../shared/routing/routing.rules';
import { route } from '../../shared/routing/routing.resolver';
import type { TaskReason } from '../../shared/task/task.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import { createTask } from '../runtime/tasks';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import { isInScope, loadGrid, loadRoutingDirectory } from '../runtime/directory';
import { queryAll, scanParsed } from '../runtime/paging';
import type { StoredDoc } from '../store/store.port';
import { linkBooking, loadLinkableConcern } from '../concern/concern.api';
import { holdSeat, scheduleReminder } from './mediation.steps';
import type { BookingRecord } from './mediation.records';
import { loadRoom } from './mediation.records';
import type { BookingView, ListSlotsReply, SuggestRoomsReply } from './mediation.views';
import { closedYearsNotice } from './mediation.views';

import {
  confirmationEligibility,
  MEDIATION_NOTICE,
  toBookingView,
  toRoomView,
} from './mediation.views';
import { canonicalInstant, startOfLocalDay } from '../../shared/calendar/china-time';
import { closedYears, findSlot, reminderAt, slotLabel, slotsBetween } from './mediation.slots';
import { ACCOUNTS, BOOKINGS, GRID_NODES, ROOMS, SLOT_SEATS } from '../store/collections';
import { bookingWriter } from './mediation.collections';

/** How far ahead a slot may be booked: a month's target needs no longer horizon. */
export const MAX_BOOKING_AHEAD_DAYS = 60;

function fieldError(
  code: 'VALIDATION_FAILED' | 'CONFLICT',
  field: string,
  message: string,
): Result<never> {
  return err(appError(code, message, { fields: [{ field, message }] }));
}

/** Every room of a town, parsed; a row that no longer fits its schema is logged and skipped. */
async function loadTownRooms(ctx: AppContext, townId: string): Promise<Room[]> {
  const rooms = await scanParsed(ctx, ROOMS, {
    where: { townId },
    orderBy: { path: 'name', order: 'asc' },
  });
  return rooms.docs;
}

/** `suggestRooms`: rooms of the caller's town that take the dispute, nearest level first. */
export async function suggestRoomsUseCase(
  ctx: AppContext,
  call: ActionCall<{ disputeType: DisputeType; gridNodeId: string }>,
): Promise<Result<SuggestRoomsReply>> {
  const { account } = signedIn(call);
  const { disputeType, gridNodeId } = call.input;
  const [rooms, nodes] = await Promise.all([
    loadTownRooms(ctx, account.townId),
    loadGrid(ctx, account.townId),
  ]);
  const suggested = suggestRooms(disputeType, gridNodeId, rooms, nodes, {
    disputeTypeLabel: DISPUTE_TYPE_LABELS[disputeType],
  });
  if (!suggested.ok) return suggested;
  return ok({
    disputeType,
    disputeTypeLabel: DISPUTE_TYPE_LABELS[disputeType],
    rooms: suggested.value.rooms.map((s) => ({
      room: toRoomView(s.room),
      distance: s.distance,
      levelLabel: GRID_LEVEL_LABELS[s.level as GridLevel],
      reason: s.reason,
    })),
    urgentToPolice: suggested.value.urgentToPolice,
    policeNotice: suggested.value.notice ?? null,
    judicialConfirmation: confirmationEligibility(disputeType),
    notice: MEDIATION_NOTICE,
  });
}

/** `listSlots`: free future slots of a room between two local dates (≤ 31 days). */
export async function listSlotsUseCase(
  ctx: AppContext,
  call: ActionCall<{ roomId: string; from: string; to: string }>,
): Promise<Result<ListSlotsReply>> {
  const { account } = signedIn(call);
  const loaded = await loadRoom(ctx, account.townId, call.input.roomId);
  if (!loaded.ok) return loaded;
  const room = loaded.value;
  const { from, to } = call.input;
  const nowMs = ctx.clock.nowMs();
  const horizon = addCalendarDays(toLocalDate(ctx.clock.nowIso()), MAX_BOOKING_AHEAD_DAYS);
  const calendar = await ctx.calendars.forTown(room.townId);
  const generated = slotsBetween(room, from, to, calendar).filter(
    (s) => Date.parse(s.start) > nowMs && s.start.slice(0, 10) <= horizon,
  );
  const seats = await queryAll(ctx, SLOT_SEATS, {
    where: {
      roomId: room._id,
      slotStart: { gte: startOfLocalDay(from), lt: startOfLocalDay(addCalendarDays(to, 1)) },
    },
    orderBy: { path: 'slotStart', order: 'asc' },
  });
  const taken = new Map<string, number>();
  for (const seat of seats) taken.set(seat.slotStart, (taken.get(seat.slotStart) ?? 0) + 1);
  const slots = generated
    .map((s) => ({
      roomId: room._id,
      start: s.start,
      end: s.end,
      seats: room.seatsPerSlot,
      seatsTaken: Math.min(taken.get(s.start) ?? 0, room.seatsPerSlot),
    }))
    .filter((s) => s.seatsTaken < s.seats);
  const closed = closedYears(room, from, to < horizon ? to : horizon, calendar);
  return ok({
    room: toRoomView(room),
    slots,
    workingDaysOnly: room.closedOnHolidays,
    closedYears: closed,
    notice: closedYearsNotice(closed),
  });
}

/** Who gets the `mediate` task: a mediator named on the room, else routing from the room's node. */
async function chooseMediator(
  ctx: AppContext,
  room: Room,
): Promise<Result<{ assigneeId: string; isMediator: boolean; reason: TaskReason }>> {
  const directory = await loadRoutingDirectory(ctx, room.townId);
  const load = (id: string) => directory.openTaskCount[id] ?? 0;
  const named = directory.staff
    .filter((s) => room.mediatorIds.includes(s._id) && s.roles.includes('mediator'))
    .sort((a, b) => load(a._id) - load(b._id) || (a._id < b._id ? -1 : 1));
  const first = named[0];
  if (first !== undefined) {
    return ok({
      assigneeId: first._id,
      isMediator: true,
      reason: { ruleId: 'room.mediators', explanation: `${room.name}的调解员（待办最少）` },
    });
  }
  const decided = route(
    { subject: 'booking', townId: room.townId, gridNodeId: room.gridNodeId },
    directory,
    DEFAULT_ROUTING_RULES,
  );
  if (!decided.ok) return decided;
  const primary = decided.value.primary;
  return ok({
    assigneeId: primary.assigneeId,
    isMediator: primary.role === 'mediator',
    reason: {
      ruleId: primary.reason.ruleId ?? 'fallback.center',
      explanation: primary.reason.detail.slice(0, 200),
    },
  });
}

/**
 * The account the booking belongs to. A villager books for themselves; a grid worker filing
 * on behalf (代办) books for the villager whose account has the applicant's phone, or — for
 * a villager without an account — keeps it themselves, as the filer is told of every step.
 * A worker may name only a villager of their own grid (as `concern.submit`'s 代办): naming
 * one elsewhere would put the booking, its pushes and its outcome in that person's name.
 */
async function applicantAccountId(
  ctx: AppContext,
  account: StoredDoc<Account>,
  phone: string,
): Promise<Result<string>> {
  if (account.roles.includes('villager')) return ok(account._id);
  const page = await ACCOUNTS.query(ctx.store, { where: { phone }, limit: 5 });
  const villager = page.docs.find(
    (a) => a.townId === account.townId && a.status === 'active' && a.roles.includes('villager'),
  );
  if (villager === undefined) return ok(account._id);
  const home = villager.gridNodeIds[0];
  const node = home === undefined ? null : await GRID_NODES.get(ctx.store, home);
  if (node === null || node.townId !== account.townId || !isInScope(account, node)) {
    return err(
      appError('FORBIDDEN', '这位村民不在您负责的网格内，不能代办', {
        reason: 'out_of_scope',
        fields: [{ field: 'applicant.phone', message: '这位村民不在您负责的网格内，不能代办' }],
      }),
    );
  }
  return ok(villager._id);
}

/** Checks a requested slot start against the room: future, within reach, one of its slots. */
export async function checkSlot(
  ctx: AppContext,
  room: Room,
  requested: string,
  field: string,
): Promise<Result<{ start: string; end: string }>> {
  const start = canonicalInstant(requested);
  const nowMs = ctx.clock.nowMs();
  if (Date.parse(start) <= nowMs) {
    return fieldError('VALIDATION_FAILED', field, '这个时段已经过去了，请选择以后的时段');
  }
  const horizon = addCalendarDays(toLocalDate(ctx.clock.nowIso()), MAX_BOOKING_AHEAD_DAYS);
  if (start.slice(0, 10) > horizon) {
    return fieldError(
      'VALIDATION_FAILED',
      field,
      `最多只能预约 ${MAX_BOOKING_AHEAD_DAYS} 天以内的时段`,
    );
  }
  const calendar = await ctx.calendars.forTown(room.townId);
  const closed = closedYears(room, start.slice(0, 10), start.slice(0, 10), calendar);
  if (closed.length > 0) {
    const message = closedYearsNotice(closed) ?? '';
    return err(
      appError('CONFLICT', message, { fields: [{ field, message }], reason: 'year_not_entered' }),
    );
  }
  const slot = findSlot(room, start, calendar);
  if (slot === undefined) {
    return fieldError(
      'VALIDATION_FAILED',
      field,
      '这个时间不是调解室的接待时段，请从可预约的时段中选择',
    );
  }
  return ok(slot);
}

/** A booking made again from an earlier one (mediation/mark-no-show.ts `rebook`). */
export interface BookAgain {
  /** The account the booking belongs to: the earlier booking's, never found by phone. */
  readonly applicantId: string;
  readonly from: BookingRecord;
}

/**
 * `book`: takes a seat and files the booking, all in one transaction. With `again`, the
 * booking is made from an earlier one, which is marked in the same transaction (once only).
 */
export async function bookUseCase(
  ctx: AppContext,
  call: ActionCall<BookInput>,
  again?: BookAgain,
): Promise<Result<BookingView>> {
  const { account } = signedIn(call);
  const input = call.input;
  const townId = account.townId;
  const loaded = await loadRoom(ctx, townId, input.roomId);
  if (!loaded.ok) return loaded;
  const room = loaded.value;
  if (!room.active) {
    return fieldError('CONFLICT', 'roomId', '这个调解室暂停接待，请选择其他调解室');
  }
  if (!room.disputeTypes.includes(input.disputeType)) {
    return fieldError(
      'VALIDATION_FAILED',
      'disputeType',
      `${room.name}不受理${DISPUTE_TYPE_LABELS[input.disputeType]}，请选择其他调解室`,
    );
  }
  const slot = await checkSlot(ctx, room, input.slotStart, 'slotStart');
  if (!slot.ok) return slot;
  const checked = await ctx.contentCheck.checkText({
    text: input.summary,
    accountId: account._id,
    field: 'summary',
  });
  if (!checked.ok) return checked;
  const onBehalf = !account.roles.includes('villager');
  let applicantId: string;
  if (again !== undefined) applicantId = again.applicantId;
  else {
    const applicant = await applicantAccountId(ctx, account, input.applicant.phone);
    if (!applicant.ok) return applicant;
    applicantId = applicant.value;
  }
  const mediator = await chooseMediator(ctx, room);
  if (!mediator.ok) return mediator;

  const now = ctx.clock.nowIso();
  const mediationDueAt = mediationTargetDueAt(await ctx.calendars.forTown(townId), now);
  const bookingId = ctx.ids.newId('bkg');
  const remindAt = reminderAt(slot.value.start, ctx.clock.nowMs());
  return call.transact(townId, async (tx) => {
    const seat = await holdSeat(tx, room, slot.value.start, {
      bookingId,
      accountId: account._id,
      requestId: call.requestId ?? null,
      now,
    });
    if (!seat.ok) return seat;
    // The concern it follows is checked against the caller here, in the writing transaction.
    const concern = await loadLinkableConcern(tx, account, input.concernId);
    if (!concern.ok) return concern;
    if (seat.value.kind === 'retry') {
      // The same request already booked (a concurrent retry): answer with that booking.
      const first = await BOOKINGS.get(tx, seat.value.bookingId);
      if (first === null) return err(appError('INTERNAL'));
      return ok(toBookingView(first, room, 'applicant', { nowIso: now }));
    }

    let reminderOutboxId: string | undefined;
    if (remindAt !== null) {
      const reminder = await scheduleReminder(ctx, tx, {
        townId,
        recipientId: applicantId,
        bookingId,
        room,
        slotStart: slot.value.start,
        at: remindAt,
      });
      if (!reminder.ok) return reminder;
      reminderOutboxId = reminder.value;
    }
    const record: Omit<BookingRecord, '_version'> = {
      _id: bookingId,
      townId,
      createdAt: now,
      updatedAt: now,
      roomId: room._id,
      slotStart: slot.value.start,
      slotEnd: slot.value.end,
      seatId: seat.value.seatId,
      applicant: { ...input.applicant, accountId: applicantId },
      parties: input.parties,
      disputeType: input.disputeType,
      summary: input.summary,
      applicantConsentAt: now,
      partyConsents: [],
      status: bookingMachine.initial,
      ...(mediator.value.isMediator ? { mediatorId: mediator.value.assigneeId } : {}),
      ...(input.concernId === undefined ? {} : { concernId: input.concernId }),
      reschedules: [],
      mediationDueAt,
      bookedBy: { accountId: account._id, onBehalf },
      ...(reminderOutboxId === undefined ? {} : { reminderOutboxId }),
      ...(again === undefined ? {} : { rebookOf: again.from._id }),
    };
    const stored = await bookingWriter.insert(tx, record);
    if (!stored.ok) return stored;
    if (again !== undefined) {
      const marked = await bookingWriter.update(
        tx,
        again.from._id,
        { rebookedAs: bookingId, updatedAt: now },
        { ifVersion: again.from._version },
      );
      if (!marked.ok) return marked;
    }

    const event: AuditEventDraft = {
      townId,
      subjectType: bookingMachine.subjectType,
      subjectId: bookingId,
      actorId: account._id,
      actorRole: onBehalf ? 'grid_worker' : 'villager',
      action: 'book',
      from: null,
      to: bookingMachine.initial,
      at: now,
      ...(onBehalf ? { note: `网格员代办，申请人${input.applicant.name}` } : {}),
      ...(again === undefined ? {} : { note: '当事人未到场后重新预约' }),
      visibleToReporter: true,
    };
    const logged = await appendEvent(ctx, tx, event);
    if (!logged.ok) return logged;

    const when = slotLabel(slot.value.start);
    const task = await createTask(ctx, tx, {
      townId,
      kind: 'mediate',
      subject: { type: 'booking', id: bookingId },
      assigneeId: mediator.value.assigneeId,
      dueAt: record.mediationDueAt,
      reason: mediator.value.reason,
      title: `新的调解预约：${DISPUTE_TYPE_LABELS[input.disputeType]}`,
      body: `${room.name}，${when}。请先征得对方当事人同意（调解自愿），再确认预约。`,
    });
    if (!task.ok) return task;

    const told = await notify(ctx, tx, {
      townId,
      recipientId: applicantId,
      template: 'mediation.booked',
      title: '调解预约已提交',
      body: `已为您预约${room.name}，${when}。调解员会先征求对方的意见，对方同意后预约才算确认。调解不收费。`,
      link: { type: 'booking', id: bookingId },
    });
    if (!told.ok) return err(told.error);

    if (concern.value !== null) {
      const linked = await linkBooking(tx, concern.value, bookingId, now);
      if (!linked.ok) return linked;
    }
    return ok(toBookingView({ ...record, _version: 1 }, room, 'applicant', { nowIso: now }));
  });
}
