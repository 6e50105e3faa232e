/**
 * The town's legal adviser (法律顾问) or admin writes articles, keeps them as drafts, publishes
 * and withdraws them; every change is audited, text passes the content check, and nobody
 * else may publish.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import { learningFunction as learning } from '../../functions/learning/learning.function';
import type { ArticleEditorView, ArticleView } from '../../functions/learning/manage-articles';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

function errorOf(reply: CallReply<unknown>) {
  if (reply.ok) throw new Error(`expected a failure, got ${JSON.stringify(reply.data)}`);
  return reply.error;
}

const draft = {
  category: 'legal_knowledge',
  title: '宅基地上的那些事',
  summary: '宅基地能不能卖、翻建要不要审批，一篇说清。',
  body: '宅基地属于村集体所有，村民依法享有使用权。\n\n翻建房屋前，先到村里问清手续。',
  tags: ['宅基地'],
  publish: false,
};

async function auditActions(articleId: string): Promise<unknown[]> {
  const events = await h.store.query('audit_events', {
    where: { subjectType: 'article', subjectId: articleId },
    orderBy: { path: 'at', order: 'asc' },
  });
  return events.docs.map((e) => [e.action, e.from, e.to, e.actorId]);
}

describe('publishing articles', () => {
  it('keeps a draft from readers until it is published, auditing each step', async () => {
    const { legalAdviser, villager } = town.people;
    const created = await h.ok<ArticleEditorView>(learning, 'publishArticle', draft, {
      as: legalAdviser,
    });
    expect(created).toMatchObject({ status: 'draft', publishedAt: null, title: draft.title });
    const hidden = await h.call(
      learning,
      'getArticle',
      { articleId: created.articleId },
      { as: villager },
    );
    expect(errorOf(hidden).code).toBe('NOT_FOUND');
    const editorSees = await h.ok<ArticleEditorView>(
      learning,
      'getArticle',
      { articleId: created.articleId },
      { as: legalAdviser },
    );
    expect(editorSees.status).toBe('draft');

    h.clock.advance(3600_000);
    const published = await h.ok<ArticleEditorView>(
      learning,
      'publishArticle',
      { ...draft, articleId: created.articleId, publish: true },
      { as: legalAdviser },
    );
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBe(h.ctx.clock.nowIso());
    const read = await h.ok<ArticleView>(
      learning,
      'getArticle',
      { articleId: created.articleId },
      { as: null },
    );
    expect(read.body).toBe(draft.body);
    expect(read).not.toHaveProperty('status');

    h.clock.advance(3600_000);
    const withdrawn = await h.ok<ArticleEditorView>(
      learning,
      'publishArticle',
      { ...draft, articleId: created.articleId, publish: false },
      { as: town.people.admin },
    );
    expect(withdrawn.status).toBe('withdrawn');
    // The first publication date stays for when it is published again.
    expect(withdrawn.publishedAt).toBe(published.publishedAt);
    expect(await auditActions(created.articleId)).toEqual([
      ['create', null, 'draft', legalAdviser._id],
      ['publish', 'draft', 'published', legalAdviser._id],
      ['withdraw', 'published', 'withdrawn', town.people.admin._id],
    ]);
  });

  it('records an edit of a published article as an edit', async () => {
    const { admin } = town.people;
    const created = await h.ok<ArticleEditorView>(
      learning,
      'publishArticle',
      { ...draft, publish: true },
      { as: admin },
    );
    h.clock.advance(60_000);
    const edited = await h.ok<ArticleEditorView>(
      learning,
      'publishArticle',
      { ...draft, articleId: created.articleId, title: '宅基地翻建要注意什么', publish: true },
      { as: admin },
    );
    expect(edited).toMatchObject({ title: '宅基地翻建要注意什么', version: created.version + 1 });
    expect((await auditActions(created.articleId)).map((a) => (a as string[])[0])).toEqual([
      'create',
      'edit',
    ]);
  });

  it('forbids villagers and other staff from publishing, storing nothing', async () => {
    for (const who of [town.people.villager, town.people.villageGridWorker]) {
      const reply = await h.call(learning, 'publishArticle', draft, { as: who });
      expect(errorOf(reply).code).toBe('FORBIDDEN');
    }
    expect(
      (await h.store.query('articles', { where: { townId: town.townId, status: 'draft' } })).docs,
    ).toEqual([]);
  });

  it('rejects text that fails the content check, naming the field', async () => {
    const reply = await h.call(
      learning,
      'publishArticle',
      { ...draft, body: `${draft.body}\n\n欢迎加入刷单返利群。` },
      { as: town.people.legalAdviser },
    );
    const error = errorOf(reply);
    expect(error.code).toBe('CONTENT_REJECTED');
    expect(error.details?.fields?.[0]?.field).toBe('body');
    const tag = await h.call(
      learning,
      'publishArticle',
      { ...draft, tags: ['宅基地', '办证刻章'] },
      { as: town.people.legalAdviser },
    );
    expect(errorOf(tag).details?.fields?.[0]?.field).toBe('tags.1');
    expect(await h.store.count('audit_events', { townId: town.townId })).toBe(0);
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    const reply = await h.call(
      learning,
      'publishArticle',
      { ...draft, title: '   ' },
      { as: town.people.legalAdviser },
    );
    const error = errorOf(reply);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.fields?.[0]?.field).toBe('title');
    expect(error.details?.fields?.[0]?.message).toMatch(/标题/);
    expect(await h.store.count('audit_events', { townId: town.townId })).toBe(0);
  });

  it('does not let an editor change another town’s article', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const theirs = await h.ok<ArticleEditorView>(
      learning,
      'publishArticle',
      { ...draft, publish: true },
      { as: other.people.admin },
    );
    const reply = await h.call(
      learning,
      'publishArticle',
      { ...draft, articleId: theirs.articleId },
      { as: town.people.admin },
    );
    expect(errorOf(reply).code).toBe('NOT_FOUND');
  });
});
