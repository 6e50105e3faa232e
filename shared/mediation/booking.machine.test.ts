import type { Actor } from '../kernel/roles';
import type { MachineSubject } from '../machine/machine';
import { allowedActions } from '../machine/machine';
import {
  BOOKING_ACTIONS,
  BOOKING_GROUPS,
  bookingIntents,
  bookingMachine,
  holdsSeat,
  isAwaitingConsent,
  isEnded,
  isUpcoming,
} from './booking.machine';
import type { BookingStatus } from './booking.status';
import { BOOKING_STATUSES } from './booking.status';

const TOWN = 'town-xiaodian';
const NOW = '2025-03-03T08:00:00+08:00';
const villager: Actor = { accountId: 'v-wang', roles: ['villager'], townId: TOWN };
const mediator: Actor = { accountId: 'm-liu', roles: ['mediator'], townId: TOWN };
const bookingIn = (status: BookingStatus): MachineSubject<BookingStatus> => ({
  _id: 'booking-1',
  townId: TOWN,
  status,
});

describe('the mediation booking lifecycle', () => {
  test('a booking is confirmed after consent and ends in a successful mediation', () => {
    const confirmed = bookingIntents.confirm(bookingIn('requested'), mediator, { now: NOW });
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    expect(confirmed.value.status).toBe('confirmed');
    const succeeded = bookingIntents.recordSuccess(bookingIn(confirmed.value.status), mediator, {
      now: NOW,
    });
    if (!succeeded.ok) throw new Error(succeeded.error.message);
    expect(succeeded.value.status).toBe('succeeded');
    expect(succeeded.value.event).toMatchObject({
      subjectType: 'booking',
      from: 'confirmed',
      to: 'succeeded',
      actorRole: 'mediator',
      visibleToReporter: true,
    });
  });

  test('a failed mediation must tell the parties their other routes', () => {
    const bare = bookingIntents.recordFailure(bookingIn('confirmed'), mediator, { now: NOW });
    expect(bare.ok ? 'accepted' : bare.error.details?.fields?.[0]?.field).toBe('note');
    const told = bookingIntents.recordFailure(bookingIn('confirmed'), mediator, {
      now: NOW,
      note: '可向人民法院起诉，或申请仲裁',
    });
    expect(told.ok && told.value.status).toBe('failed');
  });

  test('either party may end a confirmed mediation', () => {
    expect(bookingIntents.withdraw(bookingIn('confirmed'), villager, { now: NOW }).ok).toBe(true);
    expect(bookingIntents.withdraw(bookingIn('confirmed'), mediator, { now: NOW }).ok).toBe(true);
  });

  test('a villager cannot confirm their own booking: the other party consents through the mediator', () => {
    const result = bookingIntents.confirm(bookingIn('requested'), villager, { now: NOW });
    expect(result.ok ? 'accepted' : result.error.code).toBe('FORBIDDEN');
  });

  test('rescheduling keeps the booking where it was', () => {
    for (const status of ['requested', 'confirmed'] as const) {
      const result = bookingIntents.reschedule(bookingIn(status), villager, { now: NOW });
      expect(result.ok && result.value.status).toBe(status);
    }
  });

  test('a booking that has ended cannot be cancelled', () => {
    const result = bookingIntents.cancel(bookingIn('succeeded'), villager, {
      now: NOW,
      note: '不想去了',
    });
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('CONFLICT');
    expect(result.error.message).toBe('这次调解预约当前状态为「调解成功」，不能取消预约');
  });

  test('the action list names every row of the table', () => {
    expect([...BOOKING_ACTIONS].sort()).toEqual(Object.keys(bookingMachine.transitions).sort());
  });
});

describe('booking state groups', () => {
  test('upcoming and ended cover every status exactly once', () => {
    for (const s of BOOKING_STATUSES) expect(isUpcoming(s)).toBe(!isEnded(s));
    expect([...BOOKING_GROUPS.upcoming, ...BOOKING_GROUPS.ended].sort()).toEqual(
      [...BOOKING_STATUSES].sort(),
    );
  });

  test('only a booking that has not happened yet holds its seat', () => {
    expect(BOOKING_STATUSES.filter((s) => holdsSeat(s))).toEqual(['requested', 'confirmed']);
    expect(holdsSeat({ status: 'cancelled' })).toBe(false);
    expect(isAwaitingConsent({ status: 'requested' })).toBe(true);
    expect(isAwaitingConsent('confirmed')).toBe(false);
  });

  test('an ended booking allows no further step for anyone', () => {
    for (const s of BOOKING_GROUPS.ended) {
      expect(
        allowedActions(bookingMachine, s, ['villager', 'mediator', 'center_operator']),
      ).toEqual([]);
    }
  });
});
