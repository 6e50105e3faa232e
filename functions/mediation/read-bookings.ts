/**
 * Reading bookings: the applicant's own (`listMine`), a room's sessions for its mediator or
 * the centre (`listForRoom`), one booking with its timeline (`get`), and the parties' whole
 * phone numbers for the mediator who must call them (`revealParties`, an audited read of
 * protected data). Everyone else sees nothing.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AuditEvent } from '../../shared/kernel/audit';
import { addCalendarDays } from '../../shared/calendar/working-days';
import { toLocalDate } from '../../shared/calendar/china-time';
import type { BookingStatus } from '../../shared/mediation/booking.status';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { queryAll } from '../runtime/paging';
import { cursorFits } from '../store/store.cursor';
import type { Query } from '../store/store.port';
import { actingRole, seeBooking } from './change-booking';
import type { BookingRecord, Viewer } from './mediation.records';
import { isCentre, isRoomMediator, loadRoom } from './mediation.records';
import type { BookingView } from './mediation.views';
import { toBookingView } from './mediation.views';
import { startOfLocalDay } from '../../shared/calendar/china-time';
import { AUDIT_EVENTS, BOOKINGS } from '../store/collections';

export interface BookingPage {
  readonly items: readonly BookingView[];
  /** Null when nothing follows. A page filtered by status may hold fewer than `limit`. */
  readonly nextCursor: string | null;
}

interface PageInput {
  readonly status?: BookingStatus | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

function badCursor(): Result<never> {
  const message = '翻页位置已失效，请从第一页重新查看';
  return err(appError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', message }] }));
}

/**
 * One page of bookings as `viewer`, each with its room. The status filter is applied to the
 * page (a villager's or a room's bookings are few), so no extra index is needed.
 */
async function pageOf(
  ctx: AppContext,
  query: Query,
  input: PageInput,
  viewerFor: (booking: BookingRecord, room: Room) => Viewer | null,
): Promise<Result<BookingPage>> {
  if (!cursorFits(BOOKINGS.name, query)) return badCursor();
  const page = await BOOKINGS.query(ctx.store, query);
  const rooms = new Map<string, Room | null>();
  const items: BookingView[] = [];
  const nowIso = ctx.clock.nowIso();
  for (const doc of page.docs) {
    const booking = doc;
    if (input.status !== undefined && booking.status !== input.status) continue;
    if (!rooms.has(booking.roomId)) {
      const room = await loadRoom(ctx, booking.townId, booking.roomId);
      rooms.set(booking.roomId, room.ok ? room.value : null);
    }
    const room = rooms.get(booking.roomId);
    if (room === undefined || room === null) continue;
    const viewer = viewerFor(booking, room);
    if (viewer !== null) items.push(toBookingView(booking, room, viewer, { nowIso }));
  }
  return ok({ items, nextCursor: page.nextCursor });
}

/** `listMine`: the caller's own bookings, newest first. */
export async function listMineUseCase(
  ctx: AppContext,
  call: ActionCall<PageInput>,
): Promise<Result<BookingPage>> {
  const { account } = signedIn(call);
  return pageOf(
    ctx,
    {
      where: { 'applicant.accountId': account._id },
      orderBy: { path: 'createdAt', order: 'desc' },
      limit: call.input.limit,
      cursor: call.input.cursor ?? null,
    },
    call.input,
    (booking) => (booking.townId === account.townId ? 'applicant' : null),
  );
}

/** `listForRoom`: a room's sessions between two days (default: the next 30), in time order. */
export async function listForRoomUseCase(
  ctx: AppContext,
  call: ActionCall<
    PageInput & { roomId: string; from?: string | undefined; to?: string | undefined }
  >,
): Promise<Result<BookingPage>> {
  const { account } = signedIn(call);
  const loaded = await loadRoom(ctx, account.townId, call.input.roomId);
  if (!loaded.ok) return loaded;
  const room = loaded.value;
  const mediator = isRoomMediator(account, room);
  if (!mediator && !isCentre(account)) {
    return err(appError('FORBIDDEN', '这不是您负责的调解室，您不能查看它的预约'));
  }
  const from = call.input.from ?? toLocalDate(ctx.clock.nowIso());
  const to = call.input.to ?? addCalendarDays(from, 30);
  if (to < from) {
    const message = '结束日期不能早于开始日期';
    return err(appError('VALIDATION_FAILED', message, { fields: [{ field: 'to', message }] }));
  }
  return pageOf(
    ctx,
    {
      where: {
        roomId: room._id,
        slotStart: { gte: startOfLocalDay(from), lt: startOfLocalDay(addCalendarDays(to, 1)) },
      },
      orderBy: { path: 'slotStart', order: 'asc' },
      limit: call.input.limit,
      cursor: call.input.cursor ?? null,
    },
    call.input,
    () => (mediator ? 'mediator' : 'centre'),
  );
}

async function eventsOf(ctx: AppContext, bookingId: string): Promise<AuditEvent[]> {
  return queryAll(ctx, AUDIT_EVENTS, {
    where: { subjectType: 'booking', subjectId: bookingId },
    orderBy: { path: 'at', order: 'asc' },
  });
}

/** `get`: one booking with its timeline (the applicant sees only the steps meant for them). */
export async function getBookingUseCase(
  ctx: AppContext,
  call: ActionCall<{ bookingId: string }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { booking, room, viewer } = seen.value;
  const events = await eventsOf(ctx, booking._id);
  return ok(toBookingView(booking, room, viewer, { nowIso: ctx.clock.nowIso(), events }));
}

/**
 * `revealParties`: the whole phone numbers, for the room's mediator or the centre who must
 * call the parties. The read is audited (`read_protected`) before anything is answered.
 */
export async function revealPartiesUseCase(
  ctx: AppContext,
  call: ActionCall<{ bookingId: string }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  if (viewer === 'applicant') {
    return err(appError('FORBIDDEN', '只有负责这个调解室的调解员可以查看当事人的完整电话'));
  }
  const now = ctx.clock.nowIso();
  return call.transact(booking.townId, async (tx) => {
    const logged = await appendEvent(ctx, tx, {
      townId: booking.townId,
      subjectType: 'booking',
      subjectId: booking._id,
      actorId: account._id,
      actorRole: actingRole(account, ['mediator', 'center_operator']),
      action: 'read_protected',
      from: null,
      to: null,
      at: now,
      note: '查看当事人完整电话',
      visibleToReporter: false,
    });
    if (!logged.ok) return logged;
    return ok(toBookingView(booking, room, viewer, { nowIso: now, revealPhones: true }));
  });
}
