/**
 * Staff maintenance by an admin (管理员): creating or changing a staff account by hand
 * (`upsertStaff`), and issuing an invitation code (邀请码) that a new staff member binds to
 * their own login (`bindStaff` in the account function).
 */
import type {
  Account,
  IssueInvitationInput,
  UpsertStaffInput,
} from '../../shared/account/account.schema';
import { INVITATION_CODE_LENGTH, invitationSchema } from '../../shared/account/account.schema';
import { addCalendarDays } from '../../shared/calendar/working-days';
import { endOfLocalDay, toLocalDate } from '../../shared/calendar/china-time';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Role } from '../../shared/kernel/roles';
import { formatCode, makeCode } from '../../shared/validation/codes';
import type { NewEntity } from '../../shared/validation/entity';
import { checkedAccount, insertAccount, phoneKeyId } from './account.records';
import { invitationId } from './account.records';
import type { LabelledCode, StaffView } from './account.views';
import { departmentView, roleLabels, toStaffView } from './account.views';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { Tx } from '../store/store.port';
import { ACCOUNTS, ACCOUNT_KEYS } from '../store/collections';
import { accountKeyWriter, accountWriter, invitationWriter } from './account.collections';
import { checkTownNodes } from '../runtime/directory';

/**
 * `upsertStaff`: create a staff account (no `accountId`; the phone must be free) or change
 * one of the admin's town. A changed phone moves its unique key. An admin cannot disable
 * themselves or take away their own admin role (the town would be left without one).
 */
export async function upsertStaff(
  ctx: AppContext,
  call: ActionCall<UpsertStaffInput>,
): Promise<Result<StaffView>> {
  const { account: admin } = signedIn(call);
  const { input } = call;
  const townId = admin.townId;
  const nodes = await checkTownNodes(ctx, townId, input.gridNodeIds, 'gridNodeIds');
  if (!nodes.ok) return nodes;
  const now = ctx.clock.nowIso();
  const status: Account['status'] = input.active ? 'active' : 'disabled';

  if (input.accountId === undefined) {
    const inUse = await ACCOUNTS.query(ctx.store, {
      where: { phone: input.phone },
      limit: 1,
    });
    if (inUse.docs.length > 0) {
      return err(
        appError(
          'CONFLICT',
          '这个手机号已经有账号了。是工作人员的，请在名单里修改那个账号；是本人注册的，请发一个写明其手机号的邀请码，由本人绑定',
          {
            field: 'phone',
            reason: 'phone_taken',
          },
        ),
      );
    }
    const record = checkedAccount({
      _id: ctx.ids.newId('acc'),
      townId,
      createdAt: now,
      updatedAt: now,
      name: input.name,
      phone: input.phone,
      roles: [...input.roles],
      gridNodeIds: [...input.gridNodeIds],
      departmentId: input.departmentId,
      status,
      isStaff: true,
      phoneTrusted: true,
      sample: false,
    });
    return call.transact(townId, async (tx) => {
      const stored = await insertAccount(tx, record);
      if (!stored.ok) return stored;
      const event = await audit(ctx, tx, admin._id, record, 'create_staff', null, status);
      return event.ok ? ok(toStaffView(stored.value)) : event;
    });
  }

  const old = await ACCOUNTS.get(ctx.store, input.accountId);
  if (old === null || old.townId !== townId) {
    return err(appError('NOT_FOUND', '没有找到这个工作人员'));
  }
  if (old._id === admin._id && (!input.active || !input.roles.includes('admin'))) {
    return err(
      appError('CONFLICT', '不能停用自己的账号，也不能去掉自己的管理员角色', { reason: 'self' }),
    );
  }
  const patch = {
    name: input.name,
    phone: input.phone,
    // A villager who also works for the town keeps being a villager.
    roles: old.roles.includes('villager') ? ['villager' as Role, ...input.roles] : [...input.roles],
    gridNodeIds: [...input.gridNodeIds],
    departmentId: input.departmentId,
    status,
    isStaff: true,
    // A phone the admin types in is their word; one they leave as it was stays as trusted as it was.
    phoneTrusted: old.phone !== input.phone || old.phoneTrusted,
    updatedAt: now,
  };
  const next = checkedAccount({ ...old, ...patch });
  return call.transact(townId, async (tx) => {
    if (old.phone !== input.phone) {
      const key = await accountKeyWriter.insert(tx, {
        _id: phoneKeyId(input.phone),
        accountId: old._id,
        townId,
      });
      if (!key.ok) {
        return err(
          appError('CONFLICT', '这个手机号已经被别的账号使用了', {
            field: 'phone',
            reason: 'phone_taken',
          }),
        );
      }
      if (old.phone !== undefined) {
        const oldKey = await ACCOUNT_KEYS.get(tx, phoneKeyId(old.phone));
        if (oldKey?.accountId === old._id) {
          const removed = await accountKeyWriter.remove(tx, oldKey._id);
          if (!removed.ok) return removed;
        }
      }
    }
    const changed = await accountWriter.update(tx, old._id, patch, {
      ifVersion: old._version,
    });
    if (!changed.ok) return changed;
    const event = await audit(ctx, tx, admin._id, next, 'update_staff', old.status, status);
    return event.ok ? ok(toStaffView(changed.value)) : event;
  });
}

