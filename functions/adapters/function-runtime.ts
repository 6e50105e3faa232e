/**
 * What a function's `main(event, context)` runs on (adapters/main.ts): the embedded
 * runtime or the CloudBase one, chosen once per process by adapters/select.ts.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { FunctionDef } from '../runtime/action';
import type { AppContext } from '../runtime/context';

export type RuntimeKind = 'embedded' | 'cloudbase';

export interface FunctionRuntime {
  readonly kind: RuntimeKind;
  /** The process-wide context (the per-call one may differ, e.g. in the caller's OPENID). */
  readonly ctx: AppContext;
  /** Handles one invocation of function `def`: `event` is the envelope, `context` the platform's. */
  handle(def: FunctionDef, event: unknown, context: unknown): Promise<CallReply>;
}
