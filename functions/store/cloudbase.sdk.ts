/**
 * The slice of `@cloudbase/node-sdk`'s database (`app.database()`, a `Db` of `@cloudbase/database`)
 * that the CloudBase store uses, declared structurally so the store never loads the SDK itself:
 * the function's runtime does `createCloudbaseStore(tcb.init({ env }).database(), …)`.
 * Results are `unknown` on purpose — the store reads them field by field.
 */

/** A condition or update operator built by `db.command`; opaque to the store. */
export type CloudbaseCommandValue = object;

/** The operators of `db.command` (`_`) the store builds conditions and updates with. */
export interface CloudbaseCommand {
  in(values: readonly unknown[]): CloudbaseCommandValue;
  gt(value: unknown): CloudbaseCommandValue;
  gte(value: unknown): CloudbaseCommandValue;
  lt(value: unknown): CloudbaseCommandValue;
  lte(value: unknown): CloudbaseCommandValue;
  neq(value: unknown): CloudbaseCommandValue;
  and(...expressions: object[]): CloudbaseCommandValue;
  or(...expressions: object[]): CloudbaseCommandValue;
  set(value: unknown): CloudbaseCommandValue;
  remove(): CloudbaseCommandValue;
}

/** A query (`collection.where(…)…`). Every call returns a new query. */
export interface CloudbaseQuery {
  where(query: object): CloudbaseQuery;
  orderBy(path: string, direction: 'asc' | 'desc'): CloudbaseQuery;
  limit(limit: number): CloudbaseQuery;
  /** `{ multiple: false }`: a where-update or where-remove touches at most one document. */
  options(options: { multiple?: boolean }): CloudbaseQuery;
  get(): Promise<unknown>;
  count(): Promise<unknown>;
  update(data: object): Promise<unknown>;
  remove(): Promise<unknown>;
}

/** One document by id (`collection.doc(id)`). */
export interface CloudbaseDocument {
  get(): Promise<unknown>;
  update(data: object): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface CloudbaseCollection extends CloudbaseQuery {
  doc(id: string): CloudbaseDocument;
  add(data: object): Promise<unknown>;
}

/** What `db.runTransaction` hands its callback: collections whose requests carry the transaction id. */
export interface CloudbaseTransaction {
  collection(name: string): CloudbaseCollection;
  /** Ends the transaction without committing (releases what it locked). */
  rollback?(): Promise<unknown>;
}

/** The database handle, `app.database()` of `@cloudbase/node-sdk`. */
export interface CloudbaseDb {
  readonly command: CloudbaseCommand;
  collection(name: string): CloudbaseCollection;
  /**
   * Starts a transaction, runs `callback`, commits when it resolves; on DATABASE_TRANSACTION_CONFLICT
   * runs it again (`times` more times, 3 by default); anything else it throws rolls back and is rethrown.
   */
  runTransaction(
    callback: (transaction: CloudbaseTransaction) => Promise<unknown>,
    times?: number,
  ): Promise<unknown>;
}

/** The SDK's error codes the store reacts to (others propagate as they are). */
export const CLOUDBASE_ERRORS = {
  /** An insert hit an existing `_id` (unique index conflict). */
  duplicateWrite: 'DATABASE_DUPLICATE_WRITE',
  /** A transaction wrote a document another writer changed or holds; the SDK retries on it. */
  transactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
} as const;

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

function errorMessage(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : '';
  return typeof message === 'string' ? message : '';
}

/** True for the SDK's duplicate-id error (also when only MongoDB's E11000 text shows through). */
export function isDuplicateWrite(error: unknown): boolean {
  return (
    errorCode(error) === CLOUDBASE_ERRORS.duplicateWrite ||
    /\bE11000 duplicate key\b/.test(errorMessage(error))
  );
}

/** True for a transaction conflict, the one error the SDK's `runTransaction` retries on. */
export function isTransactionConflict(error: unknown): boolean {
  return errorCode(error) === CLOUDBASE_ERRORS.transactionConflict;
}

/** An error shaped like the SDK's own conflict, so `runTransaction` retries the callback. */
export function transactionConflict(reason: string): Error & { code: string } {
  return Object.assign(new Error(`[store] ${reason}`), {
    code: CLOUDBASE_ERRORS.transactionConflict,
  });
}

/** `result[key]` of an SDK result, or undefined. */
export function resultField(result: unknown, key: string): unknown {
  return typeof result === 'object' && result !== null
    ? (result as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Throws when an SDK call answered with an error body instead of throwing (the SDK does so when
 * its `throwOnCode` compatibility switch is off), so such answers are never read as data.
 */
export function assertNoErrorCode(result: unknown, operation: string): void {
  const code = resultField(result, 'code');
  if (typeof code === 'string' && code !== '') {
    const message = resultField(result, 'message');
    throw Object.assign(
      new Error(`${operation}: ${code} ${typeof message === 'string' ? message : ''}`.trim()),
      { code },
    );
  }
}
