/** The records the mediation concept (人民调解) owns and alone writes. */
import { AGREEMENTS, BOOKINGS, ROOMS, SLOT_SEATS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const bookingWriter = writerOf('mediation', BOOKINGS);
export const seatWriter = writerOf('mediation', SLOT_SEATS);
export const agreementWriter = writerOf('mediation', AGREEMENTS);
export const roomWriter = writerOf('mediation', ROOMS);
