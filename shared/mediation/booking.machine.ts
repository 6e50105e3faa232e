/**
 * The mediation booking (调解预约) lifecycle as a transition table (docs/domain.md §2). Mediation
 * is voluntary (人民调解法): a booking waits for the other party's consent, either party may
 * refuse or end it, and the mediator records how it ended — success with a 人民调解协议书
 * (mediation agreement), or failure with the routes the parties still have (诉讼 etc.).
 *
 * The applicant is told of every step, so every transition is visibleToReporter.
 * Whether this mediator runs this room, or this villager is a party, is the use case's check.
 */
import { defineMachine, inGroup, intentsFor } from '../machine/machine';
import type { BookingStatus } from './booking.status';
import { BOOKING_STATUSES } from './booking.status';

export const BOOKING_ACTIONS = [
  'confirm',
  'refuse',
  'reschedule',
  'cancel',
  'markNoShow',
  'recordSuccess',
  'recordFailure',
  'withdraw',
] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

/**
 * Named state groups. `upcoming` and `ended` cover every status exactly once.
 * `holdsSeat` has the same members as `upcoming` today but answers another question —
 * which bookings keep a slot from being booked twice — so slot code asks it by name.
 */
export const BOOKING_GROUPS = {
  awaitingConsent: ['requested'],
  upcoming: ['requested', 'confirmed'],
  ended: ['refused', 'cancelled', 'no_show', 'succeeded', 'failed', 'withdrawn'],
  holdsSeat: ['requested', 'confirmed'],
} as const satisfies Record<string, readonly BookingStatus[]>;

export const bookingMachine = defineMachine<BookingStatus, BookingAction>({
  subjectType: 'booking',
  noun: '这次调解预约',
  states: BOOKING_STATUSES,
  initial: 'requested',
  stateLabels: {
    requested: '等待对方同意',
    confirmed: '已确认',
    refused: '对方不同意调解',
    cancelled: '已取消',
    no_show: '未到场',
    succeeded: '调解成功',
    failed: '调解不成',
    withdrawn: '已终止调解',
  },
  transitions: {
    // After the other party consents (the mediator or the centre records it).
    confirm: {
      from: ['requested'],
      to: 'confirmed',
      roles: ['mediator', 'center_operator'],
      visibleToReporter: true,
      label: '对方同意调解，预约已确认',
      verb: '确认预约',
    },
    refuse: {
      from: ['requested'],
      to: 'refused',
      roles: ['mediator'],
      noteRequired: true,
      notePrompt: '请写明对方不同意调解的情况',
      visibleToReporter: true,
      label: '对方不同意调解',
      verb: '登记对方不同意调解',
    },
    // The new slot is the use case's business; the status stays.
    reschedule: {
      from: ['requested', 'confirmed'],
      to: 'same',
      roles: ['villager', 'mediator', 'center_operator'],
      visibleToReporter: true,
      label: '已改期',
      verb: '改期',
    },
    cancel: {
      from: ['requested', 'confirmed'],
      to: 'cancelled',
      roles: ['villager', 'mediator', 'center_operator'],
      noteRequired: true,
      notePrompt: '请写明取消的原因',
      visibleToReporter: true,
      label: '已取消',
      verb: '取消预约',
    },
    markNoShow: {
      from: ['confirmed'],
      to: 'no_show',
      roles: ['mediator'],
      visibleToReporter: true,
      label: '当事人未到场',
      verb: '登记未到场',
    },
    recordSuccess: {
      from: ['confirmed'],
      to: 'succeeded',
      roles: ['mediator'],
      visibleToReporter: true,
      label: '调解成功',
      verb: '登记调解成功',
    },
    // 调解不成: the note tells the parties their other routes (诉讼, 行政, 仲裁 …).
    recordFailure: {
      from: ['confirmed'],
      to: 'failed',
      roles: ['mediator'],
      noteRequired: true,
      notePrompt: '请写明当事人还可以通过哪些途径解决',
      visibleToReporter: true,
      label: '调解不成',
      verb: '登记调解不成',
    },
    // Either party may end a mediation (the villager for themselves, the mediator for
    // the other party).
    withdraw: {
      from: ['confirmed'],
      to: 'withdrawn',
      roles: ['villager', 'mediator'],
      visibleToReporter: true,
      label: '一方终止调解',
      verb: '终止调解',
    },
  },
});

/** One intent function per action: `bookingIntents.confirm(booking, actor, { now })`. */
export const bookingIntents = intentsFor(bookingMachine);

type BookingLike = BookingStatus | { readonly status: BookingStatus };

/** Booked, and the other party has not yet consented. */
export function isAwaitingConsent(booking: BookingLike): boolean {
  return inGroup(BOOKING_GROUPS.awaitingConsent, booking);
}

/** The session has not happened yet (awaiting consent or confirmed). */
export function isUpcoming(booking: BookingLike): boolean {
  return inGroup(BOOKING_GROUPS.upcoming, booking);
}

/** Over, one way or another; no further step is possible. */
export function isEnded(booking: BookingLike): boolean {
  return inGroup(BOOKING_GROUPS.ended, booking);
}

/** Keeps its slot from being booked by anyone else. */
export function holdsSeat(booking: BookingLike): boolean {
  return inGroup(BOOKING_GROUPS.holdsSeat, booking);
}
