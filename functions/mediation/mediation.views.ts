/**
 * Replies of the mediation function, built field by field per viewer (docs/architecture.md §6, \"Whitelisted
 * replies\"): nothing stored is spread into a reply. Phones of the parties are masked for
 * everyone unless a mediator or the centre asked to reveal them (an audited read); the
 * applicant sees their own number. Every view shows that mediation is free and voluntary and
 * the one-month target (调解期限); after a success, the 30-day countdown for 司法确认.
 */
import type { AuditEvent } from '../../shared/kernel/audit';
import { ROLE_LABELS } from '../../shared/kernel/roles';
import { toLocalDate } from '../../shared/calendar/china-time';
import { CALENDAR_EVENT_LABELS } from '../../shared/calendar/calendar.events';
import { bookingMachine, isEnded } from '../../shared/mediation/booking.machine';
import type { BookingStatus } from '../../shared/mediation/booking.status';
import type { DisputeType } from '../../shared/mediation/mediation.catalog';
import {
  DISPUTE_TYPE_LABELS,
  isJudicialConfirmationAvailable,
  JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE,
  MEDIATION_LEVEL_LABELS,
  OTHER_ROUTES,
  ROOM_KINDS,
} from '../../shared/mediation/mediation.catalog';
import type { Room, Slot } from '../../shared/mediation/mediation.schema';
import type { SIGNATURE_METHOD_LABELS } from '../../shared/mediation/mediation.schema';
import { SEX_LABELS } from '../../shared/mediation/mediation.schema';
import { daysBetween, maskPhone } from '../../shared/validation/primitives';
import { stateLabel } from '../../shared/machine/machine';
import type { BookingRecord, Viewer } from './mediation.records';
import { slotLabel } from './mediation.slots';
import type { FollowUpView } from './mediation.followup.views';
import { followUpView } from './mediation.followup.views';

/** Said on every booking screen: 人民调解 is free and nobody can be made to take part. */
export const MEDIATION_NOTICE =
  '人民调解不收费，双方自愿参加，任何一方都可以拒绝或者随时退出；调解一般在一个月内完成。';

/** A room as a villager chooses it. */
export interface RoomView {
  readonly id: string;
  readonly name: string;
  readonly kindName: string;
  readonly levelLabel: string;
  readonly address: string;
  readonly phone: string | null;
  readonly slotMinutes: number;
}

/** Maps a room for any signed-in viewer (rooms are public places; nothing personal here). */
export function toRoomView(room: Room): RoomView {
  return {
    id: room._id,
    name: room.name,
    kindName: ROOM_KINDS.find((k) => k.code === room.kind)?.name ?? room.kind,
    levelLabel: MEDIATION_LEVEL_LABELS[room.level],
    address: room.address,
    phone: room.phone ?? null,
    slotMinutes: room.slotMinutes,
  };
}

/** Whether 司法确认 can be had for this dispute, and what to tell the parties if not. */
export interface ConfirmationEligibility {
  readonly available: boolean;
  readonly notice: string | null;
}

/** Eligibility for judicial confirmation, said before anyone books or goes to court. */
export function confirmationEligibility(disputeType: DisputeType): ConfirmationEligibility {
  const available = isJudicialConfirmationAvailable(disputeType);
  return { available, notice: available ? null : JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE };
}

/** Whole calendar days from the local date of `nowIso` to the local date of `dueIso`. */
export function daysLeft(nowIso: string, dueIso: string): number {
  return daysBetween(toLocalDate(nowIso), toLocalDate(dueIso)) ?? 0;
}

export interface PartyView {
  readonly name: string;
  readonly relation: string | null;
  readonly phone: string | null;
  /** The other party's answer to mediation: agreed, refused, or not yet asked/answered. */
  readonly consent: 'agreed' | 'refused' | 'pending';
  readonly consentLabel: string;
}

export interface TimelineEntry {
  readonly at: string;
  readonly label: string;
  readonly by: string;
  readonly note: string | null;
}

/** A party as the 人民调解协议书 names them; the phone masked unless revealed (audited). */
export interface AgreementPartyView {
  readonly name: string | null;
  readonly sex: string | null;
  readonly age: number | null;
  readonly ethnicity: string | null;
  readonly occupation: string | null;
  readonly address: string | null;
  readonly phone: string | null;
}

/**
 * The rest of the signed agreement, for the mediator and the centre who print and keep it
 * (the applicant gets their paper copy at signing; their reply leaves it out).
 */
export interface AgreementDocumentView {
  readonly parties: readonly AgreementPartyView[];
  readonly facts: string | null;
  readonly responsibility: string | null;
  readonly signatures: readonly {
    readonly signerRole: 'party' | 'mediator';
    readonly partyIndex: number | null;
    readonly name: string;
    readonly method: keyof typeof SIGNATURE_METHOD_LABELS;
    readonly signedAt: string;
  }[];
  readonly committeeSeal: boolean | null;
}

