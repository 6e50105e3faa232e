/**
 * The parts of MongoDB semantics the fake CloudBase database needs, written from MongoDB's
 * documented behaviour (CloudBase's document database is MongoDB underneath):
 * Extended JSON numbers, query operators, BSON comparison order, and `$set` / `$unset`.
 * Anything outside this subset throws, so an adapter change that relies on more fails loudly
 * here instead of passing against a fake that guesses.
 */

export type Doc = Record<string, unknown> & { _id: string };
export type Filter = Record<string, unknown>;

const NUMBER_WRAPPERS = new Set(['$numberInt', '$numberLong', '$numberDouble']);
const OTHER_BSON_WRAPPERS = new Set([
  '$numberDecimal',
  '$date',
  '$oid',
  '$regularExpression',
  '$binary',
  '$timestamp',
  '$minKey',
  '$maxKey',
  '$symbol',
  '$code',
]);

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, inner] = entries[0] as [string, unknown];
    if (NUMBER_WRAPPERS.has(key)) return Number(inner);
    if (OTHER_BSON_WRAPPERS.has(key)) {
      throw new Error(`fake CloudBase: the store sent a BSON ${key}; it stores JSON only`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, revive(v)]));
}

/** Parses the canonical Extended JSON the SDK sends (numbers wrapped as $numberInt/…). */
export function decodeEjson(text: string): unknown {
  return revive(JSON.parse(text));
}

function canonical(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= -(2 ** 31) && value < 2 ** 31) return { $numberInt: String(value) };
      if (Number.isSafeInteger(value)) return { $numberLong: String(value) };
    }
    const text = Object.is(value, -0) ? '-0.0' : String(value);
    return { $numberDouble: /[.eE]|Infinity|NaN/.test(text) ? text : `${text}.0` };
  }
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Canonical Extended JSON of a stored document, as CloudBase answers `getDocument`. */
export function encodeEjson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/** The value at a dotted path; undefined when absent (paths through arrays are not supported). */
export function lookup(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** BSON type order of comparison and sorting; null and absent compare alike. */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 2;
  if (typeof value === 'number') return 3;
  if (typeof value === 'string') return 4;
  if (Array.isArray(value)) return 6;
  if (typeof value === 'object') return 5;
  if (typeof value === 'boolean') return 9;
  throw new Error(`fake CloudBase: cannot compare a ${typeof value}`);
}

/**
 * Strings compare by UTF-8 bytes (MongoDB's simple collation), i.e. by code point: UTF-16 order
 * differs only where a surrogate pair meets U+E000–U+FFFF, so shift those before comparing.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** BSON comparison: by type order first, then within the type. */
export function compareValues(a: unknown, b: unknown): number {
  const byType = typeRank(a) - typeRank(b);
  if (byType !== 0) return byType;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeRank(a) === 2) return 0;
  return compareUtf8(JSON.stringify(a), JSON.stringify(b));
}

/** Structural equality of stored values (object key order matters, as in BSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k, i) =>
        k === kb[i] &&
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** Equality as a query means it: null matches null or absent; an array matches its elements. */
function equalsQuery(value: unknown, target: unknown): boolean {
  if (target === null) return value === null || value === undefined;
  if (Array.isArray(value) && !Array.isArray(target)) {
    return value.some((item) => sameValue(item, target)) || sameValue(value, target);
  }
  return sameValue(value, target);
}

/** A range compares only within the operand's type (MongoDB's type bracketing). */
function inRange(value: unknown, operand: unknown, ok: (order: number) => boolean): boolean {
  if (Array.isArray(value)) return value.some((item) => inRange(item, operand, ok));
  if (value === undefined || value === null || operand === null) return false;
  if (typeRank(value) !== typeRank(operand)) return false;
  return ok(compareValues(value, operand));
}

