/**
 * Authorization matrix of the `clue` (公益诉讼线索) and `mediation` (调解) functions.
 * Subjects: the villager's named clue in 东关前村 (the liaison reviews it; the village's grid
 * worker, sameGrid, holds its 核实 task), and the villager's booking at 东关新村老支书调解室,
 * run by 孙老支书 (the matrix's mediator). sameGrid is also a mediator — of the village's
 * 群众说话室, not of this room — so it shows that holding the role is not enough.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import { signedAgreement } from '../factories/records';
import type { MatrixRow } from './authz.matrix';
import { CALLERS, SIGNED_IN } from './authz.matrix';
import {
  bookInput,
  bookingOf,
  clueAskingMoreOf,
  clueOf,
  confirmedBookingOf,
  noShowBookingOf,
  SIGNED,
  succeededBookingOf,
  THU_9,
  WED_9,
} from './authz.subjects';

const clue = clueFunction;
const mediation = mediationFunction;

/** Every clue action. */
export const clueRows: MatrixRow[] = [
  {
    fn: clue,
    action: 'submit',
    about: 'file an anonymous clue in 东关前村',
    build: async (w) => ({
      domain: 'ecology_resources',
      seen: '有人在河边倒建筑垃圾，堆了一大片',
      place: { text: '东关前村河边', gridNodeId: w.town.villages[0]![0]!._id },
      when: { date: '2025-11-15' },
      reporter: { kind: 'anonymous' },
    }),
    // docs/domain.md §2: anyone may file, signed in or not (the reporter may stay anonymous) — but
    // a signed-in account files into its own town: town B's is refused on the place field.
    allowed: CALLERS.filter((c) => c !== 'otherTown'),
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: clue,
    action: 'track',
    about: 'track the clue by its code (查询进度)',
    build: async (w) => ({ trackingCode: (await clueOf(w)).trackingCode }),
    // The code is the key: whoever holds it reads the public progress page, no login.
    allowed: CALLERS,
  },
  {
    fn: clue,
    action: 'supplement',
    about: 'supplement the clue by its code when asked',
    build: async (w) => ({
      trackingCode: (await clueAskingMoreOf(w)).trackingCode,
      text: '一般是晚上十点以后排',
    }),
    allowed: CALLERS,
  },
  {
    fn: clue,
    action: 'listMine',
    about: 'list one’s own named clues',
    build: async (w) => {
      await clueOf(w);
      return {};
    },
    allowed: SIGNED_IN,
  },
  {
    fn: clue,
    action: 'get',
    about: 'read the named clue',
    build: async (w) => ({ clueId: (await clueOf(w)).clueId }),
    // The procuratorate (liaison, prosecutor), the centre, and the grid worker holding the
    // 核实 task on it; the other community's worker has no task. Who sees the reporter's
    // name is asserted separately below.
    allowed: ['sameGrid', 'liaison', 'prosecutor', 'centre'],
  },
  {
    fn: clue,
    action: 'listForReview',
    about: 'read the review queue (待审查线索)',
    build: async (w) => {
      await clueOf(w);
      return {};
    },
    // Role check; town B’s account reads its own town’s (empty) queue (another-town-learns-nothing).
    allowed: ['liaison', 'prosecutor', 'otherTown'],
  },
  {
    fn: clue,
    action: 'review',
    about: 'start reviewing the clue',
    build: async (w) => ({ clueId: (await clueOf(w)).clueId, action: 'startReview' }),
    allowed: ['liaison', 'prosecutor'],
  },
  {
    fn: clue,
    action: 'verify',
    about: 'report the on-the-spot verification (现场核实)',
    build: async (w) => ({
      clueId: (await clueOf(w)).clueId,
      findings: '现场看到排污口，有黑水流出',
      foundAsDescribed: 'yes',
    }),
    // Only the assignee of an open 核实 task on the clue (docs/domain.md §2 "千里眼、顺风耳").
    allowed: ['sameGrid'],
  },
];

/** Who runs or oversees this booking: its room's mediator and the centre. */
const RUNS_IT = ['mediator', 'centre'] as const;

