/**
 * The town's holiday table (节假日安排), kept by its admin the way the State Council publishes
 * a year's notice (shared/calendar/calendar.schema.ts): read it with the banner, read a file
 * into it, preview what a change would move, save it. Saving stores the `holidays` rule set
 * (audited, versioned) and then moves every open date it changes through the concepts' steps
 * (deadlines/follow-calendar.ts); every clock reads the town's calendar on its next call
 * (runtime/calendars.ts).
 */
import { LIBRARY_RANGES, DEFAULT_HOLIDAY_TABLE } from '../../shared/calendar/calendar.data';
import { libraryDisagreements } from '../../shared/calendar/calendar.compare';
import type { HolidayRange, TownHolidayTable } from '../../shared/calendar/calendar.schema';
import {
  checkHolidayYears,
  HOLIDAY_NAMES,
  tableYears,
  toStoredBody,
  toTownTable,
} from '../../shared/calendar/calendar.schema';
import { calendarWarning } from '../../shared/calendar/calendar.warning';
import { toLocalDate } from '../../shared/calendar/china-time';
import { localDayText } from '../../shared/calendar/calendar.events';
import type { AppError, FieldError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type {
  ImportHolidaysInput,
  PreviewHolidaysInput,
  SaveHolidaysInput,
} from '../../shared/validation/admin.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { TownCalendar } from '../runtime/calendars';
import { buildTownCalendar } from '../runtime/calendars';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { rulesDocId } from '../runtime/town-rules';
import { RULES } from '../store/collections';
import { followCalendar, planCalendarMoves } from '../deadlines/follow-calendar';
import { rulesWriter } from './admin.collections';
import { readHolidayFile } from './holidays.file';
import type {
  HolidayCalendarView,
  HolidayFileView,
  HolidayPreview,
  HolidaysSaved,
  HolidayYearView,
} from './holidays.views';
import { MAX_MOVES_LISTED } from './holidays.views';

/** The town's years as the screen shows them: the library's and the town's, ascending. */
function yearsOf(state: TownCalendar): HolidayYearView[] {
  const years = new Set([
    ...Object.keys(DEFAULT_HOLIDAY_TABLE).map(Number),
    ...tableYears(state.table),
  ]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      town: state.table[year] ?? [],
      library: LIBRARY_RANGES[year] ?? [],
      covered: state.calendar.coversYear(year),
    }));
}

