/**
 * The CloudBase runtime as a cloud function gets it, over the harness's in-memory store and a
 * fake `cloud`: each call sets the environment the way the platform does for one invocation
 * (WX_CONTEXT_KEYS, WX_OPENID …, TCB_SOURCE) and goes through `handle`, exactly as `main`
 * does on CloudBase. Nothing reaches the network.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { TempUrlApi } from '../../functions/adapters/cloudbase/cloudbase.files';
import { createCloudbaseFiles } from '../../functions/adapters/cloudbase/cloudbase.files';
import { createCloudbaseRuntime } from '../../functions/adapters/cloudbase/cloudbase.runtime';
import type { FunctionRuntime } from '../../functions/adapters/function-runtime';
import type { FunctionDef } from '../../functions/runtime/action';
import type { Logger } from '../../functions/runtime/ports';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { FakeCloud } from './fake-cloud';
import { fakeCloud, loaderOf } from './fake-cloud';

export const TEST_APPID = 'wx0123456789abcdef';

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

export interface CloudbaseFixture {
  readonly h: Harness;
  readonly cloud: FakeCloud;
  /** The function's environment (the platform rewrites the WeChat context per invocation). */
  readonly env: Record<string, string | undefined>;
  readonly runtime: FunctionRuntime;
  readonly logs: LogEntry[];
  /** Storage's getTempFileURL, faked: each request is recorded, each file answered with a link. */
  readonly storage: FakeStorage;
  /** One invocation from the mini-program by the WeChat user `openid` (null: no OPENID). */
  asWechat<T = unknown>(
    openid: string | null,
    def: FunctionDef,
    action: string,
    data: unknown,
    requestId?: string,
  ): Promise<CallReply<T>>;
  /** One invocation by the function's timer trigger, with the event CloudBase sends. */
  trigger<T = unknown>(def: FunctionDef): Promise<CallReply<T>>;
  close(): Promise<void>;
}

/** node-sdk's getTempFileURL as CloudBase answers it, with a link for every file it holds. */
export class FakeStorage implements TempUrlApi {
  readonly requests: { fileList: { fileID: string; maxAge: number }[] }[] = [];
  /** File ids storage does not hold (answered with a per-file error code). */
  readonly missing = new Set<string>();

  async getTempFileURL(options: { fileList: Array<{ fileID: string; maxAge: number }> }) {
    this.requests.push({ fileList: options.fileList.map((f) => ({ ...f })) });
    return {
      requestId: 'r',
      fileList: options.fileList.map(({ fileID, maxAge }) =>
        this.missing.has(fileID)
          ? { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '' }
          : { code: 'SUCCESS', fileID, tempFileURL: FakeStorage.urlOf(fileID, maxAge) },
      ),
    };
  }

  static urlOf(fileID: string, maxAge: number): string {
    const path = fileID.replace(/^cloud:\/\/[^/]+\//, '');
    return `https://7465-test.tcb.qcloud.la/${path}?sign=fake&t=${maxAge}`;
  }
}

export interface FixtureOptions {
  readonly templates?: object;
  readonly env?: Record<string, string>;
}

export async function createCloudbaseFixture(
  options: FixtureOptions = {},
): Promise<CloudbaseFixture> {
  const h = createHarness();
  const cloud = fakeCloud();
  const logs: LogEntry[] = [];
  const log: Logger = {
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const env: Record<string, string | undefined> = {
    TCB_ENV: 'hehe-test-1a2b3c',
    SCF_NAMESPACE: 'hehe-test-1a2b3c',
    TENCENTCLOUD_RUNENV: 'SCF',
    ...(options.templates === undefined
      ? {}
      : { WX_SUBSCRIBE_TEMPLATES: JSON.stringify(options.templates) }),
    ...options.env,
  };
  const storage = new FakeStorage();
  const runtime = await createCloudbaseRuntime({
    env,
    store: h.store,
    files: createCloudbaseFiles({
      api: async () => storage,
      store: h.store,
      envId: env.TCB_ENV ?? null,
      log,
    }),
    cloud: loaderOf(cloud),
    clock: h.clock,
    log,
  });
  return {
    h,
    cloud,
    env,
    runtime,
    logs,
    storage,
    asWechat<T>(
      openid: string | null,
      def: FunctionDef,
      action: string,
      data: unknown,
      requestId?: string,
    ) {
      // What the platform sets for a call from the mini-program.
      env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN';
      env.WX_APPID = TEST_APPID;
      env.WX_CLIENTIP = '10.0.0.8';
      env.WX_API_TOKEN = 'token-not-for-the-context';
      env.WX_OPENID = openid ?? undefined;
      env.TCB_SOURCE = 'wx_client';
      const event = { action, data, ...(requestId === undefined ? {} : { requestId }) };
      return runtime.handle(def, event, {}) as Promise<CallReply<T>>;
    },
    trigger<T>(def: FunctionDef) {
      // A timer run: the context lists no OPENID (a stale one from an earlier call may linger).
      env.WX_CONTEXT_KEYS = 'WX_TRIGGER_API_TOKEN_V0';
      env.WX_TRIGGER_API_TOKEN_V0 = 'trigger-token';
      env.TCB_SOURCE = 'wx_trigger';
      const event = {
        Type: 'Timer',
        TriggerName: `${def.name}-timer`,
        Time: h.clock.nowIso(),
        Message: '',
      };
      return runtime.handle(def, event, {}) as Promise<CallReply<T>>;
    },
    close: () => h.close(),
  };
}
