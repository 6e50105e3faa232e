/**
 * The one module that decides which adapters a function gets (docs/architecture.md §6, \"Environment
 * detection in one module\"):
 * - **CloudBase** when the function runs in a CloudBase (SCF) container — node-sdk's own test
 *   is `TENCENTCLOUD_RUNENV=SCF` (`WX_LOCAL_SCF` in WeChat DevTools' local debugging),
 *   wx-server-sdk's is `TCB_ENV` —: the CloudBase database, the WeChat context's OPENID,
 *   subscribe messages, msgSecCheck (adapters/cloudbase/).
 * - **Embedded** everywhere else: SQLite under DATA_DIR (default ./data), the live inbox, the
 *   word list, pino (adapters/embedded.ts).
 * HEHE_RUNTIME=embedded|cloudbase overrides the detection.
 *
 * Each branch loads only its own adapters: the CloudBase runtime is imported on the first
 * call that needs it, so the embedded path never loads CloudBase code; CloudBase bundles
 * replace ./embedded with a stub (scripts/build-functions.ts), so they never carry SQLite.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { FunctionDef } from '../runtime/action';
import type { Identity } from '../runtime/caller';
import { dispatch } from '../runtime/dispatch';
import type { Logger } from '../runtime/ports';
import type { EmbeddedRuntime } from './embedded';
import { createEmbeddedRuntime } from './embedded';
import type { FunctionRuntime, RuntimeKind } from './function-runtime';

export type { EmbeddedOptions, EmbeddedRuntime } from './embedded';
export { createEmbeddedRuntime } from './embedded';
export type { FunctionRuntime, RuntimeKind } from './function-runtime';

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export type Env = Readonly<Record<string, string | undefined>>;

/** Which runtime this environment gets. */
export function runtimeKind(env: Env): RuntimeKind {
  const forced = env.HEHE_RUNTIME;
  if (forced === 'embedded' || forced === 'cloudbase') return forced;
  if (forced !== undefined && forced !== '') {
    throw new Error(`HEHE_RUNTIME must be "embedded" or "cloudbase", not "${forced}"`);
  }
  const scf = env.TENCENTCLOUD_RUNENV === 'SCF' || env.TENCENTCLOUD_RUNENV === 'WX_LOCAL_SCF';
  return scf || Boolean(env.TCB_ENV) ? 'cloudbase' : 'embedded';
}

/** Builds the runtime this environment gets (once per process: adapters/main.ts). */
export async function selectRuntime(env: Env): Promise<FunctionRuntime> {
  if (runtimeKind(env) === 'cloudbase') {
    const { createCloudbaseRuntime } = await import('./cloudbase/cloudbase.runtime');
    return createCloudbaseRuntime({ env });
  }
  return embeddedFunctionRuntime(createEmbeddedRuntime({ dataDir: env.DATA_DIR || './data' }));
}

/** What an embedded caller may pass as `context`: the identity it already trusts. */
interface EmbeddedContext {
  readonly identity?: Identity;
}

/** `main` on the embedded runtime: the caller's identity comes with the call's context. */
export function embeddedFunctionRuntime(runtime: EmbeddedRuntime): FunctionRuntime {
  return {
    kind: 'embedded',
    ctx: runtime.ctx,
    handle(def: FunctionDef, event: unknown, context: unknown): Promise<CallReply> {
      const identity = (context as EmbeddedContext | null | undefined)?.identity;
      return dispatch(runtime.ctx, def, event, identity ?? { kind: 'anonymous' });
    },
  };
}