/** `holidayCalendar`: the table of the caller's town with its version and the banner. */
export async function holidayCalendar(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<HolidayCalendarView>> {
  const { account } = signedIn(call);
  const state = await ctx.calendars.stateOf(account.townId);
  const doc = await RULES.get(ctx.store, rulesDocId(account.townId, 'holidays'));
  return ok({
    version: state.version,
    years: yearsOf(state),
    warning: calendarWarning(state.calendar, toLocalDate(ctx.clock.nowIso())),
    holidayNames: HOLIDAY_NAMES,
    updatedAt: doc?.updatedAt ?? null,
  });
}

/** `importHolidays`: a CSV or JSON file read into years for the form; nothing is saved. */
export function importHolidays(
  _ctx: AppContext,
  call: ActionCall<ImportHolidaysInput>,
): Promise<Result<HolidayFileView>> {
  const read = readHolidayFile(call.input);
  if (!read.ok) return Promise.resolve(err(invalid('节假日安排文件有误', read.problems)));
  return Promise.resolve(ok({ years: read.years, holidays: read.holidays }));
}

function invalid(
  what: string,
  fields: readonly FieldError[],
  reason?: 'library_disagrees',
): AppError {
  const first = fields[0]?.message ?? '填写有误';
  return appError('VALIDATION_FAILED', `${what}：${first}`, {
    fields,
    ...(reason === undefined ? {} : { reason }),
  });
}

interface Checked {
  readonly state: TownCalendar;
  /** The town's whole table after the change. */
  readonly table: TownHolidayTable;
  readonly entered: TownHolidayTable;
  readonly differences: FieldError[];
}

/**
 * Checks the entered years in plain words (dates, years, ranges, make-up days, days both off
 * and worked) and against the library's data; answers the table as it would be after saving.
 */
async function checkEntry(
  ctx: AppContext,
  townId: string,
  input: PreviewHolidaysInput,
): Promise<Result<Checked>> {
  const problems = checkHolidayYears(input.years);
  if (problems.length > 0) return err(invalid('节假日安排有误', problems));
  const entered = toTownTable(input.years);
  const differences = libraryDisagreements(entered, DEFAULT_HOLIDAY_TABLE);
  if (differences.length > 0 && !input.overrideLibrary) {
    return err(invalid('节假日安排与内置数据不一致', differences, 'library_disagrees'));
  }
  const state = await ctx.calendars.stateOf(townId);
  const table: Record<number, readonly HolidayRange[]> = { ...state.table };
  for (const [year, holidays] of Object.entries(entered)) {
    if (holidays.length === 0) delete table[Number(year)];
    else table[Number(year)] = holidays;
  }
  return ok({ state, table, entered, differences });
}

/** `previewHolidays`: what saving the entry would move, and the banner after it. */
export async function previewHolidays(
  ctx: AppContext,
  call: ActionCall<PreviewHolidaysInput>,
): Promise<Result<HolidayPreview>> {
  const { account } = signedIn(call);
  const checked = await checkEntry(ctx, account.townId, call.input);
  if (!checked.ok) return checked;
  const { state, table, differences } = checked.value;
  const after = buildTownCalendar(table, state.version + 1);
  const plan = await planCalendarMoves(ctx, account.townId, after.calendar);
  return ok({
    version: state.version,
    moves: plan.moves.slice(0, MAX_MOVES_LISTED),
    counts: plan.counts,
    truncated: plan.moves.length > MAX_MOVES_LISTED,
    libraryDifferences: differences,
    warning: calendarWarning(after.calendar, toLocalDate(ctx.clock.nowIso())),
  });
}

/** 「2027年：元旦 1月1日至1月3日；春节 2月6日至2月13日（调休上班 1月31日、2月20日）」 for the audit note. */
function describe(entered: TownHolidayTable): string {
  return Object.entries(entered)
    .map(([year, holidays]) => {
      if (holidays.length === 0) return `${year}年：删除本镇录入的安排`;
      const list = holidays.map((h) => {
        const range =
          h.from === h.to ? localDayText(h.from) : `${localDayText(h.from)}至${localDayText(h.to)}`;
        const made =
          h.workdays.length === 0 ? '' : `（调休上班 ${h.workdays.map(localDayText).join('、')}）`;
        return `${h.name} ${range}${made}`;
      });
      return `${year}年：${list.join('；')}`;
    })
    .join('。');
}

/**
 * `saveHolidays`: stores the town's table with the entered years (an empty list removes a
 * year), audited; then moves every open date the new calendar changes. `expectedVersion` (the
 * version previewed) makes a concurrent edit answer CONFLICT instead of overwriting.
 */
export async function saveHolidays(
  ctx: AppContext,
  call: ActionCall<SaveHolidaysInput>,
): Promise<Result<HolidaysSaved>> {
  const { account } = signedIn(call);
  const townId = account.townId;
  const checked = await checkEntry(ctx, townId, call.input);
  if (!checked.ok) return checked;
  const { state, table, entered } = checked.value;
  const stale = () =>
    err(
      appError('CONFLICT', '节假日安排刚被别人改过了，请刷新看看最新的内容再修改', {
        reason: 'stale',
      }),
    );
  if (call.input.expectedVersion !== state.version) return stale();
  const after = buildTownCalendar(table, state.version + 1);
  const plan = await planCalendarMoves(ctx, townId, after.calendar);
  const id = rulesDocId(townId, 'holidays');
  const old = await RULES.get(ctx.store, id);
  const saved = await call.transact(townId, async (tx) => {
    const now = ctx.clock.nowIso();
    const doc = {
      townId,
      kind: 'holidays' as const,
      body: toStoredBody(table),
      updatedAt: now,
      updatedBy: account._id,
    };
    const stored =
      old === null
        ? await rulesWriter.insert(tx, { _id: id, ...doc })
        : await rulesWriter.replace(tx, id, doc, { ifVersion: old._version });
    if (!stored.ok) return stale();
    const event = await appendEvent(ctx, tx, {
      townId,
      subjectType: 'rules',
      subjectId: id,
      actorId: account._id,
      actorRole: 'admin',
      action: 'set_holidays',
      from: old === null ? null : `v${old._version}`,
      to: `v${stored.value._version}`,
      at: now,
      note: `修改节假日安排：${describe(entered)}。说明：${call.input.note}`.slice(0, 2000),
      visibleToReporter: false,
    });
    if (!event.ok) return event;
    return ok({
      version: stored.value._version,
      updatedAt: now,
      years: Object.keys(entered).map(Number),
      counts: plan.counts,
      warning: calendarWarning(after.calendar, toLocalDate(now)),
    } satisfies HolidaysSaved);
  });
  if (!saved.ok) return saved;
  // The calendar every clock now reads; its dates move onto it, one record at a time.
  const current = await ctx.calendars.stateOf(townId);
  await followCalendar(ctx, call, townId, current);
  return saved;
}