/** Every mediation action. */
export const mediationRows: MatrixRow[] = [
  {
    fn: mediation,
    action: 'suggestRooms',
    about: 'suggest rooms for a neighbour dispute in 东关前村',
    build: async (w) => ({ disputeType: 'neighbour', gridNodeId: w.town.villages[0]![0]!._id }),
    // Any signed-in account of the town; town B's is refused on the (foreign) village field.
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: mediation,
    action: 'listSlots',
    about: 'see the free slots of 老支书调解室',
    build: async (w) => ({
      roomId: w.rooms.oldSecretary._id,
      from: '2025-11-19',
      to: '2025-11-21',
    }),
    // Any signed-in account of the town; another town's room is NOT_FOUND.
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
  },
  {
    fn: mediation,
    action: 'book',
    about: 'book 老支书调解室 on Wednesday 09:00',
    build: async (w) => bookInput(w.rooms.oldSecretary._id, WED_9),
    // docs/domain.md §1: villagers book; a grid worker may file for a villager (代办). Note: the
    // booking names the applicant in words only, so no grid scope applies to a worker's
    // 代办 here (unlike concern.submit naming a villager account) — the other community's
    // worker gets through too.
    allowed: ['villager', 'neighbour', 'sameGrid', 'otherGrid'],
  },
  {
    fn: mediation,
    action: 'recordConsent',
    about: 'record the other party’s consent',
    build: async (w) => ({
      bookingId: await bookingOf(w),
      partyIndex: 0,
      agreed: true,
      via: 'phone',
    }),
    allowed: RUNS_IT,
  },
  {
    fn: mediation,
    action: 'reschedule',
    about: 'move the booking to Thursday 09:00',
    build: async (w) => ({ bookingId: await bookingOf(w), slotStart: THU_9 }),
    // The applicant, the room's mediator and the centre (docs/domain.md §2 reschedule, cancel).
    allowed: ['villager', ...RUNS_IT],
  },
  {
    fn: mediation,
    action: 'cancel',
    about: 'cancel the booking',
    build: async (w) => ({ bookingId: await bookingOf(w), reason: '已经私下和好了' }),
    allowed: ['villager', ...RUNS_IT],
  },
  {
    fn: mediation,
    action: 'listMine',
    about: 'list one’s own bookings',
    build: async (w) => {
      await bookingOf(w);
      return {};
    },
    allowed: SIGNED_IN,
  },
  {
    fn: mediation,
    action: 'listForRoom',
    about: 'list the bookings of 老支书调解室',
    build: async (w) => {
      await bookingOf(w);
      return { roomId: w.rooms.oldSecretary._id };
    },
    // The room's mediator and the centre; the village's mediator (sameGrid) runs another room.
    // The admin maintains configuration and reads no cases (docs/domain.md §1).
    allowed: ['mediator', 'centre'],
  },
  {
    fn: mediation,
    action: 'get',
    about: 'read the booking',
    build: async (w) => ({ bookingId: await bookingOf(w) }),
    allowed: ['villager', 'mediator', 'centre'],
  },
  {
    fn: mediation,
    action: 'revealParties',
    about: 'reveal the parties’ full phone numbers',
    build: async (w) => ({ bookingId: await bookingOf(w) }),
    allowed: ['mediator', 'centre'],
  },
  {
    fn: mediation,
    action: 'recordOutcome',
    about: 'record a successful outcome with its agreement',
    build: async (w) => ({
      bookingId: await confirmedBookingOf(w),
      outcome: { result: 'success', agreement: signedAgreement(SIGNED) },
    }),
    // docs/domain.md §1: the mediator records the outcome and the agreement — the room's alone.
    allowed: ['mediator'],
  },
  {
    fn: mediation,
    action: 'requestConfirmation',
    about: 'apply for judicial confirmation (司法确认)',
    build: async (w) => ({ bookingId: await succeededBookingOf(w), jointApplication: true }),
    allowed: ['villager', ...RUNS_IT],
  },
  {
    fn: mediation,
    action: 'markNoShow',
    about: 'record that the other party did not come, after the slot started',
    build: async (w) => ({ bookingId: await confirmedBookingOf(w), who: 'other_party' }),
    // Like the outcome: the room's mediator alone, who was there.
    allowed: ['mediator'],
  },
  {
    fn: mediation,
    action: 'rebook',
    about: 'book Thursday 09:00 again from the no-show booking',
    build: async (w) => ({ bookingId: await noShowBookingOf(w), slotStart: THU_9 }),
    // The applicant (or the worker who filed it for them); nobody books for another.
    allowed: ['villager'],
  },
  {
    fn: mediation,
    action: 'recordVisit',
    about: 'record the performance return visit (履行回访)',
    build: async (w) => ({
      bookingId: await succeededBookingOf(w),
      terms: [{ index: 0, state: 'kept' }],
      note: '排水沟已经疏通',
    }),
    // The room's mediator, or the centre, which makes the visit when no mediator is named.
    allowed: RUNS_IT,
  },
  {
    fn: mediation,
    action: 'myRooms',
    about: 'list the rooms one runs as a mediator',
    build: async () => ({}),
    // Any mediator, for their own rooms: the village's mediator (sameGrid) gets its own, town
    // B's mediator those of town B (none of town A's).
    allowed: ['sameGrid', 'mediator', 'otherTown'],
  },
];
