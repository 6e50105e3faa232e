/**
 * Document checks and the shallow-merge rule, shared by every adapter so that what one backend
 * accepts the other accepts too. Violations are programmer errors (`StoreUsageError`).
 */
import { MAX_DOC_BYTES, MAX_ID_LENGTH, StoreUsageError } from './store.port';
import type { DocBody, StoredDoc } from './store.port';

/** A document body as held by an adapter: plain JSON, no `_id` / `_version`. */
export type Body = Record<string, unknown>;

/** Nesting depth MongoDB-style backends accept; deeper is certainly a bug (or a cycle). */
const MAX_DEPTH = 100;

/** Throws unless `id` is a usable document id. */
export function assertDocId(collection: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new StoreUsageError(
      `${collection}: _id must be a non-empty string of at most ${MAX_ID_LENGTH} characters, got ${JSON.stringify(id)}`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function assertKey(collection: string, key: string, where: string): void {
  // Both backends reserve these: CloudBase reads `a.b` as a path and `$x` as an operator.
  if (key.length === 0 || key.includes('.') || key.startsWith('$')) {
    throw new StoreUsageError(
      `${collection}: field name ${JSON.stringify(key)} at ${where} is empty, contains "." or starts with "$"`,
    );
  }
}

function assertJsonValue(collection: string, value: unknown, where: string, depth: number): void {
  if (depth > MAX_DEPTH) {
    throw new StoreUsageError(`${collection}: document nests deeper than ${MAX_DEPTH} (a cycle?)`);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new StoreUsageError(`${collection}: ${where} is ${value}, which JSON cannot hold`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) {
        throw new StoreUsageError(`${collection}: ${where}[${i}] is undefined`);
      }
      assertJsonValue(collection, item, `${where}[${i}]`, depth + 1);
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      assertKey(collection, key, where);
      // Undefined members are dropped by JSON, as a patch's undefined removes a field.
      if (item !== undefined) assertJsonValue(collection, item, `${where}.${key}`, depth + 1);
    }
    return;
  }
  const kind = typeof value === 'object' ? Object.prototype.toString.call(value) : typeof value;
  throw new StoreUsageError(
    `${collection}: ${where} is ${kind}; store JSON only (dates as ISO strings)`,
  );
}

/**
 * Checks a whole document (insert / replace input, or a merged result) and returns its body
 * without `_id` / `_version` and with undefined fields dropped, plus the body's JSON.
 * A present `_id` must equal `id`; `_version` is ignored (the store owns it).
 */
export function prepareBody(
  collection: string,
  id: string,
  doc: unknown,
): { readonly body: Body; readonly json: string } {
  if (!isPlainObject(doc)) {
    throw new StoreUsageError(`${collection}: a document must be a plain object`);
  }
  if (doc._id !== undefined && doc._id !== id) {
    throw new StoreUsageError(
      `${collection}: document _id ${JSON.stringify(doc._id)} differs from target id ${JSON.stringify(id)}`,
    );
  }
  const body: Body = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '_id' || key === '_version' || value === undefined) continue;
    body[key] = value;
  }
  assertJsonValue(collection, body, '$', 0);
  const json = JSON.stringify(body);
  const bytes = Buffer.byteLength(json, 'utf8') + Buffer.byteLength(id, 'utf8');
  if (bytes > MAX_DOC_BYTES) {
    throw new StoreUsageError(
      `${collection}/${id}: document is ${bytes} bytes, over the ${MAX_DOC_BYTES}-byte limit`,
    );
  }
  return { body, json };
}

/**
 * The shallow-merge rule of `update`: top-level fields of `patch` replace the stored ones
 * wholesale, a field given as undefined is removed, others stay. Returns a new object.
 * (A CloudBase adapter must wrap object values in `_.set()`, since its update merges nested
 * objects, and turn undefined into `_.remove()`.)
 */
export function mergePatch(collection: string, id: string, stored: Body, patch: unknown): Body {
  if (!isPlainObject(patch)) {
    throw new StoreUsageError(`${collection}: a patch must be a plain object`);
  }
  if (patch._id !== undefined && patch._id !== id) {
    throw new StoreUsageError(
      `${collection}: patch _id ${JSON.stringify(patch._id)} differs from target id ${JSON.stringify(id)}`,
    );
  }
  const merged: Body = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '_id' || key === '_version') continue;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** The document as callers see it: `_id` and `_version` first, then the body. */
export function withMeta<T extends object = DocBody>(
  id: string,
  version: number,
  body: Body,
): StoredDoc<T> {
  return { _id: id, _version: version, ...body } as unknown as StoredDoc<T>;
}
