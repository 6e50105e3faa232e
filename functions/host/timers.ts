/**
 * The timer functions (定时任务: deadlines, notification retries …) on the local host: every
 * `everyMs`, each timer's action runs once per town of the deployment with the timer identity
 * (runtime/timers.ts), exactly as CloudBase's timer trigger calls it. A timer's next run is
 * scheduled only when the previous one has finished, so runs of one timer never overlap.
 *
 * A nudge (a call just queued a push) brings the next run forward to at most NUDGE_DELAY_MS
 * from now and never pushes it back: under steady traffic the run still comes within
 * NUDGE_DELAY_MS of the first nudge (a debounce that re-armed on every call would never fire).
 * A run whose action reports `more` (a full batch, work left) is followed by the next at once.
 */
import type { FunctionDef } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { TimerSpec } from '../registry';
import { runForEveryTown } from '../runtime/timers';

export interface TimerRunner {
  /** Schedules every timer (idempotent). */
  start(): void;
  /** Cancels what is scheduled and waits for runs in progress to finish. */
  stop(): Promise<void>;
  /** Runs one timer for every town now (tests, and the first run after start). */
  runOnce(spec: TimerSpec): Promise<void>;
  /**
   * Brings the next run of the timers of function `fn` forward to about now (a call just
   * queued a push: deliver it within a second, not a minute). Runs never overlap: a nudge
   * during a run makes the next run follow it at once. Does nothing before `start`.
   */
  nudge(fn: string): void;
  /** When each timer last ran and how it ended (for /api/health). */
  status(): TimerStatus[];
}

/** What the health route shows of one timer. */
export interface TimerStatus {
  readonly timer: string;
  readonly everyMs: number;
  /** The last run's start and end (ISO), or null before the first. */
  readonly lastStartedAt: string | null;
  readonly lastFinishedAt: string | null;
  readonly lastMs: number | null;
  /** Towns whose last run failed. */
  readonly lastFailedTowns: number;
  readonly running: boolean;
}

/** How long a nudge waits, so a burst of calls makes one run. */
export const NUDGE_DELAY_MS = 150;

/**
 * Builds the runner. A timer naming a function that is not registered is a programming error
 * and throws here, at start-up, rather than failing quietly every few minutes.
 */
export function createTimerRunner(
  ctx: AppContext,
  timers: readonly TimerSpec[],
  functions: ReadonlyMap<string, FunctionDef>,
): TimerRunner {
  for (const spec of timers) {
    const def = functions.get(spec.fn);
    if (def === undefined || !Object.hasOwn(def.actions, spec.action)) {
      throw new Error(`timer ${spec.fn}.${spec.action}: no such function action is registered`);
    }
    if (!(spec.everyMs >= 1)) throw new Error(`timer ${spec.fn}.${spec.action}: bad everyMs`);
  }
  const handles = new Map<TimerSpec, { handle: NodeJS.Timeout; dueAt: number }>();
  const last = new Map<
    TimerSpec,
    { startedAt: string; finishedAt: string | null; ms: number | null; failed: number }
  >();
  const running = new Set<Promise<void>>();
  const inRun = new Set<TimerSpec>();
  const nudgedDuringRun = new Set<TimerSpec>();
  let started = false;

  /** Runs the timer for every town; answers whether any town's run left work over. */
  async function runTimer(spec: TimerSpec): Promise<boolean> {
    const t0 = Date.now();
    const mark = { startedAt: new Date(t0).toISOString(), finishedAt: null, ms: null, failed: 0 };
    last.set(spec, mark);
    let results: Awaited<ReturnType<typeof runForEveryTown>> = [];
    try {
      results = await runForEveryTown(ctx, functions.get(spec.fn) as FunctionDef, spec.action);
      return results.some((r) => r.more === true);
    } finally {
      last.set(spec, {
        ...mark,
        finishedAt: new Date().toISOString(),
        ms: Date.now() - t0,
        failed: results.filter((r) => !r.ok).length,
      });
    }
  }

  async function runOnce(spec: TimerSpec): Promise<void> {
    await runTimer(spec);
  }

  function schedule(spec: TimerSpec, delayMs: number = spec.everyMs): void {
    const handle = setTimeout(() => {
      handles.delete(spec);
      inRun.add(spec);
      let more = false;
      const run = runTimer(spec)
        .then((left) => {
          more = left;
        })
        .catch((thrown: unknown) => {
          ctx.log.error(
            { timer: `${spec.fn}.${spec.action}`, err: String(thrown) },
            'timer run failed',
          );
        })
        .finally(() => {
          running.delete(run);
          inRun.delete(spec);
          const again = nudgedDuringRun.delete(spec);
          if (!started) return;
          schedule(spec, more ? 0 : again ? NUDGE_DELAY_MS : spec.everyMs);
        });
      running.add(run);
    }, delayMs);
    handles.set(spec, { handle, dueAt: Date.now() + delayMs });
  }

  return {
    start() {
      if (started) return;
      started = true;
      for (const spec of timers) schedule(spec);
    },
    async stop() {
      started = false;
      for (const { handle } of handles.values()) clearTimeout(handle);
      handles.clear();
      await Promise.all([...running]);
    },
    runOnce,
    nudge(fn) {
      if (!started) return;
      for (const spec of timers) {
        if (spec.fn !== fn) continue;
        if (inRun.has(spec)) {
          nudgedDuringRun.add(spec);
          continue;
        }
        const scheduled = handles.get(spec);
        // Already due soon: leave it (re-arming on every nudge would starve it under load).
        if (scheduled !== undefined && scheduled.dueAt <= Date.now() + NUDGE_DELAY_MS) continue;
        if (scheduled !== undefined) clearTimeout(scheduled.handle);
        schedule(spec, NUDGE_DELAY_MS);
      }
    },
    status() {
      return timers.map((spec) => {
        const mark = last.get(spec);
        return {
          timer: `${spec.fn}.${spec.action}`,
          everyMs: spec.everyMs,
          lastStartedAt: mark?.startedAt ?? null,
          lastFinishedAt: mark?.finishedAt ?? null,
          lastMs: mark?.ms ?? null,
          lastFailedTowns: mark?.failed ?? 0,
          running: inRun.has(spec),
        };
      });
    },
  };
}
