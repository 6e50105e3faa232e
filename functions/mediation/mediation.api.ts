/** The mediation concept's (人民调解) public face: what other folders may call. */
/** For the `reminders` run: what follows a successful agreement. */
export { CONFIRMATION_REMINDER_DAYS, remindConfirmation, signedAtOf } from './remind-confirmation';
export { PERFORMANCE_VISIT_DAYS, requestPerformanceVisit } from './request-performance-visit';
/** For the admin function and the roster import: rooms (调解室). */
export { upsertRoom } from './upsert-room';
export { putRoom } from './mediation.steps';
/** For the deadlines folder: a booking's dates and session when the holiday table changes. */
export { applyBookingMove, bookingDatesOn } from './follow-calendar';
export type { BookingCalendarMove } from './follow-calendar';
export { slotLabel } from './mediation.slots';
/** For the admin console's room list. */
export { toRoomView } from './upsert-room';
export type { RoomView } from './upsert-room';
