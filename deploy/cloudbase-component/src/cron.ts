/**
 * Timer triggers (定时触发器) on CloudBase take a 7-field cron: second minute hour day month
 * weekday year. The local host runs timers every `everyMs` instead, so the deployment converts
 * between the two. Only the fixed intervals a timer here can have are supported: whole minutes
 * dividing an hour, or whole hours dividing a day.
 */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The 7-field cron that fires every `everyMs` (15 min: second 0, every 15th minute), spelt as
 * scripts/build-functions.ts writes config.json (a star, not a step of 1).
 */
export function cronForInterval(everyMs: number): string {
  if (Number.isInteger(everyMs / MINUTE_MS)) {
    const minutes = everyMs / MINUTE_MS;
    if (minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
      return minutes === 1 ? '0 * * * * * *' : `0 */${minutes} * * * * *`;
    }
    const hours = everyMs / HOUR_MS;
    if (Number.isInteger(hours) && hours >= 1 && hours < 24 && 24 % hours === 0) {
      return hours === 1 ? '0 0 * * * * *' : `0 0 */${hours} * * * *`;
    }
  }
  throw new Error(
    `no 7-field cron fires every ${everyMs} ms (whole minutes dividing an hour or whole hours dividing a day)`,
  );
}

// A step field: `*` is 1, a star-slash-n field is n, anything else is null.
function step(field: string): number | null {
  if (field === '*') return 1;
  const match = /^\*\/([1-9][0-9]*)$/.exec(field);
  return match ? Number(match[1]) : null;
}

/**
 * The interval (ms) of a 7-field cron that fires at a fixed interval, or null when it does not
 * (a fixed time of day, a list, a weekday …). Spellings of the same interval agree: a star or a
 * step of 1 in the minute field both mean one minute, in the hour field (minute 0) one hour.
 */
export function intervalOfCron(cron: string): number | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 7) return null;
  const [second, minute, hour, ...rest] = fields as [string, string, string, ...string[]];
  if (second !== '0' || rest.some((f) => f !== '*')) return null;
  const minuteStep = step(minute);
  const hourStep = step(hour);
  if (minuteStep !== null && hour === '*' && 60 % minuteStep === 0) return minuteStep * MINUTE_MS;
  if (minute === '0' && hourStep !== null && 24 % hourStep === 0) return hourStep * HOUR_MS;
  return null;
}

/** `90000` → `1.5 min`, `3600000` → `60 min`: intervals as people read them in a plan. */
export function describeInterval(ms: number): string {
  return `${ms / MINUTE_MS} min`;
}
