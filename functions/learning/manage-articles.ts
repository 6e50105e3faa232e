/**
 * Legal-education articles (普法文章): reading lists by column (以案释法 case stories, 法律常识
 * legal knowledge, 政策解读 policy), a simple search, one article, and publishing by the
 * town's admin or legal adviser (法律顾问).
 *
 * Reading is public: 普法 is meant to reach everyone, so an anonymous visitor reads published
 * articles of the town they name. Drafts and withdrawn articles are seen by the town's
 * editors only.
 *
 * Search: the store port has no full-text search, so a search loads the town's published
 * articles (page by page, at most SEARCH_SCAN_MAX, newest first) and filters in memory. That
 * is fine for the hundreds of articles a town publishes; beyond SEARCH_SCAN_MAX the oldest
 * are not searched (a search index would be the next step).
 */
import type { z } from 'zod';
import type { Article, ArticleStatus } from '../../shared/learning/learning.schema';
import {
  ARTICLE_CATEGORY_LABELS,
  articleSchema,
  getArticleInputSchema,
  listArticlesInputSchema,
  publishArticleInputSchema,
} from '../../shared/learning/learning.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { defineAction, signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { attachPhotos, checkOwnPhoto } from '../runtime/photos';
import { cursorFits } from '../store/store.cursor';
import type { Query, StoredDoc, Where } from '../store/store.port';
import {
  BAD_CURSOR,
  actingRole,
  decodeOffsetCursor,
  progressId,
  readerTown,
} from './learning.records';
import type { ArticleListItem, ArticleView, ArticleEditorView } from './learning.views';
import { ARTICLES, READING_PROGRESS } from '../store/collections';
import { articleWriter } from './learning.collections';

export type { ArticleListItem, ArticleView, ArticleEditorView };

/** Most published articles a search looks through (newest first). */
export const SEARCH_SCAN_MAX = 2000;

/** Roles that write and publish articles. */
export const EDITOR_ROLES = ['admin', 'legal_adviser'] as const;

export type ArticleDoc = StoredDoc<Article>;

const SUMMARY_FALLBACK_CHARS = 60;

function summaryOf(doc: Article): string {
  if (doc.summary !== undefined) return doc.summary;
  const flat = doc.body.replace(/\s+/g, '');
  return flat.length > SUMMARY_FALLBACK_CHARS ? `${flat.slice(0, SUMMARY_FALLBACK_CHARS)}…` : flat;
}

/** Maps a stored article to a list item (explicit fields only). */
export function toArticleListItem(doc: Article, myProgress: number | null): ArticleListItem {
  return {
    articleId: doc._id,
    category: doc.category,
    categoryLabel: ARTICLE_CATEGORY_LABELS[doc.category],
    title: doc.title,
    summary: summaryOf(doc),
    tags: [...doc.tags],
    coverFileId: doc.coverFileId ?? null,
    publishedAt: doc.publishedAt ?? null,
    inReadingPath: doc.inReadingPath,
    sample: doc.sample,
    myProgress,
  };
}

/** Maps a stored article to the reader's full view. */
export function toArticleView(doc: Article, myProgress: number | null): ArticleView {
  return { ...toArticleListItem(doc, myProgress), body: doc.body };
}

function toEditorView(doc: ArticleDoc): ArticleEditorView {
  return {
    ...toArticleView(doc, null),
    status: doc.status,
    version: doc._version,
    updatedAt: doc.updatedAt,
  };
}

/** The caller's progress on each article (by id, so no query is needed). */
async function progressOf(
  ctx: AppContext,
  account: AccountDoc | null,
  articleIds: readonly string[],
): Promise<(number | null)[]> {
  if (account === null) return articleIds.map(() => null);
  const docs = await Promise.all(
    articleIds.map((id) => READING_PROGRESS.get(ctx.store, progressId(account._id, id))),
  );
  return docs.map((d) => d?.progress ?? null);
}