export type OutcomeView =
  | {
      readonly result: 'success';
      readonly resultLabel: string;
      readonly agreement: {
        /** Staff viewers only; null for the applicant. */
        readonly document: AgreementDocumentView | null;
        readonly number: string | null;
        readonly terms: readonly string[];
        readonly performance: {
          readonly method: string | null;
          readonly place: string | null;
          readonly deadline: string | null;
        };
        readonly copies: number | null;
      };
      readonly note: string | null;
    }
  | {
      readonly result: 'failure';
      readonly resultLabel: string;
      readonly routesLeft: readonly { code: string; label: string; explanation: string }[];
      readonly referredToCourt: boolean;
      readonly note: string;
    }
  | {
      readonly result: 'withdrawn';
      readonly resultLabel: string;
      readonly withdrawnBy: string;
      readonly note: string;
    };

export interface BookingView {
  readonly id: string;
  readonly status: BookingStatus;
  readonly statusLabel: string;
  readonly disputeType: DisputeType;
  readonly disputeTypeLabel: string;
  readonly summary: string;
  readonly room: RoomView;
  readonly slot: { readonly start: string; readonly end: string; readonly label: string };
  readonly applicant: { readonly name: string; readonly phone: string };
  readonly parties: readonly PartyView[];
  /** False unless a mediator or the centre asked to reveal the phones (audited). */
  readonly phonesRevealed: boolean;
  readonly notice: string;
  /** The one-month target while the mediation is not over. */
  readonly target: { readonly dueAt: string; readonly daysLeft: number } | null;
  readonly rescheduleCount: number;
  readonly cancellation: { readonly reason: string; readonly at: string } | null;
  readonly outcome: OutcomeView | null;
  readonly judicialConfirmation: ConfirmationEligibility & {
    readonly dueBy: string | null;
    readonly daysLeft: number | null;
    readonly requestedAt: string | null;
    readonly court: string | null;
  };
  readonly concernId: string | null;
  readonly createdAt: string;
  /** No-show, rebooking and performance visits (mediation.followup.views.ts). */
  readonly followUp: FollowUpView;
  /** Only in the single-booking reply (`get`). */
  readonly timeline?: readonly TimelineEntry[];
}

export interface ViewOptions {
  readonly nowIso: string;
  readonly revealPhones?: boolean;
  readonly events?: readonly AuditEvent[];
}

const CONSENT_LABELS = { agreed: '已同意调解', refused: '不同意调解', pending: '等待对方答复' };

/** Timeline labels of steps that are not transitions of the booking machine. */
const EXTRA_LABELS: Readonly<Record<string, string>> = {
  book: '已提交调解预约',
  recordConsent: '已登记对方同意调解',
  requestConfirmation: '已申请司法确认',
  referToCourt: '调解不成，由司法所移交法庭立案（闭环）',
  read_protected: '查看了当事人电话',
  ...CALENDAR_EVENT_LABELS,
  rebook: '已重新预约',
  recordVisit: '已做履行回访',
};

function eventLabel(action: string): string {
  const transitions = bookingMachine.transitions as Readonly<Record<string, { label: string }>>;
  return Object.hasOwn(transitions, action)
    ? (transitions[action] as { label: string }).label
    : (EXTRA_LABELS[action] ?? action);
}

function outcomeView(
  booking: BookingRecord,
  viewer: Viewer,
  phone: (p: string | undefined) => string | null,
): OutcomeView | null {
  const outcome = booking.outcome;
  if (outcome === undefined) return null;
  const resultLabel = stateLabel(bookingMachine, booking.status);
  if (outcome.result === 'success') {
    const a = outcome.agreement;
    return {
      result: 'success',
      resultLabel,
      agreement: {
        document:
          viewer === 'applicant'
            ? null
            : {
                parties: (a.parties ?? []).map((p) => ({
                  name: p.name ?? null,
                  sex: p.sex === undefined ? null : SEX_LABELS[p.sex],
                  age: p.age ?? null,
                  ethnicity: p.ethnicity ?? null,
                  occupation: p.occupation ?? null,
                  address: p.address ?? null,
                  phone: phone(p.phone),
                })),
                facts: a.facts ?? null,
                responsibility: a.responsibility ?? null,
                signatures: (a.signatures ?? []).map((sig) => ({
                  signerRole: sig.signerRole,
                  partyIndex: sig.partyIndex ?? null,
                  name: sig.name,
                  method: sig.method,
                  signedAt: sig.signedAt,
                })),
                committeeSeal: a.committeeSeal ?? null,
              },
        number: a.number ?? null,
        terms: a.terms ?? [],
        performance: {
          method: a.performance?.method ?? null,
          place: a.performance?.place ?? null,
          deadline: a.performance?.deadline ?? null,
        },
        copies: a.copies ?? null,
      },
      note: outcome.note ?? null,
    };
  }
  if (outcome.result === 'failure') {
    return {
      result: 'failure',
      resultLabel,
      routesLeft: OTHER_ROUTES.filter((r) => outcome.routesLeft.includes(r.code)).map((r) => ({
        code: r.code,
        label: r.label,
        explanation: r.explanation,
      })),
      referredToCourt: outcome.referredToCourt,
      note: outcome.note,
    };
  }
  return {
    result: 'withdrawn',
    resultLabel,
    withdrawnBy: outcome.withdrawnBy === 'applicant' ? '申请人' : '对方当事人',
    note: outcome.note,
  };
}

