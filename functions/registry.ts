/**
 * Every cloud function, by name: the local host serves them at `POST /api/fn/<name>` and
 * runs the timer functions on their schedule. Each function folder adds one line here.
 */
import type { FunctionDef } from './runtime/action';
import { accountFunction } from './account/account.function';
import { adminFunction } from './admin/admin.function';
import { clueFunction } from './clue/clue.function';
import { concernFunction } from './concern/concern.function';
import { learningFunction } from './learning/learning.function';
import { mediationFunction } from './mediation/mediation.function';
import { deadlinesFunction } from './deadlines/deadlines.function';
import { outboxFunction } from './outbox/outbox.function';
import { remindersFunction } from './reminders/reminders.function';
import { statsFunction } from './stats/stats.function';
import { taskFunction } from './task/task.function';

export const FUNCTIONS: readonly FunctionDef[] = [
  accountFunction,
  adminFunction,
  clueFunction,
  concernFunction,
  learningFunction,
  mediationFunction,
  deadlinesFunction,
  outboxFunction,
  remindersFunction,
  statsFunction,
  taskFunction,
];

/**
 * Timer functions (定时触发): function name, the timer action to call, and how often
 * (milliseconds) the local host calls it for every town. On CloudBase each is a timer trigger.
 */
export interface TimerSpec {
  readonly fn: string;
  readonly action: string;
  readonly everyMs: number;
}

export const TIMERS: readonly TimerSpec[] = [
  /** Pushes and their retries (backoff starts at 1 min). */
  { fn: 'outbox', action: 'deliver', everyMs: 60 * 1000 },
  /** Near-due flags, 督办 escalation, clue reply deadlines. */
  { fn: 'deadlines', action: 'sweep', everyMs: 15 * 60 * 1000 },
  /** 回访 return visits, 司法确认 reminders, performance visits. */
  { fn: 'reminders', action: 'run', everyMs: 60 * 60 * 1000 },
];

/** Finds a function by name (own properties only). */
export function functionByName(name: string): FunctionDef | undefined {
  return FUNCTIONS.find((f) => f.name === name);
}
