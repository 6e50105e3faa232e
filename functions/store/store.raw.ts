/**
 * Between the opaque handles use cases hold (`Db`, `Tx`) and the store port the adapters
 * implement. Only store/ itself, the adapters that build an AppContext, and the local host's
 * composition code cross this line (a depcruise rule).
 */
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import type { ByIdOperations, Db, Store, StoreTx, Tx } from './store.port';

/** The store a use case is handed. */
export function asDb(store: Store): Db {
  return store as unknown as Db;
}

/** Whether a handle is a transaction's (by-id operations only) rather than the store. */
export function isTransaction(db: Db | Tx): db is Tx {
  return typeof (db as unknown as Partial<Store>).transaction !== 'function';
}

/** The port behind a `Db`. */
export function storeOf(db: Db | Store): Store {
  return db as unknown as Store;
}

/** By-id operations behind a `Db` or a `Tx`. */
export function byIdOf(db: Db | Tx | ByIdOperations): ByIdOperations {
  return db as unknown as ByIdOperations;
}

/**
 * Runs `fn` as one transaction of the store behind `db` (see `Store.transaction`): the
 * callback gets an opaque `Tx` for typed handles.
 */
export function runTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<Result<T, AppError>>,
): Promise<Result<T, AppError>> {
  return storeOf(db).transaction((tx: StoreTx) => fn(tx as unknown as Tx));
}
