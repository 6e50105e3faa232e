/**
 * Typed collections (类型化集合): a declared collection carries the zod schema of its records
 * and the folder that owns it. Its handle reads through the opaque `Db`/`Tx` (or, for the
 * adapters and tests that hold one, the store port itself) and parses every
 * row with the schema: a row that does not parse is a loud error (`CorruptRecordError`,
 * logged by dispatch and answered INTERNAL), never a silent cast; scans that must go on past
 * a bad row (timers) use `queryChecked` and log what they skip. Writes go through a
 * `Writer` (store.writer.ts), which only the owner's `<folder>.collections.ts` makes.
 */
import { z } from 'zod';
import { defineCollection } from './store.declare';
import type {
  ByIdOperations,
  CollectionSpec,
  Db,
  DocMeta,
  DocPatch,
  Query,
  Store,
  StoredDoc,
  Tx,
  Where,
} from './store.port';
import { StoreUsageError } from './store.port';
import { byIdOf, storeOf } from './store.raw';

/** The folders that write records: each collection has exactly one. */
export const OWNERS = [
  'account',
  'admin',
  'clue',
  'concern',
  'learning',
  'mediation',
  'runtime',
  'host',
] as const;
export type Owner = (typeof OWNERS)[number];

/** A stored record's schema: an object with the store's `_id` and `_version`. */
export type RecordSchema = z.ZodObject<{ _id: z.ZodType<string>; _version: z.ZodType<number> }>;

/** A row that does not match its collection's schema (paths only: never the values). */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly paths: readonly string[],
  ) {
    super(
      `record ${collection}/${id} does not match its schema at ${paths.join(', ') || '(root)'}`,
    );
  }
}

/** A row that failed to parse, for scans that skip it. */
export interface InvalidRow {
  readonly id: string;
  readonly version: number;
  readonly paths: readonly string[];
}

/** A parsed page, and the rows of it that did not parse. */
export interface CheckedPage<R> {
  readonly docs: R[];
  readonly invalid: InvalidRow[];
  readonly nextCursor: string | null;
}

export interface ParsedPage<R> {
  readonly docs: R[];
  readonly nextCursor: string | null;
}

/** A declared collection and its read handle. `R` is the stored record, `_id`/`_version` in. */
export interface Collection<
  R extends DocMeta = StoredDoc,
  N extends string = string,
> extends CollectionSpec {
  readonly name: N;
  readonly owner: Owner;
  readonly schema: RecordSchema;
  /** Parses a stored row with the schema (defaults filled). */
  parse(raw: StoredDoc): { ok: true; doc: R } | { ok: false; paths: string[] };
  /** The record, or null when there is none; throws CorruptRecordError on a bad row. */
  get(db: Db | Tx | ByIdOperations, id: string): Promise<R | null>;
  /** One page (see `Store.query`); throws CorruptRecordError on a bad row. */
  query(db: Db | Store, query?: Query): Promise<ParsedPage<R>>;
  /** One page, the rows that do not parse set apart instead of thrown. */
  queryChecked(db: Db | Store, query?: Query): Promise<CheckedPage<R>>;
  count(db: Db | Store, where?: Where): Promise<number>;
}

function issuePaths(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => i.path.join('.'));
}

/**
 * Declares a collection with its owner, its record schema and its indexes (one list of field
 * paths per index, a leading `-` for descending; see `defineCollection`).
 */
export function typedCollection<S extends RecordSchema, N extends string>(
  name: N,
  options: { readonly owner: Owner; readonly schema: S },
  ...indexes: readonly (readonly string[])[]
): Collection<z.output<S>, N> {
  type R = z.output<S>;
  const spec = defineCollection(name, ...indexes);
  const { schema, owner } = options;
  if (!(schema instanceof z.ZodObject)) {
    throw new StoreUsageError(`collection ${name}: its schema must be a z.object`);
  }
  const parse = (raw: StoredDoc): { ok: true; doc: R } | { ok: false; paths: string[] } => {
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ok: true, doc: parsed.data as R }
      : { ok: false, paths: issuePaths(parsed.error) };
  };
  const parseOrThrow = (raw: StoredDoc): R => {
    const parsed = parse(raw);
    if (!parsed.ok) throw new CorruptRecordError(name, raw._id, parsed.paths);
    return parsed.doc;
  };
  return {
    ...spec,
    name,
    owner,
    schema,
    parse,
    async get(db, id) {
      const raw = await byIdOf(db).get(name, id);
      return raw === null ? null : parseOrThrow(raw);
    },
    async query(db, query) {
      const page = await storeOf(db).query(name, query);
      return { docs: page.docs.map(parseOrThrow), nextCursor: page.nextCursor };
    },
    async queryChecked(db, query) {
      const page = await storeOf(db).query(name, query);
      const docs: R[] = [];
      const invalid: InvalidRow[] = [];
      for (const raw of page.docs) {
        const parsed = parse(raw);
        if (parsed.ok) docs.push(parsed.doc);
        else invalid.push({ id: raw._id, version: raw._version, paths: parsed.paths });
      }
      return { docs, invalid, nextCursor: page.nextCursor };
    },
    count(db, where) {
      return storeOf(db).count(name, where);
    },
  };
}

/** What an insert takes: the whole record but the store's `_version`. */
export type NewRecord<R extends DocMeta> = Omit<R, '_version'>;
/** What an update takes: some top-level fields; `undefined` removes one. */
export type RecordPatch<R extends DocMeta> = DocPatch<Omit<R, '_id' | '_version'>>;

/** The record type of a collection handle. */
export type RecordOf<C> = C extends Collection<infer R> ? R : never;
