import type { Result } from '../kernel/result';
import { parseInput } from '../validation/parse';
import {
  ARTICLE_CATEGORY_LABELS,
  articleSchema,
  getArticleInputSchema,
  householdStatusInputSchema,
  householdStatusSchema,
  lectureSchema,
  lectureSignUpSchema,
  listArticlesInputSchema,
  listLecturesInputSchema,
  markReadInputSchema,
  myProgressInputSchema,
  publishArticleInputSchema,
  readingProgressSchema,
  signUpLectureInputSchema,
} from './learning.schema';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

const stored = {
  townId: 'xiaodian',
  createdAt: '2025-03-08T09:00:00+08:00',
  updatedAt: '2025-03-08T09:00:00+08:00',
  _version: 0,
};

describe('articles', () => {
  const article = { category: 'case_story', title: '宅基地纠纷怎么办', body: '老张和老李……' };

  test('three columns: 以案释法, 法律常识, 政策解读', () => {
    expect(Object.values(ARTICLE_CATEGORY_LABELS)).toEqual(['以案释法', '法律常识', '政策解读']);
  });

  test('publishArticle: publishes by default; title and body are required', () => {
    expect(parseInput(publishArticleInputSchema, article)).toMatchObject({
      ok: true,
      value: { publish: true, tags: [], inReadingPath: false },
    });
    expect(
      fields(parseInput(publishArticleInputSchema, { category: 'gossip', title: '', body: '' })),
    ).toEqual([
      { field: 'category', message: '栏目：请选择一项' },
      { field: 'title', message: '标题：请填写此项' },
      { field: 'body', message: '正文：请填写此项' },
    ]);
    expect(
      fields(parseInput(publishArticleInputSchema, { ...article, title: '长'.repeat(61) })),
    ).toEqual([{ field: 'title', message: '标题：最多 60 个字' }]);
  });

  test('a stored article records status and author', () => {
    const stored_ = {
      ...stored,
      _id: 'a-1',
      ...article,
      status: 'published',
      authorId: 'admin-1',
      publishedAt: stored.createdAt,
    };
    expect(parseInput(articleSchema, stored_).ok).toBe(true);
    expect(fields(parseInput(articleSchema, { ...stored_, status: 'lost' }))[0]?.field).toBe(
      'status',
    );
  });

  test('list, get and reading progress inputs', () => {
    expect(parseInput(listArticlesInputSchema, { category: 'policy', q: '低保' }).ok).toBe(true);
    expect(fields(parseInput(listArticlesInputSchema, { q: '字'.repeat(31) }))).toEqual([
      { field: 'q', message: '搜索内容：最多 30 个字' },
    ]);
    expect(parseInput(getArticleInputSchema, { articleId: 'a-1' }).ok).toBe(true);
    expect(parseInput(markReadInputSchema, { articleId: 'a-1', progress: 100 }).ok).toBe(true);
    expect(fields(parseInput(markReadInputSchema, { articleId: 'a-1', progress: 101 }))).toEqual([
      { field: 'progress', message: '阅读进度：不能大于 100' },
    ]);
    expect(
      fields(parseInput(markReadInputSchema, { articleId: 'a-1', progress: -1 }))[0]?.field,
    ).toBe('progress');
    expect(parseInput(myProgressInputSchema, undefined).ok).toBe(true);
  });

  test('stored reading progress', () => {
    const progress = {
      ...stored,
      _id: 'read:acc-1:a-1',
      accountId: 'acc-1',
      articleId: 'a-1',
      progress: 40,
    };
    expect(parseInput(readingProgressSchema, progress).ok).toBe(true);
  });
});

describe('lectures (法德讲堂)', () => {
  const lecture = {
    ...stored,
    _id: 'l-1',
    title: '农村土地承包法讲座',
    speaker: '法律顾问 王律师',
    startsAt: '2025-03-15T14:00:00+08:00',
    endsAt: '2025-03-15T16:00:00+08:00',
    place: '东新村法德讲堂',
    gridNodeId: 'c-1',
    capacity: 80,
    status: 'scheduled',
  };

  test('a lecture has a capacity and ends after it starts', () => {
    expect(parseInput(lectureSchema, lecture)).toMatchObject({ ok: true, value: { signedUp: 0 } });
    expect(fields(parseInput(lectureSchema, { ...lecture, endsAt: lecture.startsAt }))).toEqual([
      { field: 'endsAt', message: '结束时间要晚于开始时间' },
    ]);
    expect(fields(parseInput(lectureSchema, { ...lecture, capacity: 0 }))).toEqual([
      { field: 'capacity', message: '人数上限：不能小于 1' },
    ]);
  });

  test('sign-up and listing inputs', () => {
    expect(parseInput(signUpLectureInputSchema, { lectureId: 'l-1' })).toEqual({
      ok: true,
      value: { lectureId: 'l-1', cancel: false },
    });
    expect(fields(parseInput(signUpLectureInputSchema, {}))).toEqual([
      { field: 'lectureId', message: '讲堂：请填写此项' },
    ]);
    expect(parseInput(listLecturesInputSchema, { from: '2025-03-01', gridNodeId: 'c-1' }).ok).toBe(
      true,
    );
    const signUp = {
      ...stored,
      _id: 'lecture:l-1:acc-1',
      lectureId: 'l-1',
      accountId: 'acc-1',
      name: '张三',
    };
    expect(parseInput(lectureSignUpSchema, signUp).ok).toBe(true);
  });
});

describe('households (一户一法德明白人)', () => {
  test('a household with its 明白人', () => {
    const household = {
      ...stored,
      _id: 'h-1',
      gridNodeId: 'v-1',
      headName: '王大山',
      memberIds: ['acc-1', 'acc-2'],
      mingbairenAccountId: 'acc-2',
      achievedAt: '2025-03-20T10:00:00+08:00',
    };
    expect(parseInput(householdStatusSchema, household).ok).toBe(true);
  });

  test('householdStatus: nothing for my household, a node for coverage', () => {
    expect(parseInput(householdStatusInputSchema, undefined).ok).toBe(true);
    expect(parseInput(householdStatusInputSchema, { gridNodeId: 'v-1' }).ok).toBe(true);
    expect(parseInput(householdStatusInputSchema, { village: 'v-1' }).ok).toBe(false);
  });
});
