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
import { CONTROL_CHARACTERS, INVISIBLE_CHARACTERS } from '../../shared/validation/primitives';
import type { AppContext } from '../runtime/context';
import type { Tx } from '../store/store.port';
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

/**
 * Passwords people pick first (a town's IT refuses them): the most common lists' heads, the
 * keyboard walks and the Chinese favourites (520 = 我爱你, 1314 = 一生一世, 8 = 发). Short on
 * purpose: length, one-character and run checks below catch the families.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  'iloveyou',
  'qwertyui',
  'qwertyuiop',
  'asdfghjk',
  'asdfghjkl',
  'zxcvbnm1',
  '1qaz2wsx',
  '1q2w3e4r',
  'qazwsxedc',
  'qwer1234',
  'asdf1234',
  'zxcv1234',
  'abcd1234',
  'abc12345',
  'abc123456',
  'a1234567',
  'a12345678',
  'a123456789',
  'aa123456',
  '123456aa',
  '12341234',
  '12344321',
  '11223344',
  '11112222',
  '12121212',
  '123123123',
  '147258369',
  '159357456',
  '5201314',
  '52013145',
  '5201314520',
  '1314520520',
  'woaini1314',
  'woaini520',
  'wo123456',
  'admin123',
  'admin1234',
  'administrator',
  'root1234',
  'welcome1',
  'changeme',
  'letmein1',
  'xiaodian',
  'hehe1234',
]);

/** A run like 12345678, 98765432 or abcdefgh: every character one step from the last. */
function isRun(text: string): boolean {
  const codes = [...text.toLowerCase()].map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}

export const WEAK_PASSWORD_MESSAGE =
  '密码太简单了：请不要用手机号、常见密码、同一个字符或连续的数字字母，可以把几个词和数字连起来';

/** Why `password` is too weak for `phone`'s account, or null when it is acceptable. */
export function weakPasswordReason(password: string, phone?: string): string | null {
  if (
    CONTROL_CHARACTERS.test(password) ||
    new RegExp(INVISIBLE_CHARACTERS.source, 'u').test(password)
  ) {
    return '密码里不能有看不见的控制字符';
  }
  const core = password.trim();
  if (core.length < MIN_PASSWORD_LENGTH) return `密码至少要 ${MIN_PASSWORD_LENGTH} 位（不算空格）`;
  const lower = core.toLowerCase();
  if (new Set([...lower]).size === 1 || isRun(lower) || COMMON_PASSWORDS.has(lower)) {
    return WEAK_PASSWORD_MESSAGE;
  }
  const digits = lower.replace(/\D/g, '');
  if (phone !== undefined && (lower.includes(phone) || digits === phone)) {
    return '密码不能用手机号，请换一个';
  }
  return null;
}

/**
 * Checks the password rules (length, then `weakPasswordReason` against the account's phone);
 * the error names the field `password` (label 密码).
 */
export function checkNewPassword(password: unknown, phone?: string): Result<string> {
  const parsed = parseInput(z.strictObject({ password: passwordSchema }), { password });
  if (!parsed.ok) return parsed;
  const weak = weakPasswordReason(parsed.value.password, phone);
  if (weak !== null) {
    return err(
      appError('VALIDATION_FAILED', weak, { fields: [{ field: 'password', message: weak }] }),
    );
  }
  return ok(parsed.value.password);
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
  const account = await ACCOUNTS.get(ctx.store, accountId);
  if (account === null) return err(appError('NOT_FOUND', '没有找到这个账号'));
  const checked = checkNewPassword(password, account.phone);
  if (!checked.ok) return checked;
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
 * Stores the first password of an account being registered, inside the registration's own
 * transaction (dispatch's `alsoInTransaction`), so an account never exists without its
 * password and a replayed registration never sets one. An account that has one already
 * (never the case for a fresh registration) is CONFLICT and rolls everything back.
 */
export async function insertFirstCredential(
  tx: Tx,
  accountId: string,
  townId: string,
  credential: Credential,
): Promise<Result<void>> {
  const stored = await credentialWriter.insert(tx, { _id: accountId, ...credential, townId });
  return stored.ok ? ok(undefined) : err(appError('CONFLICT', HOST_MESSAGES.alreadyRegistered));
}
