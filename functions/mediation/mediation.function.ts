/**
 * The `mediation` cloud function (调解): find a room, see its free slots, book, record the
 * other party's consent, reschedule, cancel, list, record the outcome and apply for judicial
 * confirmation (司法确认). Inputs are the shared schemas; the use cases hold the rules.
 */
import {
  bookInputSchema,
  bookingRefInputSchema,
  cancelBookingInputSchema,
  listForRoomInputSchema,
  listMyBookingsInputSchema,
  listSlotsInputSchema,
  recordConsentInputSchema,
  recordOutcomeDraftInputSchema,
  requestConfirmationInputSchema,
  rescheduleInputSchema,
  suggestRoomsInputSchema,
} from '../../shared/mediation/mediation.schema';
import { defineAction, defineFunction } from '../runtime/action';
import {
  getBookingUseCase,
  listForRoomUseCase,
  listMineUseCase,
  revealPartiesUseCase,
} from './read-bookings';
import { cancelUseCase, recordConsentUseCase, rescheduleUseCase } from './change-booking';
import { bookUseCase, listSlotsUseCase, suggestRoomsUseCase } from './book-mediation';
import { recordOutcomeUseCase, requestConfirmationUseCase } from './record-outcome';
import {
  markNoShowInputSchema,
  myRoomsInputSchema,
  rebookInputSchema,
  recordVisitInputSchema,
} from '../../shared/mediation/mediation.followup.schema';
import { markNoShowUseCase, rebookUseCase } from './mark-no-show';
import { recordVisitUseCase } from './record-visit';
import { myRoomsUseCase } from './my-rooms';

export const mediationFunction = defineFunction('mediation', {
  suggestRooms: defineAction({
    input: suggestRoomsInputSchema,
    access: 'account',
    run: suggestRoomsUseCase,
  }),
  listSlots: defineAction({
    input: listSlotsInputSchema,
    access: 'account',
    run: listSlotsUseCase,
  }),
  // A villager books for themselves; a grid worker may file for a villager (代办).
  book: defineAction({
    input: bookInputSchema,
    access: ['villager', 'grid_worker'],
    idempotent: true,
    run: bookUseCase,
  }),
  recordConsent: defineAction({
    input: recordConsentInputSchema,
    access: ['mediator', 'center_operator'],
    run: recordConsentUseCase,
  }),
  reschedule: defineAction({
    input: rescheduleInputSchema,
    access: ['villager', 'mediator', 'center_operator'],
    run: rescheduleUseCase,
  }),
  cancel: defineAction({
    input: cancelBookingInputSchema,
    access: ['villager', 'mediator', 'center_operator'],
    run: cancelUseCase,
  }),
  listMine: defineAction({
    input: listMyBookingsInputSchema,
    access: 'account',
    run: listMineUseCase,
  }),
  listForRoom: defineAction({
    input: listForRoomInputSchema,
    access: ['mediator', 'center_operator'],
    run: listForRoomUseCase,
  }),
  get: defineAction({ input: bookingRefInputSchema, access: 'account', run: getBookingUseCase }),
  revealParties: defineAction({
    input: bookingRefInputSchema,
    access: ['mediator', 'center_operator'],
    run: revealPartiesUseCase,
  }),
  recordOutcome: defineAction({
    input: recordOutcomeDraftInputSchema,
    access: ['mediator'],
    run: recordOutcomeUseCase,
  }),
  requestConfirmation: defineAction({
    input: requestConfirmationInputSchema,
    access: ['villager', 'mediator', 'center_operator'],
    idempotent: true,
    run: requestConfirmationUseCase,
  }),
  // After the slot has started: who did not come; the applicant is offered a new slot.
  markNoShow: defineAction({
    input: markNoShowInputSchema,
    access: ['mediator'],
    idempotent: true,
    run: markNoShowUseCase,
  }),
  // A new slot from a no-show booking, the case copied (the applicant or their 代办 worker).
  rebook: defineAction({
    input: rebookInputSchema,
    access: ['villager', 'grid_worker'],
    idempotent: true,
    run: rebookUseCase,
  }),
  // 履行回访: per term of the agreement kept / partly / not kept.
  recordVisit: defineAction({
    input: recordVisitInputSchema,
    access: ['mediator', 'center_operator'],
    idempotent: true,
    run: recordVisitUseCase,
  }),
  myRooms: defineAction({ input: myRoomsInputSchema, access: ['mediator'], run: myRoomsUseCase }),
});