async function audit(
  ctx: AppContext,
  tx: Tx,
  adminId: string,
  account: NewEntity<Account>,
  action: string,
  from: string | null,
  to: string | null,
): Promise<Result<void>> {
  return appendEvent(ctx, tx, {
    townId: account.townId,
    subjectType: 'account',
    subjectId: account._id,
    actorId: adminId,
    actorRole: 'admin',
    action,
    from,
    to,
    at: ctx.clock.nowIso(),
    note: `角色：${roleLabels(account.roles)
      .map((r) => r.label)
      .join('、')}`,
    visibleToReporter: false,
  });
}

/** The reply to `issueInvitation`: the only place the code is ever shown. */
export interface InvitationIssuedView {
  readonly invitationId: string;
  /** Grouped for reading aloud: `ABCD-EFGH`. */
  readonly code: string;
  readonly expiresAt: string;
  readonly roles: readonly LabelledCode<Role>[];
  readonly gridNodeIds: readonly string[];
  readonly department: ReturnType<typeof departmentView>;
  readonly name: string | null;
}

/** Attempts at a fresh code before giving up (a clash among 32^7 codes is already rare). */
const CODE_ATTEMPTS = 5;

/**
 * `issueInvitation`: a single-use code for a new staff member, valid until the end of the
 * `validDays`-th day from today (China time). Its id is the code, so no code is issued twice.
 */
export async function issueInvitation(
  ctx: AppContext,
  call: ActionCall<IssueInvitationInput>,
): Promise<Result<InvitationIssuedView>> {
  const { account: admin } = signedIn(call);
  return createInvitation(
    ctx,
    { townId: admin.townId, issuedBy: admin._id, role: 'admin' },
    call.input,
    (fn) => call.transact(admin.townId, fn),
  );
}

/** Who issues an invitation: the town's admin, or the system when a town is first set up. */
export interface InvitationIssuer {
  readonly townId: string;
  readonly issuedBy: string;
  readonly role: 'admin' | 'system';
}

/** Issues an invitation (its code shown once) inside `transact`. */
export async function createInvitation(
  ctx: AppContext,
  issuer: InvitationIssuer,
  input: IssueInvitationInput,
  transact: <T>(fn: (tx: Tx) => Promise<Result<T>>) => Promise<Result<T>>,
): Promise<Result<InvitationIssuedView>> {
  const { townId } = issuer;
  const nodes = await checkTownNodes(ctx, townId, input.gridNodeIds, 'gridNodeIds');
  if (!nodes.ok) return nodes;
  const now = ctx.clock.nowIso();
  const expiresAt = endOfLocalDay(addCalendarDays(toLocalDate(now), input.validDays));
  return transact(async (tx) => {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      const code = makeCode(INVITATION_CODE_LENGTH, (n) => ctx.ids.randomInt(n));
      const parsed = invitationSchema.parse({
        _id: invitationId(code),
        _version: 0,
        townId,
        createdAt: now,
        updatedAt: now,
        code,
        roles: input.roles,
        gridNodeIds: input.gridNodeIds,
        departmentId: input.departmentId,
        name: input.name,
        phone: input.phone,
        issuedBy: issuer.issuedBy,
        expiresAt,
        revoked: false,
      });
      const { _version: _drop, ...doc } = parsed;
      const stored = await invitationWriter.insert(tx, doc);
      if (!stored.ok) continue;
      const event = await appendEvent(ctx, tx, {
        townId,
        subjectType: 'account',
        subjectId: doc._id,
        actorId: issuer.issuedBy,
        actorRole: issuer.role,
        action: 'issue_invitation',
        from: null,
        to: 'issued',
        at: now,
        note: `发放邀请码，角色：${roleLabels(doc.roles)
          .map((r) => r.label)
          .join('、')}，有效期至 ${toLocalDate(expiresAt)}`,
        visibleToReporter: false,
      });
      if (!event.ok) return event;
      return ok({
        invitationId: doc._id,
        code: formatCode(code),
        expiresAt,
        roles: roleLabels(doc.roles),
        gridNodeIds: [...doc.gridNodeIds],
        department: departmentView(doc.departmentId),
        name: doc.name ?? null,
      });
    }
    return err(appError('INTERNAL', '邀请码生成失败，请再试一次'));
  });
}
