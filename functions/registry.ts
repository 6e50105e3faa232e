/**
 * Every cloud function, by name: the local host serves them at `POST /api/fn/<name>` and
 * runs the timer functions on their schedule. Each function folder adds one line here.
 */
import type { FunctionDef } from './runtime/action';

export const FUNCTIONS: readonly FunctionDef[] = [];

/**
 * Timer functions (定时触发): function name, the timer action to call, and how often
 * (milliseconds) the local host calls it for every town. On CloudBase each is a timer trigger.
 */
export interface TimerSpec {
  readonly fn: string;
  readonly action: string;
  readonly everyMs: number;
}

export const TIMERS: readonly TimerSpec[] = [];

/** Finds a function by name (own properties only). */
export function functionByName(name: string): FunctionDef | undefined {
  return FUNCTIONS.find((f) => f.name === name);
}
