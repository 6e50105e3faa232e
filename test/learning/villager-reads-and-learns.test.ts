/**
 * A villager reads 普法 articles by column or by searching, keeps reading progress that never
 * goes back, and becomes the household's 法德明白人 by finishing the reading path; the centre
 * sees coverage by village.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { ArticleCategory } from '../../shared/learning/learning.schema';
import { learningFunction as learning } from '../../functions/learning/learning.function';
import type { ArticleListItem, ArticleView } from '../../functions/learning/manage-articles';
import type {
  CoverageReply,
  HouseholdReply,
  MarkReadReply,
  MyProgressReply,
} from '../../functions/learning/record-reading';
import {
  SAMPLE_ARTICLES,
  sampleArticleId,
  seedSampleArticles,
} from '../../functions/learning/seed-sample-articles';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { addVillager } from './learning.fixtures';
import { saveTownRules } from '../factories/rules';

type ListReply = { items: ArticleListItem[]; nextCursor: string | null };

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  await seedSampleArticles(h.ctx, town.townId);
});
afterEach(() => h.close());

const pathIds = () =>
  SAMPLE_ARTICLES.filter((a) => a.inReadingPath).map((a) => sampleArticleId(town.townId, a.slug));
const otherIds = () =>
  SAMPLE_ARTICLES.filter((a) => !a.inReadingPath).map((a) => sampleArticleId(town.townId, a.slug));

function errorOf(reply: CallReply<unknown>) {
  if (reply.ok) throw new Error(`expected a failure, got ${JSON.stringify(reply.data)}`);
  return reply.error;
}

describe('reading articles', () => {
  it('lists a column newest first, and pages through it without repeats', async () => {
    const { villager } = town.people;
    const expected = SAMPLE_ARTICLES.filter((a) => a.category === 'case_story')
      .map((a) => sampleArticleId(town.townId, a.slug))
      .reverse();
    const first = await h.ok<ListReply>(
      learning,
      'listArticles',
      { category: 'case_story', limit: 5 },
      { as: villager },
    );
    expect(
      first.items.every((i) => i.category === 'case_story' && i.categoryLabel === '以案释法'),
    ).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = await h.ok<ListReply>(
      learning,
      'listArticles',
      { category: 'case_story', limit: 5, cursor: first.nextCursor },
      { as: villager },
    );
    expect([...first.items, ...second.items].map((i) => i.articleId)).toEqual(expected);
    expect(second.nextCursor).toBeNull();
    // A list item carries a summary, never the whole body.
    expect(first.items[0]).not.toHaveProperty('body');
  });

  it.each<[ArticleCategory, string]>([
    ['legal_knowledge', '法律常识'],
    ['policy', '政策解读'],
  ])('lists only the %s column', async (category, label) => {
    const reply = await h.ok<ListReply>(
      learning,
      'listArticles',
      { category },
      { as: town.people.villager },
    );
    const expected = SAMPLE_ARTICLES.filter((a) => a.category === category).length;
    expect(reply.items).toHaveLength(expected);
    expect(reply.items.every((i) => i.categoryLabel === label)).toBe(true);
  });

  it('searches titles, summaries and bodies, every word having to match', async () => {
    const { villager } = town.people;
    const scam = await h.ok<ListReply>(learning, 'listArticles', { q: '96110' }, { as: villager });
    // "96110" only appears in the body of the refund-scam story.
    expect(scam.items.map((i) => i.articleId)).toEqual([
      sampleArticleId(town.townId, 'refund-scam'),
    ]);
    const both = await h.ok<ListReply>(
      learning,
      'listArticles',
      { q: '赡养  法律援助' },
      { as: villager },
    );
    expect(both.items.length).toBeGreaterThan(0);
    for (const item of both.items) {
      const full = await h.ok<ArticleView>(
        learning,
        'getArticle',
        { articleId: item.articleId },
        { as: villager },
      );
      const text = `${full.title}${full.summary}${full.body}`;
      expect(text).toContain('赡养');
      expect(text).toContain('法律援助');
    }
    const none = await h.ok<ListReply>(learning, 'listArticles', { q: '月球' }, { as: villager });
    expect(none.items).toEqual([]);
  });

  it('pages search results with its own cursor and refuses a foreign one', async () => {
    const { villager } = town.people;
    const all = await h.ok<ListReply>(learning, 'listArticles', { q: '调解' }, { as: villager });
    expect(all.items.length).toBeGreaterThan(3);
    const first = await h.ok<ListReply>(
      learning,
      'listArticles',
      { q: '调解', limit: 2 },
      { as: villager },
    );
    const rest = await h.ok<ListReply>(
      learning,
      'listArticles',
      { q: '调解', limit: 100, cursor: first.nextCursor },
      { as: villager },
    );
    expect([...first.items, ...rest.items].map((i) => i.articleId)).toEqual(
      all.items.map((i) => i.articleId),
    );
    const bad = await h.call(
      learning,
      'listArticles',
      { q: '调解', cursor: 'abc' },
      { as: villager },
    );
    expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
    const foreign = await h.call(
      learning,
      'listArticles',
      { cursor: first.nextCursor },
      { as: villager },
    );
    expect(errorOf(foreign).details?.fields?.[0]?.field).toBe('cursor');
  });

  it('lets anyone read published articles without signing in, once the town is named', async () => {
    const id = sampleArticleId(town.townId, 'support-parents');
    const article = await h.ok<ArticleView>(
      learning,
      'getArticle',
      { articleId: id },
      { as: null },
    );
    expect(article.title).toContain('王大爷');
    expect(article.body).toContain('法律依据');
    expect(article.myProgress).toBeNull();
    const listed = await h.ok<ListReply>(
      learning,
      'listArticles',
      { townId: town.townId },
      { as: null },
    );
    expect(listed.items.length).toBe(SAMPLE_ARTICLES.length);
    const noTown = await h.call(learning, 'listArticles', {}, { as: null });
    const error = errorOf(noTown);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.fields?.[0]).toMatchObject({ field: 'townId' });
    expect(error.message).toMatch(/镇/);
  });

  it('does not show another town its articles by default', async () => {
    await createTestTown(h.store, 'town-b');
    const other = await h.ok<ListReply>(
      learning,
      'listArticles',
      { townId: 'town-b' },
      { as: null },
    );
    expect(other.items).toEqual([]);
  });
});

describe('reading progress', () => {
  it('only moves forward and records when the article was finished', async () => {
    const { villager } = town.people;
    const articleId = otherIds()[0]!;
    const mark = (progress: number) =>
      h.ok<MarkReadReply>(learning, 'markRead', { articleId, progress }, { as: villager });
    expect((await mark(60)).progress).toBe(60);
    const back = await mark(30);
    expect(back).toMatchObject({ progress: 60, completedAt: null });
    h.clock.advance(60_000);
    const done = await mark(100);
    expect(done.progress).toBe(100);
    expect(done.completedAt).toBe(h.ctx.clock.nowIso());
    h.clock.advance(60_000);
    const again = await mark(40);
    expect(again).toMatchObject({ progress: 100, completedAt: done.completedAt });
    const listed = await h.ok<ListReply>(learning, 'listArticles', {}, { as: villager });
    expect(listed.items.find((i) => i.articleId === articleId)?.myProgress).toBe(100);
  });

  it('refuses progress on an article that is not published or does not exist', async () => {
    const reply = await h.call(
      learning,
      'markRead',
      { articleId: 'no-such-article', progress: 10 },
      { as: town.people.villager },
    );
    expect(errorOf(reply).code).toBe('NOT_FOUND');
    const anonymous = await h.call(
      learning,
      'markRead',
      { articleId: pathIds()[0], progress: 10 },
      { as: null },
    );
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('refuses bad input with a Chinese message naming the field, and stores nothing', async () => {
    const { villager } = town.people;
    const before = await h.store.count('reading_progress', { accountId: villager._id });
    const reply = await h.call(
      learning,
      'markRead',
      { articleId: pathIds()[0], progress: 150 },
      { as: villager },
    );
    const error = errorOf(reply);
    expect(error.code).toBe('VALIDATION_FAILED');
    const field = error.details?.fields?.[0];
    expect(field?.field).toBe('progress');
    expect(field?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await h.store.count('reading_progress', { accountId: villager._id })).toBe(before);
  });

  it('shows the reader the reading path, what they finished and what they read lately', async () => {
    const { villager } = town.people;
    const [first] = pathIds();
    await h.ok(learning, 'markRead', { articleId: first, progress: 100 }, { as: villager });
    await h.ok(learning, 'markRead', { articleId: otherIds()[0], progress: 20 }, { as: villager });
    const mine = await h.ok<MyProgressReply>(learning, 'myProgress', {}, { as: villager });
    expect(mine.path.total).toBe(pathIds().length);
    expect(mine.path.completed).toBe(1);
    expect(mine.path.complete).toBe(false);
    expect(mine.path.steps.find((s) => s.articleId === first)?.progress).toBe(100);
    expect(mine.recent.map((r) => r.articleId).sort()).toEqual([first, otherIds()[0]].sort());
    expect(mine.household).toEqual({ qualified: false });
  });
});

describe('一户一法德明白人', () => {
  const household = () => `${town.townId}-hh1`;

  async function readAll(account: { _id: string }, ids: readonly string[]) {
    const replies: MarkReadReply[] = [];
    for (const articleId of ids) {
      replies.push(
        await h.ok<MarkReadReply>(
          learning,
          'markRead',
          { articleId, progress: 100 },
          { as: account },
        ),
      );
    }
    return replies;
  }

  it('counts a household once one member finishes the whole path, and not before', async () => {
    const { villager } = town.people;
    const village = town.villages[0]![0]!._id;
    const son = await addVillager(h.store, town.townId, 'son', '王小军', village, household());
    const path = pathIds();
    // The mother reads all but one; the son reads the other half: nobody has finished.
    await readAll(villager, path.slice(0, -1));
    await readAll(son, path.slice(-1));
    const notYet = await h.ok<HouseholdReply>(learning, 'householdStatus', {}, { as: villager });
    expect(notYet.household?.qualified).toBe(false);
    expect(notYet.household?.mingbairenName).toBeNull();
    expect(await h.store.get('household_status', household())).toBeNull();

    const last = await readAll(villager, path.slice(-1));
    expect(last[0]).toMatchObject({ pathComplete: true, householdQualified: true });
    const status = await h.ok<HouseholdReply>(learning, 'householdStatus', {}, { as: son });
    expect(status.household).toMatchObject({
      householdId: household(),
      qualified: true,
      mingbairenName: villager.name,
      pathTotal: path.length,
    });
    expect(status.household?.members).toEqual(
      expect.arrayContaining([
        {
          name: villager.name,
          isMe: false,
          completed: path.length,
          total: path.length,
          complete: true,
        },
        { name: son.name, isMe: true, completed: 1, total: path.length, complete: false },
      ]),
    );
    // Names only: no member's phone in the reply.
    const json = JSON.stringify(status);
    expect(json).not.toContain(villager.phone!);
    expect(json).not.toContain(son.phone!);
    const events = await h.store.query('audit_events', {
      where: { subjectType: 'account', subjectId: villager._id },
    });
    expect(events.docs.map((e) => e.action)).toEqual(['mingbairen_achieved']);
  });

  it('tells a villager without a household to ask the grid worker', async () => {
    const reply = await h.ok<HouseholdReply>(learning, 'householdStatus', null, {
      as: town.people.neighbour,
    });
    expect(reply.household).toBeNull();
    expect(reply.hint).toContain('网格员');
  });

  it('follows a path the town set as a rule instead of the flagged articles', async () => {
    const { villager } = town.people;
    const chosen = [otherIds()[0]!, otherIds()[1]!];
    await saveTownRules(h.store, town.townId, 'learning_path', { articleIds: chosen });
    const replies = await readAll(villager, chosen);
    expect(replies.map((r) => r.pathComplete)).toEqual([false, true]);
    expect(replies[1]!.householdQualified).toBe(true);
  });

  it('shows the centre coverage by village: qualifying households over households', async () => {
    const { villager, centre } = town.people;
    const far = town.villages[1]![2]!;
    const farMember = await addVillager(
      h.store,
      town.townId,
      'far-hh',
      '赵大娘',
      far._id,
      'hh-far',
    );
    await readAll(villager, pathIds());
    await readAll(farMember, pathIds());
    const report = await h.ok<CoverageReply>(learning, 'coverage', {}, { as: centre });
    expect(report.villages).toHaveLength(6);
    const row = (id: string) => report.villages.find((v) => v.gridNodeId === id);
    expect(row(town.villages[0]![0]!._id)).toMatchObject({
      households: 120,
      qualified: 1,
      rate: 0.8,
    });
    expect(row(far._id)).toMatchObject({ qualified: 1, communityName: '西岭新村' });
    expect(row(town.villages[0]![1]!._id)).toMatchObject({ qualified: 0, rate: 0 });
    expect(report.totals).toEqual({ households: 720, qualified: 2, rate: 0.3 });

    const community = await h.ok<CoverageReply>(
      learning,
      'coverage',
      { gridNodeId: town.communities[1]!._id },
      { as: centre },
    );
    expect(community.villages.map((v) => v.gridNodeId)).toEqual(
      town.villages[1]!.map((v) => v._id),
    );
    expect(community.totals.qualified).toBe(1);
  });

  it('lets a grid worker see coverage of their own village only, and no villager', async () => {
    const { villageGridWorker, villager, centre } = town.people;
    const own = await h.ok<CoverageReply>(
      learning,
      'householdStatus',
      { gridNodeId: town.villages[0]![0]!._id },
      { as: villageGridWorker },
    );
    expect(own.villages.map((v) => v.gridNodeId)).toEqual([town.villages[0]![0]!._id]);
    const other = await h.call(
      learning,
      'householdStatus',
      { gridNodeId: town.villages[1]![0]!._id },
      { as: villageGridWorker },
    );
    expect(errorOf(other).code).toBe('FORBIDDEN');
    const asVillager = await h.call(
      learning,
      'householdStatus',
      { gridNodeId: town.villages[0]![0]!._id },
      { as: villager },
    );
    expect(errorOf(asVillager).code).toBe('FORBIDDEN');
    const byVillager = await h.call(learning, 'coverage', {}, { as: villager });
    expect(errorOf(byVillager).code).toBe('FORBIDDEN');
    const unknown = await h.call(learning, 'coverage', { gridNodeId: 'nowhere' }, { as: centre });
    expect(errorOf(unknown).code).toBe('NOT_FOUND');
  });
});
