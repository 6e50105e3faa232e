/**
 * The CloudBase side of a headless mini-program run: the real cloud-function bundles
 * (`functions/dist/<name>/index.js`, in a child Node process — function-host.cjs — with the
 * CloudBase environment of a deployed function), whose own node-sdk posts to the fake tcb-api
 * (test/cloudbase/fake-tcb-api.ts) on loopback, which answers from the recorded-SDK backend
 * (`FakeCloudbaseDatabase`). WeChat's side of open APIs is `FakeWechat`: content checks pass,
 * and a subscribe message is delivered only to a user who granted its template (one grant,
 * one message: a one-time subscription), else refused with 43101 as WeChat does.
 *
 * The test seeds the same backend through node-sdk in its own process (the recorder), so
 * what the functions read is what the seed wrote.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createCloudbaseStore } from '../../../functions/store/cloudbase.store';
import { COLLECTIONS } from '../../../functions/store/collections';
import type { Store } from '../../../functions/store/store.port';
import type { FakeTcbApi, OpenApiCall } from '../../cloudbase/fake-tcb-api';
import { startFakeTcbApi } from '../../cloudbase/fake-tcb-api';
import { FakeCloudbaseDatabase } from '../../store/cloudbase/fake-database';
import { connectSdkTo } from '../../store/cloudbase/recorder';
import type { CloudCaller, SubscriptionLedger } from './simulator';

export const TEST_ENV = 'hehe-weapp-1a2b';
export const TEST_APPID = 'wx0123456789abcdef';

/** A subscribe message WeChat delivered (服务通知). */
export interface DeliveredMessage {
  readonly touser: string;
  readonly templateId: string;
  readonly page: string;
  readonly data: Record<string, { value: string }>;
}

/** WeChat's server side: what each user granted, what was delivered, what was refused. */
export class FakeWechat implements SubscriptionLedger {
  readonly delivered: DeliveredMessage[] = [];
  readonly refused: { touser: string; templateId: string }[] = [];
  private readonly grants = new Map<string, number>();

  grant(openid: string, templateId: string): void {
    const key = `${openid}\u0000${templateId}`;
    this.grants.set(key, (this.grants.get(key) ?? 0) + 1);
  }

  /** Answers one open-API call as WeChat would (snake_case JSON). */
  answer(call: OpenApiCall): Record<string, unknown> {
    if (call.api === 'security.msgSecCheck') {
      return {
        errcode: 0,
        errmsg: 'ok',
        result: { suggest: 'pass', label: 100 },
        detail: [],
        trace_id: `trace-${call.params.openid as string}`,
      };
    }
    if (call.api === 'subscribeMessage.send') {
      const touser = String(call.params.touser);
      const templateId = String(call.params.template_id);
      const key = `${touser}\u0000${templateId}`;
      const left = this.grants.get(key) ?? 0;
      if (left === 0) {
        this.refused.push({ touser, templateId });
        return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
      }
      this.grants.set(key, left - 1);
      this.delivered.push({
        touser,
        templateId,
        page: String(call.params.page),
        data: call.params.data as DeliveredMessage['data'],
      });
      return { errcode: 0, errmsg: 'ok', msgid: this.delivered.length };
    }
    return { errcode: -1, errmsg: `${call.api} is not simulated` };
  }
}

export interface CloudOptions {
  /** The bundles (`npm run build:functions` output). */
  readonly dist: string;
  /** The Node binary that runs them (default: this process's). */
  readonly node?: string;
  /** The outbox's WX_SUBSCRIBE_TEMPLATES (deploy/subscribe-templates.json format). */
  readonly templates: object;
}

export interface SimulatedCloud extends CloudCaller {
  readonly database: FakeCloudbaseDatabase;
  readonly tcbApi: FakeTcbApi;
  readonly wechat: FakeWechat;
  /** The store over the same backend, for seeding and reading back (node-sdk, recorded). */
  readonly store: Store;
  /** The Node version running the bundles. */
  readonly nodeVersion: string;
  /** Every invocation, in order. */
  readonly invocations: { fn: string; action: unknown; openid: string | null }[];
  /** What the bundles wrote to stdout and stderr (their JSON logs). */
  logs(): string;
  /** Fires a function's timer trigger, as CloudBase does. */
  trigger(fn: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startCloud(options: CloudOptions): Promise<SimulatedCloud> {
  const database = new FakeCloudbaseDatabase(COLLECTIONS.map((c) => c.name));
  const wechat = new FakeWechat();
  const tcbApi = await startFakeTcbApi(database, (call) => wechat.answer(call));
  const connection = connectSdkTo(database);
  const store = createCloudbaseStore(connection.db, { collections: COLLECTIONS });

  const child: ChildProcess = fork(join(__dirname, 'function-host.cjs'), [options.dist], {
    execPath: options.node ?? process.execPath,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH ?? '',
      // What a deployed function's environment holds (s.yaml, the platform).
      HEHE_RUNTIME: 'cloudbase',
      TZ: 'Asia/Shanghai',
      TCB_ENV: TEST_ENV,
      SCF_NAMESPACE: TEST_ENV,
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'sim-secret-id',
      TENCENTCLOUD_SECRETKEY: 'sim-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: 'sim-session-token',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: tcbApi.url }),
      WX_SUBSCRIBE_TEMPLATES: JSON.stringify(options.templates),
      WX_MINIPROGRAM_STATE: 'developer',
      SILENCE: 'true',
    },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));

  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const nodeVersion = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`function host exited (${code}): ${stderr.join('')}`)),
    );
    child.on(
      'message',
      (message: { ready?: string; id?: number; reply?: unknown; error?: string }) => {
        if (message.ready !== undefined) {
          resolve(message.ready);
          return;
        }
        const entry = waiting.get(message.id ?? -1);
        if (entry === undefined) return;
        waiting.delete(message.id ?? -1);
        if (message.error !== undefined) entry.reject(new Error(message.error));
        else entry.resolve(message.reply);
      },
    );
  });

  const invocations: SimulatedCloud['invocations'] = [];
  const invoke = (fn: string, event: unknown, caller: object): Promise<unknown> => {
    const id = (next += 1);
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      child.send({ id, fn, event, caller });
    });
  };

  return {
    database,
    tcbApi,
    wechat,
    store,
    nodeVersion,
    invocations,
    logs: () => stderr.join(''),
    callFunction(name, data, openid) {
      invocations.push({ fn: name, action: (data as { action?: unknown }).action, openid });
      return invoke(name, data, { kind: 'wechat', openid, appid: TEST_APPID });
    },
    trigger(fn) {
      invocations.push({ fn, action: 'timer', openid: null });
      const event = {
        Type: 'Timer',
        TriggerName: `${fn}-timer`,
        Time: new Date().toISOString(),
        Message: '',
      };
      return invoke(fn, event, { kind: 'timer' });
    },
    async close() {
      child.kill();
      connection.disconnect();
      await tcbApi.close();
    },
  };
}
