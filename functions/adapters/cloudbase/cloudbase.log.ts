/**
 * Logs on CloudBase: one JSON line per entry on stdout (info) or stderr (warn, error), which
 * the function's log service collects and indexes. No pino here: it is not worth its load
 * time for a line of JSON.
 */
import type { Logger } from '../../runtime/ports';

type Level = 'info' | 'warn' | 'error';

export type LineWriter = (level: Level, line: string) => void;

const writeToStdio: LineWriter = (level, line) => {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
};

function serialise(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}

/** A logger writing JSON lines: `{ ...fields, level, time, msg }`. */
export function createJsonLogger(
  write: LineWriter = writeToStdio,
  now: () => string = () => new Date().toISOString(),
): Logger {
  const entry = (level: Level) => (obj: object, msg?: string) => {
    write(level, serialise({ ...obj, level, time: now(), ...(msg === undefined ? {} : { msg }) }));
  };
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}
