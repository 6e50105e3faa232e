/**
 * The timer functions (定时任务: deadlines, notification retries …) on the local host: every
 * `everyMs`, each timer's action runs once per town of the deployment with the timer identity
 * (runtime/timers.ts), exactly as CloudBase's timer trigger calls it. A timer's next run is
 * scheduled only when the previous one has finished, so runs of one timer never overlap.
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
  const handles = new Map<TimerSpec, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const inRun = new Set<TimerSpec>();
  const nudgedDuringRun = new Set<TimerSpec>();
  let started = false;

  async function runOnce(spec: TimerSpec): Promise<void> {
    await runForEveryTown(ctx, functions.get(spec.fn) as FunctionDef, spec.action);
  }

  function schedule(spec: TimerSpec, delayMs: number = spec.everyMs): void {
    const handle = setTimeout(() => {
      handles.delete(spec);
      inRun.add(spec);
      const run = runOnce(spec)
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
          if (started) schedule(spec, again ? NUDGE_DELAY_MS : spec.everyMs);
        });
      running.add(run);
    }, delayMs);
    handles.set(spec, handle);
  }

  return {
    start() {
      if (started) return;
      started = true;
      for (const spec of timers) schedule(spec);
    },
    async stop() {
      started = false;
      for (const handle of handles.values()) clearTimeout(handle);
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
        const handle = handles.get(spec);
        if (handle !== undefined) clearTimeout(handle);
        schedule(spec, NUDGE_DELAY_MS);
      }
    },
  };
}
