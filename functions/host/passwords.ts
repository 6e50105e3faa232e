/**
 * Passwords (密码) of the local host's identity port: scrypt hashes with a random salt per
 * person, compared in constant time, kept in the `credentials` collection (`_id` = account id).
 * On CloudBase nobody has a password (WeChat OPENID identifies them), so this lives in the host.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { parseInput } from '../../shared/validation/parse';
import type { AppContext } from '../runtime/context';
import { HOST_MESSAGES } from './host.replies';
import { ACCOUNTS, CREDENTIALS } from '../store/collections';
import { credentialWriter } from './host.collections';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 64;

/** A new password: 8–64 characters. Named `password` with the label 密码 in every message. */
export const passwordSchema = z
  .string({ error: '密码不能为空' })
  .min(MIN_PASSWORD_LENGTH, { error: `密码至少要 ${MIN_PASSWORD_LENGTH} 位` })
  .max(MAX_PASSWORD_LENGTH, { error: `密码最多 ${MAX_PASSWORD_LENGTH} 位` })
  .meta({ label: '密码' });

/** scrypt cost: N=2^15 takes ~50 ms here, slow enough against guessing, fast enough to log in. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 } as const;

/** A stored credential. Never sent in any reply. */
export interface Credential {
  readonly townId: string;
  readonly algo: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64 */
  readonly salt: string;
  /** base64 */
  readonly hash: string;
  readonly updatedAt: string;
}

function scryptAsync(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      SCRYPT.keylen,
      { ...params, maxmem: SCRYPT.maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  townId: string,
  nowIso: string,
): Promise<Credential> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT);
  return {
    townId,
    algo: 'scrypt',
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
    updatedAt: nowIso,
  };
}

/** True when `password` matches the credential (constant-time comparison). */
export async function verifyPassword(password: string, credential: Credential): Promise<boolean> {
  const expected = Buffer.from(credential.hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(credential.salt, 'base64'), credential);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<Credential> | undefined;

/**
 * Spends the same scrypt work as a real check when there is no credential to check against,
 * so an unknown phone number answers no faster than a wrong password.
 */
export async function spendDecoyCheck(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(12).toString('base64'), 'decoy', '');
  await verifyPassword(password, await decoy);
}

/** Checks the password rules; the error names the field `password`. */
export function checkNewPassword(password: unknown): Result<string> {
  const parsed = parseInput(z.strictObject({ password: passwordSchema }), { password });
  return parsed.ok ? ok(parsed.value.password) : parsed;
}

/** The store, from a runtime (`{ ctx }`) or the context itself. */
function contextOf(target: AppContext | { readonly ctx: AppContext }): AppContext {
  return 'ctx' in target ? target.ctx : target;
}

/**
 * Sets (or replaces) an account's password. Host-only: the sample-town seed gives the demo
 * accounts their passwords with it, and the password routes use it.
 */
export async function setPassword(
  target: AppContext | { readonly ctx: AppContext },
  accountId: string,
  password: string,
): Promise<Result<void>> {
  const ctx = contextOf(target);
  const checked = checkNewPassword(password);
  if (!checked.ok) return checked;
  const account = await ACCOUNTS.get(ctx.store, accountId);
  if (account === null) return err(appError('NOT_FOUND', '没有找到这个账号'));
  const credential = await hashPassword(checked.value, account.townId, ctx.clock.nowIso());
  const existing = await CREDENTIALS.get(ctx.store, accountId);
  const stored =
    existing === null
      ? await credentialWriter.insert(ctx.store, { _id: accountId, ...credential })
      : await credentialWriter.replace(ctx.store, accountId, credential, {
          ifVersion: existing._version,
        });
  return stored.ok ? ok(undefined) : err(stored.error);
}

/**
 * Stores a first password for a new account, never replacing one: answers CONFLICT when the
 * account already has a different password (a replayed registration must not reset it).
 */
export async function setFirstPassword(
  ctx: AppContext,
  accountId: string,
  townId: string,
  password: string,
): Promise<Result<void>> {
  const existing = await CREDENTIALS.get(ctx.store, accountId);
  if (existing !== null) {
    return (await verifyPassword(password, existing))
      ? ok(undefined)
      : err(appError('CONFLICT', HOST_MESSAGES.alreadyRegistered));
  }
  const credential = await hashPassword(password, townId, ctx.clock.nowIso());
  const stored = await credentialWriter.insert(ctx.store, {
    _id: accountId,
    ...credential,
  });
  return stored.ok ? ok(undefined) : err(stored.error);
}
