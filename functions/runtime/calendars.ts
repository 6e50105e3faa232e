/**
 * One working-day calendar per town (工作日历): the library's holiday data combined with the
 * town's own table (the `holidays` rule set, `<townId>:holidays`), the town winning day by
 * day. Every clock asks for its town's calendar here, on the local host and on CloudBase alike.
 *
 * Cached per town and rebuilt when the stored table's `_version` changes: each call reads the
 * rules document by id (one cheap read), so a change takes effect on the next call without a
 * restart, and every CloudBase instance, each with its own cache, sees it on its next call too.
 */
import { DEFAULT_HOLIDAY_TABLE, LIBRARY_FINGERPRINT } from '../../shared/calendar/calendar.data';
import type { TownHolidayTable } from '../../shared/calendar/calendar.schema';
import { parseStoredHolidays } from '../../shared/calendar/calendar.schema';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { createWorkingCalendar } from '../../shared/calendar/working-days';
import { RULES } from '../store/collections';
import type { Db } from '../store/store.port';
import type { Logger } from './ports';
import { rulesDocId } from './rule-ids';

/** A town's calendar and what it was built from. */
export interface TownCalendar {
  readonly calendar: WorkingCalendar;
  /** The town's own table as stored (empty when it has none, or it does not parse). */
  readonly table: TownHolidayTable;
  /** The stored table's `_version`; 0 when the town has never saved one. */
  readonly version: number;
  /** The library data and the table's version: changes whenever the calendar can change. */
  readonly fingerprint: string;
}

export interface CalendarSource {
  /** The town's calendar as stored now. */
  forTown(townId: string): Promise<WorkingCalendar>;
  /** The same with its table, version and fingerprint (for the admin and the sweep). */
  stateOf(townId: string): Promise<TownCalendar>;
}

/** The fingerprint of a town's calendar at `version` of its table. */
export function calendarFingerprint(version: number): string {
  return `${LIBRARY_FINGERPRINT}|v${version}`;
}

/** A calendar of the library's data and `table`, with its fingerprint at `version`. */
export function buildTownCalendar(table: TownHolidayTable, version: number): TownCalendar {
  return {
    calendar: createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table),
    table,
    version,
    fingerprint: calendarFingerprint(version),
  };
}

/** The per-town calendar source over `store` (one per runtime; its cache is per process). */
export function createCalendarSource(store: Db, log: Logger): CalendarSource {
  const cache = new Map<string, TownCalendar>();
  const stateOf = async (townId: string): Promise<TownCalendar> => {
    const doc = await RULES.get(store, rulesDocId(townId, 'holidays'));
    const version = doc === null || doc.townId !== townId ? 0 : doc._version;
    const cached = cache.get(townId);
    if (cached !== undefined && cached.version === version) return cached;
    let table: TownHolidayTable = {};
    if (doc !== null && version > 0) {
      const parsed = parseStoredHolidays(doc.body);
      if (parsed.ok) table = parsed.value;
      else {
        log.error(
          { townId, version },
          'stored holiday table does not parse; counting on the library data alone',
        );
      }
    }
    const built = buildTownCalendar(table, version);
    cache.set(townId, built);
    return built;
  };
  return {
    stateOf,
    forTown: async (townId) => (await stateOf(townId)).calendar,
  };
}
