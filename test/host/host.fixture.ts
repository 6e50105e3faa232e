/**
 * A local host on a temporary data folder with a toy function, a test town whose people can
 * sign in with a password, and helpers to sign in and to build multipart bodies and PNGs.
 * Nothing here depends on other engineers' functions.
 */
import { crc32, deflateSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ERROR_CODES, appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import { ManualClock } from '../../functions/adapters/local/clock';
import type { EmbeddedRuntime } from '../../functions/adapters/select';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import type { FunctionDef } from '../../functions/runtime/action';
import { defineAction, defineFunction } from '../../functions/runtime/action';
import type { TimerSpec } from '../../functions/registry';
import type { Limits } from '../../functions/runtime/limits';
import { DEFAULT_LIMITS } from '../../functions/runtime/limits';
import type { Credential } from '../../functions/host/passwords';
import { hashPassword } from '../../functions/host/passwords';
import type { HostOptions, HostServer } from '../../functions/host/server';
import { createHostServer } from '../../functions/host/server';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

export const TEST_SECRET = 'a-test-cookie-secret-of-at-least-32-chars';
export const PASSWORD = 'xiaodian-2025';

/** A toy function: one action per envelope error code, a caller echo, and a crash. */
export const toy: FunctionDef = defineFunction('toy', {
  fail: defineAction({
    input: z.strictObject({ code: z.enum(ERROR_CODES) }),
    access: 'public',
    async run(_ctx, call) {
      return err(appError(call.input.code, `失败：${call.input.code}`));
    },
  }),
  whoami: defineAction({
    input: z.strictObject({}).nullish(),
    access: 'account',
    async run(_ctx, call) {
      return ok({ accountId: call.caller.account?._id ?? null });
    },
  }),
  echo: defineAction({
    input: z.strictObject({ text: z.string().max(2_000_000) }),
    access: 'public',
    async run(_ctx, call) {
      return ok({ text: call.input.text });
    },
  }),
  boom: defineAction({
    input: z.strictObject({}).nullish(),
    access: 'public',
    async run() {
      throw new Error('secret internals at /srv/hehe/db.ts:42');
    },
  }),
});

export interface HostFixture {
  readonly dataDir: string;
  readonly h5Dir: string;
  readonly clock: ManualClock;
  readonly runtime: EmbeddedRuntime;
  readonly host: HostServer;
  readonly town: TestTown;
  /** Stops the host (if not yet) and removes the data folder. */
  dispose(): Promise<void>;
}

/** Gives an account a login phone key and the test password. */
export async function enablePasswordLogin(
  runtime: EmbeddedRuntime,
  account: { _id: string; townId: string; phone?: string | undefined },
  password = PASSWORD,
): Promise<void> {
  if (account.phone === undefined) throw new Error('account has no phone');
  const key = await runtime.store.insert('account_keys', {
    _id: `phone:${account.phone}`,
    accountId: account._id,
    townId: account.townId,
  });
  if (!key.ok) throw new Error(JSON.stringify(key.error));
  // One scrypt per password per test run: the hash is the slow part, and tests of hashing
  // itself (salts, rules) call setPassword directly.
  const cached =
    hashed.get(password) ?? hashPassword(password, account.townId, '2025-11-01T09:00:00+08:00');
  hashed.set(password, cached);
  const stored = await runtime.store.insert<Credential>('credentials', {
    _id: account._id,
    ...(await cached),
    townId: account.townId,
  });
  if (!stored.ok) throw new Error(JSON.stringify(stored.error));
}

const hashed = new Map<string, Promise<Credential>>();

/** Builds a host on a fresh temp folder; the villager, far villager and centre can sign in. */
export async function createHostFixture(
  overrides: Partial<Omit<HostOptions, 'runtime' | 'dataDir' | 'cookieSecret'>> & {
    functions?: readonly FunctionDef[];
    timers?: readonly TimerSpec[];
    /** The runtime's rate limits (DEFAULT_LIMITS unless given). */
    limits?: Limits;
  } = {},
): Promise<HostFixture> {
  const { limits, ...hostOverrides } = overrides;
  const dataDir = mkdtempSync(join(tmpdir(), 'hehe-host-'));
  const h5Dir = join(dataDir, 'no-h5-build');
  const clock = new ManualClock('2025-11-17T09:00:00+08:00');
  const runtime = createEmbeddedRuntime({
    dataDir,
    clock,
    log: silentLogger,
    synchronous: 'NORMAL',
    limits: limits ?? DEFAULT_LIMITS,
  });
  const town = await createTestTown(runtime.store);
  for (const person of [town.people.villager, town.people.farVillager, town.people.centre]) {
    await enablePasswordLogin(runtime, person);
  }
  const host = createHostServer({
    runtime,
    functions: [toy],
    dataDir,
    h5Dir,
    cookieSecret: TEST_SECRET,
    ...hostOverrides,
  });
  let disposed = false;
  return {
    dataDir,
    h5Dir: overrides.h5Dir ?? h5Dir,
    clock,
    runtime,
    host,
    town,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through /api/auth/login; answers the Cookie header value for later requests. */
export async function signIn(
  host: HostServer,
  phone: string | undefined,
  password = PASSWORD,
): Promise<string> {
  const res = await host.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return cookieHeaderOf(res.headers['set-cookie']);
}

/** The `name=value` part of a Set-Cookie header, ready for a Cookie header. */
export function cookieHeaderOf(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (first === undefined) throw new Error('no Set-Cookie');
  return first.split(';')[0] as string;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of `width`×`height` red pixels, built byte by byte. */
export function tinyPng(width = 3, height = 2): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0)]);
  for (let x = 0; x < width; x += 1) row[1 + x * 3] = 0xff;
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A multipart/form-data body with one file part. */
export function multipartBody(
  file: Buffer,
  options: { field?: string; filename?: string; contentType?: string } = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----hehe-test-boundary-7MA4YWxkTrZu0gW';
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'photo.png'}"\r\n` +
    `Content-Type: ${options.contentType ?? 'image/png'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
