/**
 * Reading records for timers and statistics: every page of a query, each document parsed with
 * the shared entity schema. Records written by other functions are trusted only after parsing;
 * one that does not parse is skipped and logged (with its id and the failing paths, never its
 * content), so a single bad row cannot stop a sweep.
 */
import type { z } from 'zod';
import type { Result } from '../../shared/kernel/result';
import type { AppContext } from '../runtime/context';
import type { DocMeta, Query, StoredDoc } from '../store/store.port';

/** Upper bound on the records one scan reads, so a timer run stays bounded. */
export const MAX_SCAN_DOCS = 20_000;

export interface ScanResult<T> {
  readonly docs: (T & DocMeta)[];
  /** Documents that did not parse and were skipped. */
  readonly invalid: number;
  /** True when the scan stopped at `maxDocs` with more to read. */
  readonly truncated: boolean;
}

/** Reads every page of `query` (1000 a page) and parses each document with `schema`. */
export async function scanParsed<S extends z.ZodType<object>>(
  ctx: AppContext,
  collection: string,
  query: Query,
  schema: S,
  maxDocs: number = MAX_SCAN_DOCS,
): Promise<ScanResult<z.output<S>>> {
  const docs: (z.output<S> & DocMeta)[] = [];
  let invalid = 0;
  let cursor: string | null = null;
  let read = 0;
  do {
    const page: { docs: StoredDoc[]; nextCursor: string | null } = await ctx.store.query(
      collection,
      { ...query, limit: 1000, cursor },
    );
    for (const raw of page.docs) {
      read += 1;
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        docs.push({ ...(parsed.data as object), _id: raw._id, _version: raw._version } as never);
      } else {
        invalid += 1;
        ctx.log.warn(
          {
            collection,
            id: raw._id,
            paths: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
          },
          'skipped a record that does not match its schema',
        );
      }
    }
    cursor = page.nextCursor;
    if (cursor !== null && read >= maxDocs) {
      ctx.log.warn(
        { collection, read },
        'scan stopped at its bound; the rest waits for the next run',
      );
      return { docs, invalid, truncated: true };
    }
  } while (cursor !== null);
  return { docs, invalid, truncated: false };
}

/** How one timer step ended. */
export type StepOutcome = 'done' | 'already' | 'failed';

/**
 * Runs one step (its own transaction) and classifies the result: a CONFLICT means another run
 * did it first or the record moved on, anything else is logged as an error and the sweep
 * goes on with the next record.
 */
export async function runStep(
  ctx: AppContext,
  what: Readonly<Record<string, unknown>>,
  step: () => Promise<Result<unknown>>,
): Promise<StepOutcome> {
  const result = await step();
  if (result.ok) return 'done';
  if (result.error.code === 'CONFLICT') return 'already';
  ctx.log.error({ ...what, error: result.error }, 'timer step failed');
  return 'failed';
}
