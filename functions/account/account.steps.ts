/**
 * Account writes other folders take inside their own transactions (the roster import, the
 * sample town): an account record, its changed fields, a login phone's unique key. Through
 * account.api.ts; only this concept writes accounts and their keys.
 */
import type { Account } from '../../shared/account/account.schema';
import type { Result } from '../../shared/kernel/result';
import type { NewEntity } from '../../shared/validation/entity';
import type { AccountKeyRecord } from '../store/records/records';
import type { Tx } from '../store/store.port';
import type { RecordPatch } from '../store/store.collection';
import { accountKeyWriter, accountWriter } from './account.collections';
import { phoneKeyId } from './account.records';

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
