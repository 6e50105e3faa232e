/**
 * A new town gets sample 普法 content: at least twelve articles across the three columns that
 * fit the shared article schema and pass the content check, and 法德讲堂 lectures in the
 * coming weeks. Seeding twice changes nothing.
 */
import {
  ARTICLE_CATEGORIES,
  articleSchema,
  lectureSchema,
} from '../../shared/learning/learning.schema';
import { createWordListCheck } from '../../functions/adapters/local/content-check';
import {
  SAMPLE_ARTICLES,
  sampleArticleRecord,
  sampleBody,
  seedSampleArticles,
} from '../../functions/learning/seed-sample-articles';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { createTestTown } from '../factories/town';

describe('sample articles', () => {
  it('has at least twelve, in every column, with unique ids', () => {
    expect(SAMPLE_ARTICLES.length).toBeGreaterThanOrEqual(12);
    for (const category of ARTICLE_CATEGORIES) {
      expect(SAMPLE_ARTICLES.some((a) => a.category === category)).toBe(true);
    }
    expect(new Set(SAMPLE_ARTICLES.map((a) => a.slug)).size).toBe(SAMPLE_ARTICLES.length);
  });

  it.each(SAMPLE_ARTICLES.map((a) => [a.slug, a] as const))(
    '%s fits the article schema, is flagged sample and cites what it rests on',
    (_slug, sample) => {
      const record = sampleArticleRecord('xiaodian', sample, '2025-11-17T09:00:00.000+08:00');
      const parsed = articleSchema.safeParse({ ...record, _version: 1 });
      expect(parsed.success).toBe(true);
      expect(record.sample).toBe(true);
      const body = sampleBody(sample);
      const chars = body.replace(/\s/g, '').length;
      expect(chars).toBeGreaterThanOrEqual(300);
      expect(chars).toBeLessThanOrEqual(700);
      expect(body).toMatch(/(法律依据|政策依据)：.+。$/);
    },
  );

  it('all pass the content check', async () => {
    const check = createWordListCheck();
    for (const sample of SAMPLE_ARTICLES) {
      for (const text of [sample.title, sample.summary, sampleBody(sample), ...sample.tags]) {
        expect((await check.checkText({ text, accountId: null, field: 'body' })).ok).toBe(true);
      }
    }
  });

  it('covers the topics a villager meets', () => {
    const all = SAMPLE_ARTICLES.map((a) => `${a.title}${a.text}`).join('\n');
    for (const topic of [
      '赡养',
      '遗嘱',
      '承包地',
      '排水',
      '柴草',
      '退款',
      '三资',
      '大嫂',
      '司法确认',
      '公益诉讼',
      '法律援助',
      '夕阳红',
    ]) {
      expect(all).toContain(topic);
    }
  });
});

describe('seeding a town', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.close());

  it('adds the articles and three lectures in the coming weeks, once', async () => {
    const town = await createTestTown(h.store);
    const first = await seedSampleArticles(h.ctx, town.townId);
    expect(first).toEqual({ articlesAdded: SAMPLE_ARTICLES.length, lecturesAdded: 3 });
    const again = await seedSampleArticles(h.ctx, town.townId);
    expect(again).toEqual({ articlesAdded: 0, lecturesAdded: 0 });
    expect(await h.store.count('articles', { townId: town.townId, status: 'published' })).toBe(
      SAMPLE_ARTICLES.length,
    );
    const lectures = await h.store.query('lectures', { where: { townId: town.townId } });
    const now = h.ctx.clock.nowMs();
    for (const doc of lectures.docs) {
      const lecture = lectureSchema.parse(doc);
      expect(lecture.sample).toBe(true);
      expect(lecture.gridNodeId).toBe(town.town._id);
      const days = (Date.parse(lecture.startsAt) - now) / 86_400_000;
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThan(28);
    }
  });

  it('adds articles only for a town with no grid yet', async () => {
    const result = await seedSampleArticles(h.ctx, 'empty-town');
    expect(result).toEqual({ articlesAdded: SAMPLE_ARTICLES.length, lecturesAdded: 0 });
  });
});
