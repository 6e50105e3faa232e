/**
 * What the legal-education (普法) use cases read and share: which town a reader reads, the
 * reading-progress id, the role an audit event names, offset cursors, and the 法德明白人
 * reading path (the town's rule set, else the articles flagged for it) with a person's
 * progress on it.
 */
import type { Actor, Role } from '../../shared/kernel/roles';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Caller } from '../runtime/caller';
import type {
  Article,
  ArticleCategory,
  ReadingProgress,
} from '../../shared/learning/learning.schema';
import { learningPathBodySchema } from '../../shared/validation/admin.schema';
import type { AppContext } from '../runtime/context';
import { queryAll } from '../runtime/paging';
import { loadRuleBody } from '../runtime/town-rules';
import type { Db, Tx } from '../store/store.port';
import { ARTICLES, READING_PROGRESS } from '../store/collections';

/** A person's reading progress on one article: one record per pair, so no duplicates. */
export function progressId(accountId: string, articleId: string): string {
  return `${accountId}:${articleId}`;
}

/**
 * The town whose public content (articles, lectures) a reader sees: the one they name, else
 * their own. Legal education is public, so an anonymous reader only has to say which town.
 */
export function readerTown(caller: Caller, given: string | undefined): Result<string> {
  if (given !== undefined) return ok(given);
  if (caller.account !== null) return ok(caller.account.townId);
  return err(
    appError('VALIDATION_FAILED', '请先选择所在的镇', {
      fields: [{ field: 'townId', message: '所属镇：请先选择所在的镇' }],
    }),
  );
}

/** The role an audit event records for an actor: the first of `preferred` they hold. */
export function actingRole(actor: Actor, preferred: readonly Role[]): Role {
  return preferred.find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'villager';
}

/** A client cursor this module made itself for an in-memory page: `s:<offset>`. */
export function decodeOffsetCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return 0;
  const m = /^s:(\d{1,6})$/.exec(cursor);
  return m === null ? null : Number(m[1]);
}

/** The refusal for a cursor that belongs to another list. */
export const BAD_CURSOR = appError('VALIDATION_FAILED', '翻页位置不对，请从第一页重新查看', {
  fields: [{ field: 'cursor', message: '翻页位置：请从第一页重新查看' }],
});

/** The rule a town may store to fix its reading path. */

export interface PathArticle {
  readonly articleId: string;
  readonly title: string;
  readonly category: ArticleCategory;
}

export interface ReadingPath {
  /** Where the path came from: the town's rule, or the articles flagged for it. */
  readonly source: 'rule' | 'flagged';
  readonly articles: readonly PathArticle[];
}

function toPathArticle(doc: Article): PathArticle {
  return { articleId: doc._id, title: doc.title, category: doc.category };
}

/** Loads the town's reading path (queries: call it before a transaction). */
export async function loadReadingPath(ctx: AppContext, townId: string): Promise<ReadingPath> {
  const body = await loadRuleBody(ctx, townId, 'learning_path');
  const rule = body === undefined ? null : learningPathBodySchema.safeParse(body);
  if (rule?.success === true) {
    const docs = await Promise.all(rule.data.articleIds.map((id) => ARTICLES.get(ctx.store, id)));
    const articles = docs
      .filter((d) => d !== null && d.townId === townId && d.status === 'published')
      .map((d) => toPathArticle(d!));
    return { source: 'rule', articles };
  }
  const published = await queryAll(ctx, ARTICLES, {
    where: { townId, status: 'published' },
    orderBy: { path: 'publishedAt', order: 'asc' },
  });
  const articles = published.filter((d) => d.inReadingPath).map((d) => toPathArticle(d));
  return { source: 'flagged', articles };
}

/** One person's progress on each path article (by id, so it also runs inside a transaction). */
export async function pathProgress(
  ops: Db | Tx,
  accountId: string,
  path: ReadingPath,
): Promise<(ReadingProgress | null)[]> {
  return Promise.all(
    path.articles.map((a) => READING_PROGRESS.get(ops, progressId(accountId, a.articleId))),
  );
}

/** Whether a person has read every article of a non-empty path to the end. */
export function completesPath(progress: readonly (ReadingProgress | null)[]): boolean {
  return progress.length > 0 && progress.every((p) => p !== null && p.progress === 100);
}
