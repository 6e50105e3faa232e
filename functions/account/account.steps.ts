/**
 * Account writes other folders take inside their own transactions (the roster import, the
 * sample town): an account record, its changed fields, a login phone's unique key. Through
 * account.api.ts; only this concept writes accounts and their keys.
 */
import type { Account, Invitation } from '../../shared/account/account.schema';
import type { Result } from '../../shared/kernel/result';
import type { NewEntity } from '../../shared/validation/entity';
import type { AccountKeyRecord } from '../store/records/records';
import type { Tx, StoredDoc } from '../store/store.port';
import type { RecordPatch } from '../store/store.collection';
import { accountKeyWriter, accountWriter, invitationWriter } from './account.collections';
import { INVITATION_USED, phoneKeyId } from './account.records';
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';

/** Inserts an account record as it is (its keys are separate steps). */
export function insertAccountRecord(tx: Tx, record: NewEntity<Account>): Promise<Result<Account>> {
  return accountWriter.insert(tx, record);
}

/** Changes fields of an account, guarded by the version read before the transaction. */
export function updateAccountRecord(
  tx: Tx,
  id: string,
  patch: RecordPatch<Account>,
  ifVersion: number,
): Promise<Result<Account>> {
  return accountWriter.update(tx, id, patch, { ifVersion });
}

/** Takes a login phone's unique key for an account; CONFLICT when the phone is taken. */
export function putPhoneKey(
  tx: Tx,
  phone: string,
  accountId: string,
  townId: string,
): Promise<Result<AccountKeyRecord>> {
  return accountKeyWriter.insert(tx, { _id: phoneKeyId(phone), accountId, townId });
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
  if (!used.ok) return err(appError('CONFLICT', INVITATION_USED, { reason: 'used' }));
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
