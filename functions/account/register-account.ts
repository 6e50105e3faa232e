/**
 * Registering (注册): a villager registering themselves with their consent to the privacy notice (隐私告知), a grid worker registering a villager who has no
 * phone (代办, the notice read aloud and witnessed), and a staff member binding their login
 * to an admin's invitation code (邀请码).
 */
import type {
  Account,
  BindStaffInput,
  Invitation,
  ProxyRegisterInput,
  RegisterInput,
} from '../../shared/account/account.schema';
import { OLD_NOTICE_MESSAGE, PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';
import type { GridNode } from '../../shared/grid/grid.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { isInScope } from '../runtime/directory';
import type { StoredDoc } from '../store/store.port';
import { openidKeyId } from '../runtime/caller';
import {
  WECHAT_TAKEN_MESSAGE,
  phoneTaken,
  accountByPhone,
  insertAccount,
  phoneIsAdmins,
  loadHomeNode,
  villagerRecord,
} from './account.records';
import { invitationId, usableInvitation } from './account.records';
import { applyInvitation } from './account.steps';
import type { MeView } from './account.views';
import { STAFF_INVITATIONS } from '../store/collections';
import { accountKeyWriter } from './account.collections';
import { viewOf } from './read-me';

/**
 * Consent counts only for the notice in force (shared/account/privacy-notice.ts): a version
 * the server never showed is not consent to what the notice says now.
 */
function currentNotice(version: string): Result<void> {
  if (version === PRIVACY_NOTICE_VERSION) return ok(undefined);
  return err(
    appError('VALIDATION_FAILED', OLD_NOTICE_MESSAGE, {
      fields: [{ field: 'privacyConsent.noticeVersion', message: OLD_NOTICE_MESSAGE }],
    }),
  );
}

export interface RegisteredView {
  readonly accountId: string;
  readonly townId: string;
  readonly name: string;
  readonly gridNodeName: string;
}

/**
 * `register`: a villager registers with name, phone, village and consent. The town is the
 * village's town. A phone already registered is refused (its key is an id, so the check
 * holds under races); someone already signed in has an account and is refused too. On
 * CloudBase the caller's WeChat OPENID is bound to the new account in the same transaction,
 * so from the next call on they are signed in; an OPENID already bound is refused.
 *
 * With an invitation code (邀请码) the person is staff: a new account is registered and bound
 * to the invitation at once; and when the admin's roster import already made their account
 * (an imported staff account nobody has signed in to), the code activates it (激活): the
 * caller's sign-in is bound to it, never a second account. Without a code, an existing phone
 * is never taken over — a phone typed here proves nothing.
 */
export async function register(
  ctx: AppContext,
  call: ActionCall<RegisterInput>,
): Promise<Result<RegisteredView>> {
  if (call.caller.account !== null) {
    return err(appError('CONFLICT', '您已经登录了，不需要再注册', { reason: 'signed_in' }));
  }
  const { input } = call;
  const consent = currentNotice(input.privacyConsent.noticeVersion);
  if (!consent.ok) return consent;
  const node = await loadHomeNode(ctx, input.gridNodeId);
  if (!node.ok) return node;
  const townId = node.value.townId;
  let invitation: StoredDoc<Invitation> | null = null;
  if (input.invitationCode !== undefined) {
    const usable = await usableInvitation(ctx, input.invitationCode, {
      townId,
      phone: input.phone,
    });
    if (!usable.ok) return usable;
    invitation = usable.value;
  }
  // Accounts stored before phone keys existed (or by hand) have no key: looked at too.
  const { account: holder } = await accountByPhone(ctx, input.phone);
  if (holder !== null) {
    if (invitation === null || !activatable(holder, invitation, townId)) {
      // One answer whoever holds the phone (a villager, staff, an imported account): the
      // reply must not tell a stranger what kind of account a phone number has.
      return err(phoneTaken());
    }
    return activateStaff(ctx, call, holder, invitation, node.value);
  }
  return call.transact(townId, async (tx) => {
    const now = ctx.clock.nowIso();
    const record = villagerRecord(ctx, {
      townId,
      name: input.name,
      phone: input.phone,
      gridNodeId: node.value._id,
      householdHeadName: input.householdHeadName,
      consent: { noticeVersion: input.privacyConsent.noticeVersion, consentedAt: now, via: 'self' },
      wxOpenId: call.caller.wxOpenId,
    });
    const stored = await insertAccount(tx, record);
    if (!stored.ok) return stored;
    const event = await appendEvent(ctx, tx, {
      townId,
      subjectType: 'account',
      subjectId: record._id,
      actorId: record._id,
      actorRole: 'villager',
      action: 'register',
      from: null,
      to: 'active',
      at: now,
      note: `本人注册，同意隐私告知（版本 ${input.privacyConsent.noticeVersion}）`,
      visibleToReporter: true,
    });
    if (!event.ok) return event;
    if (invitation !== null) {
      const bound = await applyInvitation(ctx, tx, invitation, stored.value, {
        action: 'bind_staff',
        note: '注册时使用管理员发放的邀请码绑定为工作人员',
      });
      if (!bound.ok) return bound;
    }
    return ok({
      accountId: record._id,
      townId,
      name: record.name,
      gridNodeName: node.value.name,
    });
  });
}

/**
 * An account the admin made (roster import, 人员名单) that nobody has signed in to yet, for a
 * code issued for its phone: staff with the admin's phone, active, of this town, no WeChat bound. The local host also refuses one that has a password
 * (functions/host/auth.routes.ts), before it gets here.
 */
function activatable(
  account: StoredDoc<Account>,
  invitation: StoredDoc<Invitation>,
  townId: string,
): boolean {
  return (
    // Only a code issued for this very phone: a code that names none proves nothing about it.
    invitation.phone !== undefined &&
    invitation.phone === account.phone &&
    account.isStaff &&
    phoneIsAdmins(account) &&
    account.status === 'active' &&
    account.townId === townId &&
    account.wxOpenId === undefined
  );
}

/** Binds the caller to the imported staff account `holder` with the invitation for its phone. */
async function activateStaff(
  ctx: AppContext,
  call: ActionCall<RegisterInput>,
  holder: StoredDoc<Account>,
  invitation: StoredDoc<Invitation>,
  home: StoredDoc<GridNode>,
): Promise<Result<RegisteredView>> {
  const { input } = call;
  const openid = call.caller.wxOpenId;
  return call.transact(holder.townId, async (tx) => {
    const now = ctx.clock.nowIso();
    if (openid !== undefined) {
      const key = await accountKeyWriter.insert(tx, {
        _id: openidKeyId(openid),
        accountId: holder._id,
        townId: holder.townId,
      });
      if (!key.ok) {
        return err(appError('CONFLICT', WECHAT_TAKEN_MESSAGE, { reason: 'wechat_taken' }));
      }
    }
    const activated = await applyInvitation(ctx, tx, invitation, holder, {
      action: 'activate_staff',
      note: `本人用管理员发放的邀请码激活了名单导入的账号，同意隐私告知（版本 ${input.privacyConsent.noticeVersion}）`,
      extra: {
        ...(openid === undefined ? {} : { wxOpenId: openid }),
        privacyConsent: {
          noticeVersion: input.privacyConsent.noticeVersion,
          consentedAt: now,
          via: 'self',
        },
      },
    });
    if (!activated.ok) return activated;
    return ok({
      accountId: holder._id,
      townId: holder.townId,
      name: holder.name,
      gridNodeName: home.name,
    });
  });
}

export interface ProxyRegisteredView {
  readonly accountId: string;
  readonly name: string;
  readonly gridNodeName: string;
}

/**
 * `proxyRegister` (代办): a grid worker registers a villager of their own grid who has no
 * phone. The worker read the privacy notice aloud and is recorded as its witness. The new
 * account has no login key: the villager is served through the worker.
 */
export async function proxyRegister(
  ctx: AppContext,
  call: ActionCall<ProxyRegisterInput>,
): Promise<Result<ProxyRegisteredView>> {
  const { account: worker, actor } = signedIn(call);
  const { input } = call;
  const consent = currentNotice(input.privacyConsent.noticeVersion);
  if (!consent.ok) return consent;
  const node = await loadHomeNode(ctx, input.gridNodeId);
  if (!node.ok) return node;
  if (!isInScope(worker, node.value)) {
    return err(appError('FORBIDDEN', '这个村不在您负责的网格里，请联系那里的网格员代办'));
  }
  for (const [field, value] of [
    ['address', input.address],
    ['note', input.note],
  ] as const) {
    if (value === undefined) continue;
    const checked = await ctx.contentCheck.checkText({
      text: value,
      accountId: actor.accountId,
      field,
    });
    if (!checked.ok) return checked;
  }
  return call.transact(worker.townId, async (tx) => {
    const now = ctx.clock.nowIso();
    const record = villagerRecord(ctx, {
      townId: worker.townId,
      name: input.name,
      contactPhone: input.contactPhone,
      gridNodeId: node.value._id,
      householdHeadName: input.householdHeadName,
      address: input.address,
      consent: {
        noticeVersion: input.privacyConsent.noticeVersion,
        consentedAt: now,
        via: 'proxy',
        witnessedBy: worker._id,
      },
      registeredBy: worker._id,
    });
    const stored = await insertAccount(tx, record);
    if (!stored.ok) return stored;
    const notes = [
      `网格员${worker.name}代办注册，已当面读过隐私告知（版本 ${input.privacyConsent.noticeVersion}）并征得本人同意`,
      input.relationToHead === undefined ? null : `与户主关系：${input.relationToHead}`,
      input.note === undefined ? null : `备注：${input.note}`,
    ].filter((s): s is string => s !== null);
    const event = await appendEvent(ctx, tx, {
      townId: worker.townId,
      subjectType: 'account',
      subjectId: record._id,
      actorId: worker._id,
      actorRole: 'grid_worker',
      action: 'proxy_register',
      from: null,
      to: 'active',
      at: now,
      note: notes.join('；'),
      visibleToReporter: true,
    });
    if (!event.ok) return event;
    return ok({ accountId: record._id, name: record.name, gridNodeName: node.value.name });
  });
}

/**
 * `bindStaff`: the caller's account becomes a staff account with the invitation's roles,
 * grid scope and department (see invitations.ts for what makes a code usable).
 */
export async function bindStaff(
  ctx: AppContext,
  call: ActionCall<BindStaffInput>,
): Promise<Result<MeView>> {
  const { account } = signedIn(call);
  const code = call.input.invitationCode;
  const already = await STAFF_INVITATIONS.get(ctx.store, invitationId(code));
  if (already?.usedBy === account._id && account.isStaff && !already.revoked) {
    // A retry after a lost reply: the caller already holds this invitation's roles.
    return viewOf(ctx, account);
  }
  const invitation = await usableInvitation(ctx, code, {
    townId: account.townId,
    phone: account.phone,
  });
  if (!invitation.ok) return invitation;
  const bound = await call.transact(account.townId, (tx) =>
    applyInvitation(ctx, tx, invitation.value, account, {
      action: 'bind_staff',
      note: '使用管理员发放的邀请码绑定为工作人员',
    }),
  );
  return bound.ok ? viewOf(ctx, bound.value) : bound;
}
