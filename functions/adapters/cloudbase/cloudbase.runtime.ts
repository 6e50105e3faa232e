/**
 * The CloudBase runtime (docs/domain.md §3, production adapters): the store on the CloudBase
 * database, identity from the WeChat context, push by subscribe messages, content check by
 * msgSecCheck, JSON logs. Built once per cold start by adapters/select.ts; each invocation
 * then becomes one `dispatch`, or — when the function's own timer trigger fired — one run of
 * its timer action for every town (runtime/timers.ts), as the local host's timer runner does.
 *
 * Photos: the mini-program uploads them to private CloudBase storage itself
 * (`Taro.cloud.uploadFile`, into the caller's upload folder); the functions accept only the
 * caller's own file ids and answer temporary links for what a viewer may see
 * (cloudbase.files.ts).
 */
import type { CallReply } from '../../../shared/kernel/envelope';
import { replyError, replyOk } from '../../../shared/kernel/envelope';
import { appError } from '../../../shared/kernel/errors';
import { createCalendarSource } from '../../runtime/calendars';
import { runForEveryTown, timerActionOf } from '../../runtime/timers';
import type { FunctionDef } from '../../runtime/action';
import { isRegisterCall } from '../../runtime/action';
import type { AppContext } from '../../runtime/context';
import { limitsFromEnv } from '../../runtime/limits';
import { dispatch } from '../../runtime/dispatch';
import type { Clock, FileStore, Logger } from '../../runtime/ports';
import type { Store } from '../../store/store.port';
import type { FunctionRuntime } from '../function-runtime';
import { systemClock } from '../local/clock';
import { createIdGenerator } from '../local/ids';
import { createCloudbaseFiles } from './cloudbase.files';
import { createJsonLogger } from './cloudbase.log';
import { createMsgSecCheck } from './msg-sec.check';
import { createSubscribePush, miniprogramStateOf, parseSubscribeTemplates } from './subscribe.push';
import type { WxCloudLoader } from './wx.cloud';
import { lazyWxCloud } from './wx.cloud';
import type { Env, WxContext } from './wx.context';
import { envIdOf, invocationEnv, invocationOf, readWxContext } from './wx.context';
import { asDb } from '../../store/store.raw';

export interface CloudbaseRuntimeOptions {
  /** The function's environment: configuration, and the WeChat context of each call. */
  readonly env: Env;
  /** The store; by default the CloudBase database of the current environment. */
  readonly store?: Store;
  /** Photos; by default CloudBase storage of the current environment. */
  readonly files?: FileStore;
  /** wx-server-sdk; by default loaded on the first open-API call. */
  readonly cloud?: WxCloudLoader;
  readonly clock?: Clock;
  readonly log?: Logger;
  /**
   * The WeChat context of the current call; by default read from the call's `context.environment`
   * over `env` (what node-sdk does; wx-server-sdk 4.0.2 reads `process.env` alone).
   */
  readonly wxContext?: (platformContext: unknown) => WxContext;
}

/** Builds the runtime; a bad configuration (templates, state) throws here, at cold start. */
export async function createCloudbaseRuntime(
  options: CloudbaseRuntimeOptions,
): Promise<FunctionRuntime> {
  const { env } = options;
  const log = options.log ?? createJsonLogger();
  const clock = options.clock ?? systemClock;
  const cloud = options.cloud ?? lazyWxCloud();
  const templates = parseSubscribeTemplates(env.WX_SUBSCRIBE_TEMPLATES);
  const miniprogramState = miniprogramStateOf(env.WX_MINIPROGRAM_STATE);
  const store = options.store ?? (await openDefaultStore(env));
  const files =
    options.files ??
    createCloudbaseFiles({
      store,
      envId: envIdOf(env),
      log,
      api: async () => (await import('./cloudbase.store.open')).openCloudbaseApp(env),
    });
  const wxContext =
    options.wxContext ?? ((platformContext) => readWxContext(invocationEnv(env, platformContext)));

  const ctx: AppContext = {
    store: asDb(store),
    clock,
    ids: createIdGenerator(clock),
    // Without a caller there is no OPENID to check text for: refused (timers submit none).
    contentCheck: createMsgSecCheck({ cloud, log }, null),
    push: createSubscribePush({ cloud, store, templates, miniprogramState, clock, log }),
    files,
    // Per town, rebuilt when the town's table changes (read by id on every call).
    calendars: createCalendarSource(asDb(store), log),
    log,
    // The same limits as the local host, counted in the store (runtime/limits.ts).
    limits: limitsFromEnv(env),
  };

  return {
    kind: 'cloudbase',
    ctx,
    async handle(def: FunctionDef, event: unknown, platformContext: unknown): Promise<CallReply> {
      let invocation;
      try {
        invocation = invocationOf(wxContext(platformContext));
      } catch (thrown) {
        log.error({ fn: def.name, err: thrown }, 'unreadable WeChat context');
        return replyError(appError('INTERNAL'));
      }
      if (invocation.kind === 'timer') return runTimerForEveryTown(ctx, def);
      if (invocation.identity.kind === 'anonymous' && isRegisterCall(def, event)) {
        // Without an OPENID nobody could ever sign in to the account, and the phone key it
        // takes would lock the phone's real owner out: registration happens in WeChat only.
        return replyError(appError('FORBIDDEN', '请在微信小程序里注册'));
      }
      const callCtx: AppContext = {
        ...ctx,
        contentCheck: createMsgSecCheck({ cloud, log }, invocation.openid),
      };
      return dispatch(callCtx, def, event, invocation.identity);
    },
  };
}

async function openDefaultStore(env: Env): Promise<Store> {
  const { openCloudbaseStore } = await import('./cloudbase.store.open');
  return openCloudbaseStore(env);
}

/**
 * One timer trigger: the function's timer action (its only action open to `timer`) for every
 * town in turn, each with that town's timer identity (runtime/timers.ts). A town that fails
 * is logged and the others still run; the reply lists each town's outcome.
 */
export async function runTimerForEveryTown(ctx: AppContext, def: FunctionDef): Promise<CallReply> {
  const action = timerActionOf(def);
  if (action === null) {
    ctx.log.error({ fn: def.name }, 'timer trigger on a function without one timer action');
    return replyError(appError('INTERNAL'));
  }
  try {
    return replyOk({ action, towns: await runForEveryTown(ctx, def, action) });
  } catch (thrown) {
    ctx.log.error({ fn: def.name, err: thrown }, 'timer could not list the towns');
    return replyError(appError('INTERNAL'));
  }
}