function isOperatorObject(condition: unknown): condition is Record<string, unknown> {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return false;
  const keys = Object.keys(condition);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function applyOperator(value: unknown, operator: string, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return equalsQuery(value, operand);
    case '$ne':
      return !equalsQuery(value, operand);
    case '$gt':
      return inRange(value, operand, (o) => o > 0);
    case '$gte':
      return inRange(value, operand, (o) => o >= 0);
    case '$lt':
      return inRange(value, operand, (o) => o < 0);
    case '$lte':
      return inRange(value, operand, (o) => o <= 0);
    case '$in':
      if (!Array.isArray(operand)) throw new Error('fake CloudBase: $in needs an array');
      return operand.some((item) => equalsQuery(value, item));
    case '$nin':
      if (!Array.isArray(operand)) throw new Error('fake CloudBase: $nin needs an array');
      return !operand.some((item) => equalsQuery(value, item));
    case '$exists':
      return (value !== undefined) === Boolean(operand);
    default:
      throw new Error(`fake CloudBase: unsupported query operator ${operator}`);
  }
}

/** True when `doc` matches the MongoDB filter. */
export function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(condition)) throw new Error(`fake CloudBase: ${key} needs an array`);
      const results = condition.map((f) => matches(doc, f as Filter));
      if (key === '$and') return results.every(Boolean);
      return key === '$or' ? results.some(Boolean) : !results.some(Boolean);
    }
    if (key.startsWith('$')) throw new Error(`fake CloudBase: unsupported operator ${key}`);
    const value = lookup(doc, key);
    if (isOperatorObject(condition)) {
      return Object.entries(condition).every(([op, operand]) => applyOperator(value, op, operand));
    }
    return equalsQuery(value, condition);
  });
}

/** Sorts by `{ path: 1 | -1, … }` in key order; documents equal on every key keep their order. */
export function sortDocs(docs: Doc[], order: Record<string, unknown>): Doc[] {
  const keys = Object.entries(order).map(([path, direction]) => {
    if (direction !== 1 && direction !== -1) {
      throw new Error(`fake CloudBase: sort direction of ${path} is ${String(direction)}`);
    }
    return { path, sign: direction };
  });
  return [...docs].sort((a, b) => {
    for (const { path, sign } of keys) {
      const order = compareValues(lookup(a, path), lookup(b, path));
      if (order !== 0) return sign * order;
    }
    return 0;
  });
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1] as string] = value;
}

function unsetPath(doc: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  const last = parts.pop() as string;
  const holder = parts.length === 0 ? doc : lookup(doc, parts.join('.'));
  if (typeof holder === 'object' && holder !== null && !Array.isArray(holder)) {
    delete (holder as Record<string, unknown>)[last];
  }
}

/**
 * The document after an update: with `merge` the update holds operators ($set, $unset, $inc),
 * without it the update is the whole new document. `_id` never changes.
 */
export function applyUpdate(doc: Doc, update: Record<string, unknown>, merge: boolean): Doc {
  if (!merge) {
    if (Object.keys(update).some((k) => k.startsWith('$'))) {
      throw new Error('fake CloudBase: a replacement holds an operator');
    }
    return { ...structuredClone(update), _id: doc._id } as Doc;
  }
  const next = structuredClone(doc) as Record<string, unknown>;
  for (const [operator, fields] of Object.entries(update)) {
    if (typeof fields !== 'object' || fields === null) {
      throw new Error(`fake CloudBase: ${operator} needs an object`);
    }
    for (const [path, value] of Object.entries(fields)) {
      if (path === '_id' || path.startsWith('_id.')) {
        throw new Error("fake CloudBase: the update would modify the immutable field '_id'");
      }
      if (operator === '$set') setPath(next, path, structuredClone(value));
      else if (operator === '$unset') unsetPath(next, path);
      else if (operator === '$inc') {
        const current = lookup(next, path);
        setPath(next, path, (typeof current === 'number' ? current : 0) + Number(value));
      } else throw new Error(`fake CloudBase: unsupported update operator ${operator}`);
    }
  }
  return next as Doc;
}
