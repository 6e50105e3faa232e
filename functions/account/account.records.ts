/**
 * Writing accounts (账号) the same way wherever they are created: self-registration,
 * registration on behalf (代办), the staff import and the sample town. A login phone is
 * unique as an id — an `account_keys` document `phone:<n>` inserted in the same transaction
 * as the account — so two registrations racing with one phone cannot both succeed, on
 * SQLite or on CloudBase. A WeChat OPENID (CloudBase) is bound the same way, by the key
 * `openid:<OPENID>` (functions/runtime/caller.ts reads it to sign the caller in).
 */
import type { Account, PrivacyConsent, Invitation } from '../../shared/account/account.schema';
import { accountSchema } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { NewEntity } from '../../shared/validation/entity';
import { openidKeyId } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import type { Tx, StoredDoc } from '../store/store.port';
import { ACCOUNTS, ACCOUNT_KEYS, GRID_NODES, STAFF_INVITATIONS } from '../store/collections';
import { accountKeyWriter, accountWriter } from './account.collections';
import { createHash } from 'node:crypto';
import { instantMs } from '../../shared/calendar/china-time';

/** A unique login key: `account_keys/phone:<11 digits>`, `account_keys/openid:<OPENID>`. */
export type { AccountKeyRecord as AccountKey } from '../store/records/records';

/** Id of the unique-phone key document. */
export function phoneKeyId(phone: string): string {
  return `phone:${phone}`;
}

export const PHONE_TAKEN_MESSAGE = '这个手机号已经注册过了';

/** The one refusal of a registration whose phone has an account, whoever holds it. */
export function phoneTaken(): AppError {
  return appError('CONFLICT', PHONE_TAKEN_MESSAGE, { field: 'phone', reason: 'phone_taken' });
}
export const WECHAT_TAKEN_MESSAGE = '这个微信已经绑定了一个账号，如需帮助请联系您的网格员';

/**
 * Validates a record with the shared account schema before it is stored. A failure means
 * the use case built a bad record from validated input: a bug, so it throws.
 */
export function checkedAccount(record: NewEntity<Account>): NewEntity<Account> {
  const parsed = accountSchema.safeParse({ ...record, _version: 0 });
  if (!parsed.success) {
    throw new Error(`account record invalid: ${JSON.stringify(parsed.error.issues)}`);
  }
  const { _version: _drop, ...rest } = parsed.data;
  return rest;
}

/** What a villager account is built from (self-registered, by proxy, or sample). */
export interface NewVillager {
  readonly townId: string;
  readonly name: string;
  readonly phone?: string | undefined;
  readonly contactPhone?: string | undefined;
  readonly gridNodeId: string;
  readonly householdId?: string | undefined;
  readonly householdHeadName?: string | undefined;
  readonly address?: string | undefined;
  readonly consent: PrivacyConsent;
  readonly registeredBy?: string | undefined;
  readonly sample?: boolean;
  /** The registering WeChat user's OPENID (CloudBase), bound to the new account. */
  readonly wxOpenId?: string | undefined;
}

/** Builds (and checks) a villager account record with a fresh id. */
export function villagerRecord(ctx: AppContext, v: NewVillager): NewEntity<Account> {
  const now = ctx.clock.nowIso();
  return checkedAccount({
    _id: ctx.ids.newId('acc'),
    townId: v.townId,
    createdAt: now,
    updatedAt: now,
    name: v.name,
    phone: v.phone,
    contactPhone: v.contactPhone,
    roles: ['villager'],
    gridNodeIds: [v.gridNodeId],
    householdId: v.householdId,
    householdHeadName: v.householdHeadName,
    address: v.address,
    privacyConsent: v.consent,
    registeredBy: v.registeredBy,
    wxOpenId: v.wxOpenId,
    phoneTrusted: false,
    status: 'active',
    isStaff: false,
    sample: v.sample ?? false,
  });
}

/**
 * Inserts an account and, when it has a login phone or a WeChat OPENID, their unique keys. A
 * phone already registered answers CONFLICT "这个手机号已经注册过了", an OPENID already bound
 * CONFLICT with reason `wechat_taken` (the transaction then rolls back).
 */
