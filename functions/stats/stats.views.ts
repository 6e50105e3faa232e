/** The statistics overview as the centre's screen reads it (types only). */
import type { CalendarWarning } from '../../shared/calendar/calendar.warning';
import type { ConcernKind } from '../../shared/concern/concern.kinds';
import type { ConcernStatus } from '../../shared/concern/concern.status';
import type { BookingStatus } from '../../shared/mediation/booking.status';
import type { ClueStatus } from '../../shared/clue/clue.status';

export interface CountRow<K extends string> {
  readonly code: K;
  readonly label: string;
  readonly count: number;
}

export interface PlaceRow {
  readonly gridNodeId: string;
  readonly name: string;
  readonly count: number;
}

export interface CoverageRow {
  readonly gridNodeId: string;
  readonly name: string;
  readonly households: number;
  readonly covered: number;
  readonly rate: number | null;
}

/** One town of a county-wide overview. */
export interface TownRow {
  readonly townId: string;
  readonly name: string;
  readonly total: number;
  readonly overdueNow: number;
  readonly onTimeRate: number | null;
  readonly satisfactionRate: number | null;
}

export interface StatsOverview {
  /** The town read, or the county's id for a county-wide overview. */
  readonly townId: string;
  readonly from: string;
  readonly to: string;
  readonly communityId: string | null;
  readonly generatedAt: string;
  readonly concerns: {
    readonly total: number;
    /** People who raised them: each reporter and everyone who joined (我也遇到了). */
    readonly people: number;
    readonly byKind: CountRow<ConcernKind>[];
    readonly byStatus: CountRow<ConcernStatus>[];
    /** By natural village (自然村); a concern placed above village level counts at its node. */
    readonly byVillage: PlaceRow[];
    /** Resolved concerns that had a deadline, and those resolved on or before it. */
    readonly resolved: number;
    readonly resolvedOnTime: number;
    readonly onTimeRate: number | null;
    /** Rated concerns, and those rated 已解决. */
    readonly rated: number;
    readonly satisfied: number;
    readonly satisfactionRate: number | null;
    /** Open concerns past their deadline right now, whenever they came in. */
    readonly overdueNow: number;
  };
  /** Open tasks past their due time right now (town-wide only; tasks carry no place). */
  readonly tasks: { readonly overdueNow: number | null };
  readonly mediation: {
    /** Bookings whose session falls in the range, by status. */
    readonly byStatus: CountRow<BookingStatus>[];
    /** Mediations that ended with an outcome: succeeded, failed or withdrawn. */
    readonly ended: number;
    readonly succeeded: number;
    readonly successRate: number | null;
    /** Sessions that did not take place because a party did not come (未到场). */
    readonly noShows: number;
  };
  readonly clues: {
    readonly received: number;
    readonly byStatus: CountRow<ClueStatus>[];
    readonly decided: number;
    readonly accepted: number;
    readonly acceptanceRate: number | null;
  };
  /** 一户一法德明白人: households where a member completed the reading path (cumulative). */
  readonly learning: {
    readonly readingPathArticles: number;
    readonly households: number;
    readonly covered: number;
    readonly coverageRate: number | null;
    readonly byVillage: CoverageRow[];
  };
  /** A county-wide overview's towns (null for one town). */
  readonly towns: TownRow[] | null;
  readonly calendar: CalendarWarning;
}
