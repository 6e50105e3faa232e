/**
 * The 法德明白人 reading path (学习内容): the articles a person reads to the end to become
 * their household's 法德明白人 (one who understands law and virtue; "一户一法德明白人").
 *
 * The path is data. A town may set it as a rule (collection `rules`, kind `learning_path`,
 * `articleIds` in reading order); without one it is every published article marked
 * `inReadingPath`. Only published articles count, so withdrawing an article never leaves a
 * step nobody can read.
 */
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
import { parseArticle } from './articles.usecases';
import { progressId } from './learning.common';
import { ARTICLES, READING_PROGRESS } from '../store/collections';

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
      .map((d) => (d === null ? null : parseArticle(d)))
      .filter((d) => d !== null && d.townId === townId && d.status === 'published')
      .map((d) => toPathArticle(d!));
    return { source: 'rule', articles };
  }
  const published = await queryAll(ctx, ARTICLES, {
    where: { townId, status: 'published' },
    orderBy: { path: 'publishedAt', order: 'asc' },
  });
  const articles = published
    .map((d) => parseArticle(d))
    .filter((d) => d !== null && d.inReadingPath)
    .map((d) => toPathArticle(d!));
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
