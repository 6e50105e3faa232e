/**
 * The store's expected failures, shared by every adapter so a villager reads the same words
 * whichever backend runs. `details` names the collection and id for logs and for use cases that
 * translate the error into their own words.
 */
import { appError } from '../../shared/kernel/errors';
import type { AppError } from '../../shared/kernel/errors';

/** CONFLICT: a document with this id already exists (a second submission, a seat already held). */
export function duplicateIdError(collection: string, id: string): AppError {
  return appError('CONFLICT', '这条记录已经存在，请不要重复提交', { collection, id });
}

/** CONFLICT: someone changed the document since it was read (`ifVersion` is stale). */
export function staleVersionError(
  collection: string,
  id: string,
  expectedVersion: number,
  actualVersion: number,
): AppError {
  return appError('CONFLICT', '这条记录刚被别人改过，请刷新后再试', {
    collection,
    id,
    expectedVersion,
    actualVersion,
  });
}

/** NOT_FOUND: no document with this id. */
export function missingDocError(collection: string, id: string): AppError {
  return appError('NOT_FOUND', '没有找到这条记录，可能已被删除', { collection, id });
}

/** What stopped the store from writing: the disk is full, the file is read-only, or I/O failed. */
export type StorageProblem = 'full' | 'readonly' | 'io' | 'corrupt';

/**
 * Thrown by an adapter when the storage under it fails (not a bug, not an expected outcome of
 * the request): the call path answers it with a specific retryable error, and nothing of the
 * transaction it stopped is kept.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(
    readonly problem: StorageProblem,
    readonly original: unknown,
  ) {
    super(`storage ${problem}: ${original instanceof Error ? original.message : String(original)}`);
  }
}

/** The villager's words for a storage failure: what happened and that nothing was saved. */
export const STORAGE_MESSAGES: Readonly<Record<StorageProblem, string>> = {
  full: '服务器存储空间已满，这次提交没有保存，请稍后再试或联系管理员',
  readonly: '服务器暂时不能保存数据，这次提交没有保存，请稍后再试或联系管理员',
  io: '服务器读写出错，这次提交没有保存，请稍后再试',
  corrupt: '服务器数据文件出错，这次提交没有保存，请联系管理员',
};

/** The retryable answer to a storage failure: the problem named, nothing saved. */
export function storageError(problem: StorageProblem): AppError {
  return appError('INTERNAL', STORAGE_MESSAGES[problem], {
    reason: 'storage_unavailable',
    problem,
    retryable: true,
  });
}
