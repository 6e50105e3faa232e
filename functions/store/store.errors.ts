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
