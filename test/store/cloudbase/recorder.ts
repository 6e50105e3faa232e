/**
 * The CloudBase SDK with its transport replaced by a recorder: a real `tcb.init(…).database()`
 * whose requests end at a `FakeCloudbaseDatabase` instead of the network.
 *
 * The seam: `@cloudbase/database` (node-sdk's database layer) sends every request through
 * `new Db.reqClass(db.config).send(action, params)` — the query/document/transaction classes all
 * do. `app.database()` plugs node-sdk's HTTP requester (`TcbDBApiHttpRequester`, which adds the
 * env, tokens and signature and POSTs to tcb-api) into that static slot on every call. Here the slot
 * holds `RecordingRequester` instead, behind an accessor that ignores node-sdk's reassignment, so
 * no later `app.database()` can put the HTTP requester back. A request is recorded exactly as the
 * HTTP requester would post its database part: `{ ...params, action }`, undefined fields dropped.
 */
import tcb from '@cloudbase/node-sdk';
import type { CloudbaseDb } from '../../../functions/store/cloudbase.store';
import type { FakeCloudbaseDatabase, Reply, SentRequest } from './fake-database';

/** Fake databases by the env name their SDK instance was initialised with. */
const backends = new Map<string, FakeCloudbaseDatabase>();
let opened = 0;

/** What node-sdk's requester throws for a reply carrying `code` (its TcbError's fields). */
function sdkError(reply: Reply): Error {
  const message = typeof reply.message === 'string' ? reply.message : String(reply.code);
  return Object.assign(new Error(message), { code: reply.code, requestId: reply.requestId });
}

/** Stands where `TcbDBApiHttpRequester` stands: constructed with the db's config, then `send`. */
class RecordingRequester {
  constructor(private readonly config: { readonly envName?: unknown }) {}

  async send(action: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const backend = backends.get(String(this.config.envName));
    if (backend === undefined) {
      throw new Error(`no fake CloudBase database for env ${String(this.config.envName)}`);
    }
    const request = JSON.parse(JSON.stringify({ ...params, action })) as SentRequest;
    const reply = await backend.handle(request);
    // node-sdk's requester throws when the reply carries an error code.
    if (typeof reply.code === 'string') throw sdkError(reply);
    return reply;
  }
}

/**
 * `tcb.init` starts probing Tencent's metadata endpoint (metadata.tencentyun.com) to learn whether
 * it runs on Tencent Cloud — unless it sees it runs in SCF, which is where the functions run.
 * So init as SCF does (the probe reads the variable synchronously), and no request leaves.
 */
function initAsInScf(config: { env: string; secretId: string; secretKey: string }) {
  const saved = process.env.TENCENTCLOUD_RUNENV;
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  try {
    return tcb.init(config);
  } finally {
    if (saved === undefined) delete process.env.TENCENTCLOUD_RUNENV;
    else process.env.TENCENTCLOUD_RUNENV = saved;
  }
}

export interface RecordedConnection {
  /** `app.database()` of a real node-sdk app whose requests reach `backend`. */
  readonly db: CloudbaseDb;
  /** Detaches the backend; requests afterwards fail. */
  disconnect(): void;
}

/** A node-sdk database whose every request is recorded by, and answered from, `backend`. */
export function connectSdkTo(backend: FakeCloudbaseDatabase): RecordedConnection {
  const env = `recorder-${(opened += 1)}`;
  backends.set(env, backend);
  const app = initAsInScf({
    env,
    secretId: 'recorder-secret-id',
    secretKey: 'recorder-secret-key',
  });
  // Compile-time proof that node-sdk's Db is what the store takes.
  const db: CloudbaseDb = app.database();
  Object.defineProperty(db.constructor, 'reqClass', {
    configurable: true,
    get: () => RecordingRequester,
    set: () => undefined,
  });
  return { db, disconnect: () => backends.delete(env) };
}
