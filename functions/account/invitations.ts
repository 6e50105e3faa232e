/**
 * Staff invitations (邀请码) as the account use cases apply them. A code is the admin's word,
 * handed to one person: it is single-use, expires, belongs to one town and, when it names a
 * phone, to that phone's owner. Applying it makes an account staff with the invitation's
 * roles, scope and department, audited, in the caller's transaction; the invitation is marked
 * used with `ifVersion`, so two people racing with one code cannot both have it.
 */
import { createHash } from 'node:crypto';
import type { Account, Invitation } from '../../shared/account/account.schema';
import { instantMs } from '../../shared/calendar/china-time';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { Tx, StoredDoc } from '../store/store.port';
import { STAFF_INVITATIONS } from '../store/collections';
import { accountWriter, invitationWriter } from './account.collections';

/**
 * Id of an invitation document, derived from its code so a code can never be issued twice
 * and is found by id; hashed, so ids in audit logs do not give the code away.
 */
export function invitationId(code: string): string {
  return `inv:${createHash('sha256').update(code).digest('hex').slice(0, 32)}`;
}

const USED = '这个邀请码已经用过了，请找管理员重新发一个';

/** Who wants to use a code: the town they are in and the phone they sign in with. */
export interface Claimant {
  readonly townId: string;
  readonly phone: string | undefined;
}

/** The invitation of `code` if `who` may use it now; else why not, in Chinese. */
export async function usableInvitation(
  ctx: AppContext,
  code: string,
  who: Claimant,
): Promise<Result<StoredDoc<Invitation>>> {
  const invitation = await STAFF_INVITATIONS.get(ctx.store, invitationId(code));
  if (invitation === null || invitation.revoked) {
    return err(
      appError('NOT_FOUND', '没有这个邀请码，请核对后重新输入', { field: 'invitationCode' }),
    );
  }
  if (invitation.townId !== who.townId) {
    return err(appError('FORBIDDEN', '这个邀请码不是本镇发的，请找本镇的管理员'));
  }
  if (invitation.usedBy !== undefined) {
    return err(appError('CONFLICT', USED, { reason: 'used' }));
  }
  if (instantMs(invitation.expiresAt) <= ctx.clock.nowMs()) {
    return err(appError('CONFLICT', '邀请码已经过期，请找管理员重新发一个', { reason: 'expired' }));
  }
  if (invitation.phone !== undefined && invitation.phone !== who.phone) {
    return err(appError('FORBIDDEN', '这个邀请码是发给别人的，请核对您的手机号'));
  }
  return ok(invitation);
}

/**
 * In `tx`: marks the invitation used by `account` and gives the account its roles, scope and
 * department (plus `extra`, e.g. a WeChat binding), with the audit event `action`.
 */
export async function applyInvitation(
  ctx: AppContext,
  tx: Tx,
  invitation: StoredDoc<Invitation>,
  account: StoredDoc<Account>,
  how: { readonly action: string; readonly note: string; readonly extra?: Partial<Account> },
): Promise<Result<StoredDoc<Account>>> {
  const now = ctx.clock.nowIso();
  const used = await invitationWriter.update(
    tx,
    invitation._id,
    { usedBy: account._id, usedAt: now, updatedAt: now },
    { ifVersion: invitation._version },
  );
  if (!used.ok) return err(appError('CONFLICT', USED, { reason: 'used' }));
  const changed = await accountWriter.update(
    tx,
    account._id,
    {
      ...how.extra,
      // A code that names this account's phone is the admin's word for it.
      ...(invitation.phone !== undefined && invitation.phone === account.phone
        ? { phoneTrusted: true }
        : {}),
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
    action: how.action,
    from: account.roles.join(','),
    to: invitation.roles.join(','),
    at: now,
    note: how.note,
    visibleToReporter: false,
  });
  return event.ok ? ok(changed.value) : event;
}