function matchesAll(doc: Article, terms: readonly string[]): boolean {
  const haystack =
    `${doc.title}\n${doc.summary ?? ''}\n${doc.body}\n${doc.tags.join(' ')}`.toLowerCase();
  return terms.every((t) => haystack.includes(t));
}

type ListInput = z.output<typeof listArticlesInputSchema>;

async function listArticles(
  ctx: AppContext,
  call: ActionCall<ListInput>,
): Promise<Result<{ items: ArticleListItem[]; nextCursor: string | null }>> {
  const town = readerTown(call.caller, call.input.townId);
  if (!town.ok) return town;
  const { category, q, limit, cursor } = call.input;
  const where: Where = {
    townId: town.value,
    status: 'published',
    ...(category === undefined ? {} : { category }),
  };
  let docs: ArticleDoc[];
  let nextCursor: string | null;
  if (q === undefined) {
    const query: Query = { where, orderBy: { path: 'publishedAt', order: 'desc' }, limit, cursor };
    if (!cursorFits('articles', query)) return err(BAD_CURSOR);
    const page = await ARTICLES.query(ctx.store, query);
    docs = page.docs;
    nextCursor = page.nextCursor;
  } else {
    const offset = decodeOffsetCursor(cursor);
    if (offset === null) return err(BAD_CURSOR);
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const found = (await scanPublished(ctx, where)).filter((d) => matchesAll(d, terms));
    docs = found.slice(offset, offset + limit);
    nextCursor = offset + limit < found.length ? `s:${offset + limit}` : null;
  }
  const progress = await progressOf(
    ctx,
    call.caller.account,
    docs.map((d) => d._id),
  );
  return ok({ items: docs.map((d, i) => toArticleListItem(d, progress[i] ?? null)), nextCursor });
}

/** Published articles matching `where`, newest first, at most SEARCH_SCAN_MAX. */
async function scanPublished(ctx: AppContext, where: Where): Promise<ArticleDoc[]> {
  const out: ArticleDoc[] = [];
  let cursor: string | null = null;
  do {
    const page: { docs: ArticleDoc[]; nextCursor: string | null } = await ARTICLES.query(
      ctx.store,
      {
        where,
        orderBy: { path: 'publishedAt', order: 'desc' },
        limit: 500,
        cursor,
      },
    );
    out.push(...page.docs);
    cursor = page.nextCursor;
  } while (cursor !== null && out.length < SEARCH_SCAN_MAX);
  return out.slice(0, SEARCH_SCAN_MAX);
}

const ARTICLE_GONE = appError('NOT_FOUND', '这篇文章不存在或已经下线了');

/**
 * Whether `account` may open and change `doc`: the town's admin any article of the town, a
 * legal adviser (法律顾问) only the ones they wrote — naming another's article id must not
 * let them rewrite or withdraw it.
 */
function isEditorOf(account: AccountDoc | null, doc: Article): boolean {
  if (account === null || account.townId !== doc.townId) return false;
  if (account.roles.includes('admin')) return true;
  return account.roles.includes('legal_adviser') && doc.authorId === account._id;
}

async function getArticle(
  ctx: AppContext,
  call: ActionCall<z.output<typeof getArticleInputSchema>>,
): Promise<Result<ArticleView | ArticleEditorView>> {
  const raw = await ARTICLES.get(ctx.store, call.input.articleId);
  const doc = raw;
  if (doc === null) return err(ARTICLE_GONE);
  const account = call.caller.account;
  // Editors of the town also open drafts (to edit them); everyone else reads published only.
  if (isEditorOf(account, doc)) return ok(toEditorView(doc));
  if (doc.status !== 'published') return err(ARTICLE_GONE);
  const [progress] = await progressOf(ctx, account, [doc._id]);
  return ok(toArticleView(doc, progress ?? null));
}

type PublishInput = z.output<typeof publishArticleInputSchema>;

/** Every text of an article that the content check (内容安全) looks at, by field. */
function textsOf(input: PublishInput): { field: string; text: string }[] {
  return [
    { field: 'title', text: input.title },
    ...(input.summary === undefined ? [] : [{ field: 'summary', text: input.summary }]),
    { field: 'body', text: input.body },
    ...input.tags.map((t, i) => ({ field: `tags.${i}`, text: t })),
  ];
}

