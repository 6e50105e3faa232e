/**
 * What a booking shows of the steps after its session (调解之后): the no-show and whether the
 * applicant can book again from it, and the performance return visits (履行回访) term by term.
 * Built field by field; every viewer of the booking may see these (they name no phone).
 */
import type { NoShowWho, TermState } from '../../shared/mediation/mediation.followup.schema';
import {
  NO_SHOW_WHO_LABELS,
  TERM_STATE_LABELS,
} from '../../shared/mediation/mediation.followup.schema';
import type { BookingRecord, Viewer } from './mediation.records';

export interface FollowUpView {
  readonly noShow: {
    readonly who: NoShowWho;
    readonly whoLabel: string;
    readonly note: string | null;
    readonly at: string;
  } | null;
  /** The applicant may book a new slot from this booking without re-entering the case. */
  readonly canRebook: boolean;
  readonly rebookOf: string | null;
  readonly rebookedAs: string | null;
  readonly terms: readonly string[];
  readonly visits: readonly {
    readonly at: string;
    readonly note: string;
    readonly nextVisitOn: string | null;
    readonly terms: readonly {
      readonly index: number;
      readonly term: string;
      readonly state: TermState;
      readonly stateLabel: string;
      readonly note: string | null;
    }[];
  }[];
}

export function followUpView(booking: BookingRecord, viewer: Viewer): FollowUpView {
  const terms =
    booking.outcome?.result === 'success' ? (booking.outcome.agreement.terms ?? []) : [];
  const noShow = booking.noShow;
  return {
    noShow:
      noShow === undefined
        ? null
        : {
            who: noShow.who,
            whoLabel: NO_SHOW_WHO_LABELS[noShow.who],
            note: noShow.note ?? null,
            at: noShow.at,
          },
    canRebook:
      viewer === 'applicant' && booking.status === 'no_show' && booking.rebookedAs === undefined,
    rebookOf: booking.rebookOf ?? null,
    rebookedAs: booking.rebookedAs ?? null,
    terms,
    visits: (booking.visits ?? []).map((v) => ({
      at: v.at,
      note: v.note,
      nextVisitOn: v.nextVisitOn ?? null,
      terms: v.terms.map((t) => ({
        index: t.index,
        term: terms[t.index] ?? '',
        state: t.state,
        stateLabel: TERM_STATE_LABELS[t.state],
        note: t.note ?? null,
      })),
    })),
  };
}
