/**
 * Where a town's entry disagrees with the library's data (内置数据) for a year the library
 * covers: a day the town marks off that the library has worked, or a make-up day the library
 * has off. The town wins when it insists (its own notice may be newer), but only on purpose:
 * the save is refused with these messages until the admin confirms 以本镇录入为准.
 */
import type { FieldError } from '../kernel/errors';
import type { HolidayTable } from './calendar.data';
import type { TownHolidayTable } from './calendar.schema';
import { datesOf } from './calendar.schema';
import { createWorkingCalendar } from './working-days';

/** At most this many disagreements are listed (a whole year entered a week off says enough). */
const MAX_LISTED = 20;

/** Each day of `table` whose value differs from the library's, as a message on its box. */
export function libraryDisagreements(table: TownHolidayTable, library: HolidayTable): FieldError[] {
  const libraryOnly = createWorkingCalendar(library);
  const out: FieldError[] = [];
  for (const [yearKey, holidays] of Object.entries(table)) {
    const year = Number(yearKey);
    if (!libraryOnly.coversYear(year)) continue;
    holidays.forEach((h, i) => {
      const worked = datesOf(h.from, h.to).filter((d) => libraryOnly.isWorkday(d));
      if (worked.length > 0) {
        out.push({
          field: `years.${yearKey}.${i}.from`,
          message: `${year}年“${h.name}”：${worked.join('、')} 在内置的国家安排里是工作日，您填的是放假。如果以本镇收到的通知为准，请勾选“以本镇录入为准”后再保存`,
        });
      }
      h.workdays.forEach((w, j) => {
        if (!libraryOnly.isWorkday(w)) {
          out.push({
            field: `years.${yearKey}.${i}.workdays.${j}`,
            message: `${year}年“${h.name}”：${w} 在内置的国家安排里是休息日，您填的是调休上班。如果以本镇收到的通知为准，请勾选“以本镇录入为准”后再保存`,
          });
        }
      });
    });
  }
  return out.slice(0, MAX_LISTED);
}