async function publishArticle(
  ctx: AppContext,
  call: ActionCall<PublishInput>,
): Promise<Result<ArticleEditorView>> {
  const { account, actor } = signedIn(call);
  const input = call.input;
  for (const { field, text } of textsOf(input)) {
    const checked = await ctx.contentCheck.checkText({ text, accountId: account._id, field });
    if (!checked.ok) return checked;
  }
  let existing: ArticleDoc | null = null;
  if (input.articleId !== undefined) {
    const raw = await ARTICLES.get(ctx.store, input.articleId);
    existing = raw;
    if (existing === null || existing.townId !== account.townId) {
      return err(appError('NOT_FOUND', '没有找到要修改的文章'));
    }
    if (!isEditorOf(account, existing)) {
      return err(
        appError('FORBIDDEN', '只能修改您自己写的文章，请联系管理员', { reason: 'not_author' }),
      );
    }
  }
  // A new cover must be the editor's own upload; an unchanged one stays whoever chose it.
  const cover = input.coverFileId;
  if (cover !== undefined && cover !== existing?.coverFileId) {
    const owned = await checkOwnPhoto(ctx, account._id, cover, 'coverFileId');
    if (!owned.ok) return owned;
  }
  const now = ctx.clock.nowIso();
  const from = existing?.status ?? null;
  const status: ArticleStatus = input.publish
    ? 'published'
    : from === 'published' || from === 'withdrawn'
      ? 'withdrawn'
      : 'draft';
  const article = articleSchema.parse({
    _id: existing?._id ?? ctx.ids.newId('art'),
    townId: account.townId,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    _version: existing?._version ?? 0,
    category: input.category,
    title: input.title,
    summary: input.summary,
    body: input.body,
    coverFileId: input.coverFileId,
    tags: input.tags,
    inReadingPath: input.inReadingPath,
    status,
    // The first publication date stays: readers see when it first came out.
    publishedAt: status === 'published' ? (existing?.publishedAt ?? now) : existing?.publishedAt,
    authorId: existing?.authorId ?? account._id,
    sample: existing?.sample ?? false,
  });
  const { _version: _omit, ...body } = article;
  const action =
    existing === null
      ? 'create'
      : from !== status
        ? status === 'published'
          ? 'publish'
          : 'withdraw'
        : 'edit';
  return call.transact(account.townId, async (tx) => {
    const stored =
      existing === null
        ? await articleWriter.insert(tx, body)
        : await articleWriter.replace(tx, existing._id, omitId(body), {
            ifVersion: existing._version,
          });
    if (!stored.ok) return stored;
    if (cover !== undefined && cover !== existing?.coverFileId) {
      const attached = await attachPhotos(
        ctx,
        tx,
        account._id,
        [cover],
        { type: 'article', id: article._id },
        'coverFileId',
        true,
      );
      if (!attached.ok) return attached;
    }
    const logged = await appendEvent(ctx, tx, {
      townId: account.townId,
      subjectType: 'article',
      subjectId: article._id,
      actorId: account._id,
      actorRole: actingRole(actor, EDITOR_ROLES),
      action,
      from,
      to: status,
      at: now,
      note: article.title,
      visibleToReporter: false,
    });
    if (!logged.ok) return logged;
    return ok(toEditorView({ ...article, _version: stored.value._version }));
  });
}

function omitId<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _drop, ...rest } = doc;
  return rest;
}

/** The article actions of the `learning` function. */
export const articleActions = {
  listArticles: defineAction({
    input: listArticlesInputSchema,
    access: 'public',
    run: listArticles,
  }),
  getArticle: defineAction({ input: getArticleInputSchema, access: 'public', run: getArticle }),
  publishArticle: defineAction({
    input: publishArticleInputSchema,
    access: EDITOR_ROLES,
    idempotent: true,
    run: publishArticle,
  }),
};
