/**
 * Mediation booking (调解预约) states. Mediation is voluntary (人民调解法): a booking waits
 * for the other party's consent (`requested`), either party may refuse or end it, and the
 * mediator records how it ended.
 */
export const BOOKING_STATUSES = [
  'requested', // applicant booked; the other party's consent is pending
  'confirmed', // both parties consented; the seat is held
  'refused', // the other party declined mediation
  'cancelled', // withdrawn before the session
  'no_show',
  'succeeded', // 调解成功: an agreement (人民调解协议书) was signed
  'failed', // 调解不成: the parties are told their other routes
  'withdrawn', // a party ended the mediation during the process
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
