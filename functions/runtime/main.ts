/**
 * The platform entry every `functions/<name>/index.ts` exports as `main(event, context)`.
 * Today it serves the embedded runtime (DATA_DIR, default ./data); the production issue adds
 * the CloudBase identity (OPENID from the WeChat context) and adapters, chosen in
 * adapters/select.ts. The local host does not go through here: it calls dispatch with the
 * identity of the session cookie.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { EmbeddedRuntime } from '../adapters/select';
import { createEmbeddedRuntime } from '../adapters/select';
import type { FunctionDef } from './action';
import type { Identity } from './caller';
import { dispatch } from './dispatch';

let runtime: EmbeddedRuntime | undefined;

function currentRuntime(): EmbeddedRuntime {
  runtime ??= createEmbeddedRuntime({ dataDir: process.env.DATA_DIR ?? './data' });
  return runtime;
}

/** What the platform passes as `context`; only a trusted caller identity is read from it. */
export interface EntryContext {
  readonly identity?: Identity;
}

/** Builds `main(event, context)` for one function. */
export function createMain(def: FunctionDef) {
  return async function main(event: unknown, context: EntryContext = {}): Promise<CallReply> {
    return dispatch(currentRuntime().ctx, def, event, context.identity ?? { kind: 'anonymous' });
  };
}
