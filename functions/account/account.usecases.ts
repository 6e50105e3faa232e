/**
 * Account use cases (账号): who am I (`me`), a villager registering themselves with their
 * consent to the privacy notice (隐私告知), a grid worker registering a villager who has no
 * phone (代办, the notice read aloud and witnessed), and a staff member binding their login
 * to an admin's invitation code (邀请码).
 */
import { createHash } from 'node:crypto';
import type {
  Account,
  BindStaffInput,
  Invitation,
  ProxyRegisterInput,
  RegisterInput,
} from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { instantMs } from '../../shared/calendar/working-days';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { isInScope } from '../runtime/directory';
import type { StoredDoc } from '../store/store.port';
import {
  PHONE_TAKEN_MESSAGE,
  insertAccount,
  loadHomeNode,
  villagerRecord,
} from './account.records';
import type { MeView } from './account.views';
import { toMeView } from './account.views';

/**
 * Id of an invitation document, derived from its code so a code can never be issued twice
 * and is found by id; hashed, so ids in audit logs do not give the code away.
 */
export function invitationId(code: string): string {
  return `inv:${createHash('sha256').update(code).digest('hex').slice(0, 32)}`;
}

/** The town's display name: its `towns` document, else its town-level grid node. */
export async function townName(ctx: AppContext, townId: string): Promise<string> {
  const town = await ctx.store.get<{ name?: string }>('towns', townId);
  if (typeof town?.name === 'string') return town.name;
  const page = await ctx.store.query<GridNode>('grid_nodes', {
    where: { townId, level: 'town' },
    orderBy: { path: 'name', order: 'asc' },
    limit: 1,
  });
  return page.docs[0]?.name ?? townId;
}

/** The account's own nodes and their ancestors, by id. */
async function nodesOf(
  ctx: AppContext,
  account: Account,
): Promise<Map<string, StoredDoc<GridNode>>> {
  const nodes = new Map<string, StoredDoc<GridNode>>();
  const load = async (ids: readonly string[]) => {
    const docs = await Promise.all(
      ids.filter((id) => !nodes.has(id)).map((id) => ctx.store.get<GridNode>('grid_nodes', id)),
    );
    for (const doc of docs)
      if (doc !== null && doc.townId === account.townId) nodes.set(doc._id, doc);
  };
  await load(account.gridNodeIds);
  if (!account.isStaff) await load([...nodes.values()].flatMap((n) => n.ancestorIds));
  return nodes;
}

async function viewOf(ctx: AppContext, account: StoredDoc<Account>): Promise<Result<MeView>> {
  const [name, nodes] = await Promise.all([townName(ctx, account.townId), nodesOf(ctx, account)]);
  return ok(toMeView(account, name, nodes));
}

/** `me`: the caller's own view. */
export async function me(ctx: AppContext, call: ActionCall<unknown>): Promise<Result<MeView>> {
  return viewOf(ctx, signedIn(call).account);
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
 */
export async function register(
  ctx: AppContext,
  call: ActionCall<RegisterInput>,
): Promise<Result<RegisteredView>> {
  if (call.caller.account !== null) {
    return err(appError('CONFLICT', '您已经登录了，不需要再注册', { reason: 'signed_in' }));
  }
  const { input } = call;
  const node = await loadHomeNode(ctx, input.gridNodeId);
  if (!node.ok) return node;
  // Accounts stored before phone keys existed (or by hand) have no key: look at them too.
  const holder = await ctx.store.query('accounts', { where: { phone: input.phone }, limit: 1 });
  if (holder.docs.length > 0) {
    return err(
      appError('CONFLICT', PHONE_TAKEN_MESSAGE, { field: 'phone', reason: 'phone_taken' }),
    );
  }
  const townId = node.value.townId;
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
    return ok({
      accountId: record._id,
      townId,
      name: record.name,
      gridNodeName: node.value.name,
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
 * grid scope and department. The code is single-use (the invitation is updated with
 * `ifVersion`, so two people racing with one code cannot both bind), must be unexpired and
 * of the caller's town, and, when it names a phone, only that phone's owner may use it.
 */
export async function bindStaff(
  ctx: AppContext,
  call: ActionCall<BindStaffInput>,
): Promise<Result<MeView>> {
  const { account } = signedIn(call);
  const invitation = await ctx.store.get<Invitation>(
    'staff_invitations',
    invitationId(call.input.invitationCode),
  );
  if (invitation === null || invitation.revoked) {
    return err(appError('NOT_FOUND', '没有这个邀请码，请核对后重新输入'));
  }
  if (invitation.townId !== account.townId) {
    return err(appError('FORBIDDEN', '这个邀请码不是本镇发的，请找本镇的管理员'));
  }
  if (invitation.usedBy === account._id && account.isStaff) {
    // A retry after a lost reply: the caller already holds this invitation's roles.
    return viewOf(ctx, account);
  }
  if (invitation.usedBy !== undefined) {
    return err(
      appError('CONFLICT', '这个邀请码已经用过了，请找管理员重新发一个', { reason: 'used' }),
    );
  }
  if (instantMs(invitation.expiresAt) <= ctx.clock.nowMs()) {
    return err(appError('CONFLICT', '邀请码已经过期，请找管理员重新发一个', { reason: 'expired' }));
  }
  if (invitation.phone !== undefined && invitation.phone !== account.phone) {
    return err(appError('FORBIDDEN', '这个邀请码是发给别人的，请核对您的手机号'));
  }
  const bound = await call.transact(account.townId, async (tx) => {
    const now = ctx.clock.nowIso();
    const used = await tx.update<Invitation>(
      'staff_invitations',
      invitation._id,
      { usedBy: account._id, usedAt: now, updatedAt: now },
      { ifVersion: invitation._version },
    );
    if (!used.ok) {
      return err(
        appError('CONFLICT', '这个邀请码已经用过了，请找管理员重新发一个', { reason: 'used' }),
      );
    }
    const changed = await tx.update<Account>(
      'accounts',
      account._id,
      {
        roles: [...invitation.roles],
        gridNodeIds: [...invitation.gridNodeIds],
        departmentId: invitation.departmentId,
        isStaff: true,
        updatedAt: now,
      },
      { ifVersion: account._version },
    );
    if (!changed.ok) return changed;
    const event = await appendEvent(ctx, tx, {
      townId: account.townId,
      subjectType: 'account',
      subjectId: account._id,
      actorId: account._id,
      actorRole: invitation.roles[0] ?? 'villager',
      action: 'bind_staff',
      from: account.roles.join(','),
      to: invitation.roles.join(','),
      at: now,
      note: `使用管理员发放的邀请码绑定为工作人员`,
      visibleToReporter: false,
    });
    if (!event.ok) return event;
    return ok(changed.value);
  });
  return bound.ok ? viewOf(ctx, bound.value) : bound;
}