export async function insertAccount(
  tx: Tx,
  account: NewEntity<Account>,
): Promise<Result<StoredDoc<Account>>> {
  if (account.wxOpenId !== undefined) {
    const key = await accountKeyWriter.insert(tx, {
      _id: openidKeyId(account.wxOpenId),
      accountId: account._id,
      townId: account.townId,
    });
    if (!key.ok) {
      return err(appError('CONFLICT', WECHAT_TAKEN_MESSAGE, { reason: 'wechat_taken' }));
    }
  }
  if (account.phone !== undefined) {
    const key = await accountKeyWriter.insert(tx, {
      _id: phoneKeyId(account.phone),
      accountId: account._id,
      townId: account.townId,
    });
    if (!key.ok) {
      return err(phoneTaken());
    }
  }
  const stored = await accountWriter.insert(tx, account);
  return stored.ok ? ok(stored.value as StoredDoc<Account>) : err(stored.error);
}

/**
 * The node a villager says they live in: it must exist and be active, and be below the
 * town (a person lives in a community, village, street or lane, not in "the town").
 */
export async function loadHomeNode(
  ctx: AppContext,
  gridNodeId: string,
): Promise<Result<StoredDoc<GridNode>>> {
  const node = await GRID_NODES.get(ctx.store, gridNodeId);
  if (node === null || node.active === false || node.level === 'town') {
    return err(
      appError('VALIDATION_FAILED', '所在村：没有找到这个村，请重新选择', {
        fields: [{ field: 'gridNodeId', message: '所在村：没有找到这个村，请重新选择' }],
      }),
    );
  }
  return ok(node);
}

/** The account a phone belongs to: by its unique key, or (older records) by the phone field. */
export async function accountByPhone(
  ctx: AppContext,
  phone: string,
): Promise<{ account: StoredDoc<Account> | null; keyed: boolean; keyTown: string | null }> {
  const key = await ACCOUNT_KEYS.get(ctx.store, phoneKeyId(phone));
  if (key !== null) {
    const account = await ACCOUNTS.get(ctx.store, key.accountId);
    return { account, keyed: true, keyTown: key.townId };
  }
  const page = await ACCOUNTS.query(ctx.store, { where: { phone }, limit: 1 });
  return { account: page.docs[0] ?? null, keyed: false, keyTown: null };
}

/**
 * Whether an account's phone is the administrator's word: marked so (roster import,
 * upsertStaff, an invitation naming it), or a staff account stored before the mark existed
 * that has no consent of its own — registering always records one, so nobody typed that phone.
 */
export function phoneIsAdmins(
  account: Pick<Account, 'isStaff' | 'privacyConsent'> & { readonly phoneTrusted?: boolean },
): boolean {
  return account.phoneTrusted === true || (account.isStaff && account.privacyConsent === undefined);
}

/**
 * Id of an invitation document, derived from its code so a code can never be issued twice
 * and is found by id; hashed, so ids in audit logs do not give the code away.
 */
export function invitationId(code: string): string {
  return `inv:${createHash('sha256').update(code).digest('hex').slice(0, 32)}`;
}

export const INVITATION_USED = '这个邀请码已经用过了，请找管理员重新发一个';

/** Who wants to use a code: the town they are in and the phone they sign in with. */
export interface Claimant {
  readonly townId: string;
  readonly phone: string | undefined;
}

export const NO_SUCH_INVITATION = '没有这个邀请码，请核对后重新输入';

/**
 * The invitation of `code` if `who` may use it now; else why not, in Chinese. A code that
 * does not exist, was revoked, belongs to another town or was issued for another phone all
 * answer the same NOT_FOUND: a guesser learns nothing about codes that are not theirs.
 */
export async function usableInvitation(
  ctx: AppContext,
  code: string,
  who: Claimant,
): Promise<Result<StoredDoc<Invitation>>> {
  const invitation = await STAFF_INVITATIONS.get(ctx.store, invitationId(code));
  if (
    invitation === null ||
    invitation.revoked ||
    invitation.townId !== who.townId ||
    (invitation.phone !== undefined && invitation.phone !== who.phone)
  ) {
    return err(appError('NOT_FOUND', NO_SUCH_INVITATION, { field: 'invitationCode' }));
  }
  if (invitation.usedBy !== undefined) {
    return err(appError('CONFLICT', INVITATION_USED, { reason: 'used' }));
  }
  if (instantMs(invitation.expiresAt) <= ctx.clock.nowMs()) {
    return err(appError('CONFLICT', '邀请码已经过期，请找管理员重新发一个', { reason: 'expired' }));
  }
  return ok(invitation);
}