/**
 * The booking as `viewer` sees it. The applicant sees their own phone whole and the others'
 * masked, and only the timeline steps meant for them; staff see the whole timeline.
 */
export function toBookingView(
  booking: BookingRecord,
  room: Room,
  viewer: Viewer,
  options: ViewOptions,
): BookingView {
  const reveal = viewer !== 'applicant' && options.revealPhones === true;
  const phone = (p: string | undefined) => (p === undefined ? null : reveal ? p : maskPhone(p));
  const parties = booking.parties.map((party, i): PartyView => {
    const answer = booking.partyConsents.find((c) => c.partyIndex === i);
    const consent = answer === undefined ? 'pending' : answer.agreed ? 'agreed' : 'refused';
    return {
      name: party.name,
      relation: party.relation ?? null,
      phone: phone(party.phone),
      consent,
      consentLabel: CONSENT_LABELS[consent],
    };
  });
  const eligibility = confirmationEligibility(booking.disputeType);
  const jc = booking.judicialConfirmation;
  const dueBy = jc?.dueBy ?? booking.confirmationDueBy;
  const view: BookingView = {
    id: booking._id,
    status: booking.status,
    statusLabel: stateLabel(bookingMachine, booking.status),
    disputeType: booking.disputeType,
    disputeTypeLabel: DISPUTE_TYPE_LABELS[booking.disputeType],
    summary: booking.summary,
    room: toRoomView(room),
    slot: { start: booking.slotStart, end: booking.slotEnd, label: slotLabel(booking.slotStart) },
    applicant: {
      name: booking.applicant.name,
      phone:
        viewer === 'applicant' || reveal
          ? booking.applicant.phone
          : maskPhone(booking.applicant.phone),
    },
    parties,
    phonesRevealed: reveal,
    notice: MEDIATION_NOTICE,
    target: isEnded(booking)
      ? null
      : {
          dueAt: booking.mediationDueAt,
          daysLeft: daysLeft(options.nowIso, booking.mediationDueAt),
        },
    rescheduleCount: booking.reschedules.length,
    cancellation:
      booking.cancellation === undefined
        ? null
        : { reason: booking.cancellation.reason, at: booking.cancellation.at },
    outcome: outcomeView(booking, viewer, phone),
    judicialConfirmation: {
      ...eligibility,
      dueBy: dueBy ?? null,
      daysLeft:
        dueBy === undefined || jc !== undefined
          ? null
          : Math.max(daysLeft(options.nowIso, dueBy), 0),
      requestedAt: jc?.requestedAt ?? null,
      court: jc?.court ?? null,
    },
    concernId: booking.concernId ?? null,
    createdAt: booking.createdAt,
    followUp: followUpView(booking, viewer),
  };
  if (options.events === undefined) return view;
  const timeline = options.events
    .filter((e) => viewer !== 'applicant' || e.visibleToReporter)
    .map((e) => ({
      at: e.at,
      label: eventLabel(e.action),
      by: ROLE_LABELS[e.actorRole],
      note: e.note ?? null,
    }));
  return { ...view, timeline };
}

/** One room `suggestRooms` offers, with why. */
export interface RoomSuggestionView {
  readonly room: RoomView;
  readonly distance: number;
  readonly levelLabel: string;
  readonly reason: string;
}

export interface SuggestRoomsReply {
  readonly disputeType: DisputeType;
  readonly disputeTypeLabel: string;
  readonly rooms: readonly RoomSuggestionView[];
  /** Go to the police at once (警司联调) — said before any room. */
  readonly urgentToPolice: boolean;
  readonly policeNotice: string | null;
  /** Said before the parties book: 司法确认 is not available for identity, adoption, marriage. */
  readonly judicialConfirmation: ConfirmationEligibility;
  readonly notice: string;
}

export interface ListSlotsReply {
  readonly room: RoomView;
  /** Free slots only (some seat left), in time order. */
  readonly slots: readonly Slot[];
  /** True when the room opens on working days of the official calendar only. */
  readonly workingDaysOnly: boolean;
  /**
   * Years in the asked range whose holidays the town has not entered: such a room offers no
   * slot in them, and `notice` says so in Chinese; empty and null otherwise.
   */
  readonly closedYears: readonly number[];
  readonly notice: string | null;
}

/** Why a room that closes on holidays offers nothing in a year without holiday data. */
export function closedYearsNotice(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  const named = years.join('、');
  return `${named}年的节假日安排镇里还没有录入，暂时不能预约${named}年的时段。请先选前面的日期，或打电话给调解室。`;
}
