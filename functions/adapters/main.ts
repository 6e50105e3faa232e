/**
 * The composition root (组装入口): the platform entry every `functions/<name>/index.ts` exports
 * as `main(event, context)`. adapters/select.ts picks the runtime from the environment, once per process (once per cold
 * start on CloudBase): on CloudBase the caller is the WeChat context's OPENID (or the timer
 * trigger), on the embedded runtime `context.identity`. The local host does not go through
 * here: it calls dispatch with the identity of the session cookie.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import { replyError } from '../../shared/kernel/envelope';
import { appError } from '../../shared/kernel/errors';
import type { FunctionRuntime } from './select';
import { selectRuntime } from './select';
import type { FunctionDef } from '../runtime/action';
import type { Identity } from '../runtime/caller';

let runtime: Promise<FunctionRuntime> | undefined;

/** The process's runtime; one that failed to start is retried by the next call. */
function currentRuntime(): Promise<FunctionRuntime> {
  runtime ??= selectRuntime(process.env).catch((thrown: unknown) => {
    runtime = undefined;
    throw thrown;
  });
  return runtime;
}

/**
 * What the platform passes as `context`. On the embedded runtime only a trusted caller
 * identity is read from it; CloudBase's own context is read by its runtime.
 */
export interface EntryContext {
  readonly identity?: Identity;
}

/** Builds `main(event, context)` for one function. */
export function createMain(def: FunctionDef) {
  return async function main(event: unknown, context: EntryContext = {}): Promise<CallReply> {
    let current: FunctionRuntime;
    try {
      current = await currentRuntime();
    } catch (thrown) {
      // No logger without a runtime: one JSON line on stderr, where both platforms collect it.
      process.stderr.write(
        `${JSON.stringify({
          level: 'error',
          fn: def.name,
          msg: 'runtime failed to start',
          err:
            thrown instanceof Error
              ? { message: thrown.message, stack: thrown.stack }
              : String(thrown),
        })}\n`,
      );
      return replyError(appError('INTERNAL'));
    }
    return current.handle(def, event, context);
  };
}
