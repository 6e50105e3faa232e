/**
 * The per-town timer loop (定时任务), once for both platforms: a timer function's timer action
 * runs for every town of the deployment in turn, each with that town's timer identity. The
 * local host's timer runner (host/timers.ts) calls it on its schedule; on CloudBase the
 * function's timer trigger calls it (adapters/cloudbase/cloudbase.runtime.ts). A town that
 * fails is logged and the others still run.
 */
import type { FunctionDef } from './action';
import type { AppContext } from './context';
import { dispatch } from './dispatch';
import { queryAll } from './paging';
import { TOWNS } from '../store/collections';

/** How one town's run of a timer ended. */
export interface TownTimerResult {
  readonly townId: string;
  readonly ok: boolean;
  readonly code?: string;
  /** The run stopped with work left (a full batch): run again at once. */
  readonly more?: boolean;
}

/** The towns (镇) of the deployment, from the `towns` collection. */
export async function listTownIds(ctx: AppContext): Promise<string[]> {
  const towns = await queryAll(ctx, TOWNS, {});
  return towns.map((t) => t._id);
}

/** The one action of `def` open to the timers, or null when it has none or several. */
export function timerActionOf(def: FunctionDef): string | null {
  const actions = Object.keys(def.actions).filter((a) => def.actions[a]?.access === 'timer');
  return actions.length === 1 ? (actions[0] as string) : null;
}

/**
 * Runs `action` of `def` once for every town, each as that town's timer, logging each run
 * (`timer ran` with its duration, or `timer failed` with the error). Listing the towns may
 * throw (the store is down); a town's run never does: dispatch answers INTERNAL instead.
 */
export async function runForEveryTown(
  ctx: AppContext,
  def: FunctionDef,
  action: string,
): Promise<TownTimerResult[]> {
  const towns = await listTownIds(ctx);
  const timer = `${def.name}.${action}`;
  const results: TownTimerResult[] = [];
  for (const townId of towns) {
    const t0 = ctx.clock.nowMs();
    const reply = await dispatch(ctx, def, { action, data: {} }, { kind: 'timer', townId });
    if (reply.ok) {
      ctx.log.info({ timer, townId, ms: ctx.clock.nowMs() - t0 }, 'timer ran');
      const data = reply.data as { readonly more?: unknown } | null | undefined;
      results.push({ townId, ok: true, more: data?.more === true });
    } else {
      ctx.log.error({ timer, townId, error: reply.error }, 'timer failed');
      results.push({ townId, ok: false, code: reply.error.code });
    }
  }
  return results;
}
