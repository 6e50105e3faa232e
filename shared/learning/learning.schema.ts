/**
 * Legal education (普法): articles (以案释法 case stories, 法律常识, 政策解读), 法德讲堂
 * lectures with sign-up, reading progress, and the household (户) status behind
 * "一户一法德明白人": a household has its 法德明白人 (one who understands law and virtue)
 * once one member completes the reading path.
 */
import { z } from 'zod';
import { entityFields } from '../validation/entity';
import {
  fileIdSchema,
  idSchema,
  instantSchema,
  localDateSchema,
  mobilePhoneSchema,
  pageFields,
  personNameSchema,
  text,
  townIdSchema,
} from '../validation/primitives';

export const ARTICLE_CATEGORIES = ['case_story', 'legal_knowledge', 'policy'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];
export const ARTICLE_CATEGORY_LABELS: Readonly<Record<ArticleCategory, string>> = {
  case_story: '以案释法',
  legal_knowledge: '法律常识',
  policy: '政策解读',
};

export const ARTICLE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const LECTURE_STATUSES = ['scheduled', 'cancelled', 'finished'] as const;
export type LectureStatus = (typeof LECTURE_STATUSES)[number];

const articleIdSchema = idSchema.meta({ label: '文章' });
const lectureIdSchema = idSchema.meta({ label: '讲堂' });
const categorySchema = z.enum(ARTICLE_CATEGORIES).meta({ label: '栏目' });

/** Reading progress in percent; 100 means read to the end. */
export const progressSchema = z.number().int().min(0).max(100).meta({ label: '阅读进度' });

/** Article body: plain text with blank-line paragraphs (no HTML, nothing to sanitise). */
export const ARTICLE_BODY_MAX = 20_000;

const articleFields = {
  category: categorySchema,
  title: text(60, '标题'),
  summary: text(200, '摘要').optional(),
  body: text(ARTICLE_BODY_MAX, '正文'),
  coverFileId: fileIdSchema.meta({ label: '封面图片' }).optional(),
  tags: z.array(text(10)).max(10).default([]).meta({ label: '标签' }),
  /** Part of the 法德明白人 reading path; a household qualifies when a member reads them all. */
  inReadingPath: z.boolean().default(false).meta({ label: '列入法德明白人学习内容' }),
};

export const articleSchema = z.object({
  ...entityFields,
  ...articleFields,
  status: z.enum(ARTICLE_STATUSES),
  publishedAt: instantSchema.optional(),
  authorId: idSchema,
  sample: z.boolean().default(false),
});
export type Article = z.infer<typeof articleSchema>;

/** A 法德讲堂 lecture (law-and-virtue lecture hall) villagers sign up for. */
export const lectureSchema = z
  .object({
    ...entityFields,
    title: text(60, '标题'),
    speaker: text(40, '主讲人'),
    description: text(1000, '内容介绍').optional(),
    startsAt: instantSchema.meta({ label: '开始时间' }),
    endsAt: instantSchema.meta({ label: '结束时间' }),
    place: text(100, '地点'),
    gridNodeId: idSchema.meta({ label: '所在网格' }),
    capacity: z.number().int().min(1).max(1000).meta({ label: '人数上限' }),
    signedUp: z.number().int().min(0).default(0),
    status: z.enum(LECTURE_STATUSES),
    sample: z.boolean().default(false),
  })
  // Only compare well-formed times: a malformed one already has its own message.
  .refine((l) => !(Date.parse(l.startsAt) >= Date.parse(l.endsAt)), {
    error: '结束时间要晚于开始时间',
    path: ['endsAt'],
  });
export type Lecture = z.infer<typeof lectureSchema>;

/** One person's sign-up; its id (`lecture:<id>:<account>`) makes signing up twice impossible. */
export const lectureSignUpSchema = z.object({
  ...entityFields,
  lectureId: lectureIdSchema,
  accountId: idSchema,
  name: personNameSchema,
  phone: mobilePhoneSchema.optional(),
  attended: z.boolean().optional(),
  cancelledAt: instantSchema.optional(),
});
export type LectureSignUp = z.infer<typeof lectureSignUpSchema>;

/** How far one person has read one article; id `<account>:<article>`. */
export const readingProgressSchema = z.object({
  ...entityFields,
  accountId: idSchema,
  articleId: articleIdSchema,
  householdId: idSchema.optional(),
  progress: progressSchema,
  completedAt: instantSchema.optional(),
});
export type ReadingProgress = z.infer<typeof readingProgressSchema>;

/** A household's 法德明白人 status, for the villager and for coverage by village. */
export const householdStatusSchema = z.object({
  ...entityFields,
  gridNodeId: idSchema,
  headName: personNameSchema.meta({ label: '户主姓名' }),
  memberIds: z.array(idSchema).max(30),
  /** The member who completed the reading path, once someone has. */
  mingbairenAccountId: idSchema.optional(),
  achievedAt: instantSchema.optional(),
});
export type HouseholdStatus = z.infer<typeof householdStatusSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (learning function).

/**
 * `listArticles`: by column and/or a few words to search for. Reading is open to anyone
 * (普法 is public); an anonymous reader names the town, a signed-in one reads their own.
 */
export const listArticlesInputSchema = z.strictObject({
  townId: townIdSchema.optional(),
  category: categorySchema.optional(),
  q: text(30, '搜索内容').optional(),
  ...pageFields,
});

/** `getArticle`. */
export const getArticleInputSchema = z.strictObject({ articleId: articleIdSchema });

/** `markRead`: how far the reader got; progress only ever moves forward in the store. */
export const markReadInputSchema = z.strictObject({
  articleId: articleIdSchema,
  progress: progressSchema,
});

/** `myProgress`: the caller's reading path and household status; no input. */
export const myProgressInputSchema = z.strictObject({}).nullish();

/**
 * `householdStatus`: without a node, the caller's own household; with one (centre, grid
 * worker), coverage of the households under that node.
 */
export const householdStatusInputSchema = z
  .strictObject({ gridNodeId: idSchema.meta({ label: '村或网格' }).optional(), ...pageFields })
  .nullish();

/** `listLectures`: upcoming lectures, optionally between two days or near a node. */
export const listLecturesInputSchema = z.strictObject({
  townId: townIdSchema.optional(),
  from: localDateSchema.meta({ label: '开始日期' }).optional(),
  to: localDateSchema.meta({ label: '结束日期' }).optional(),
  gridNodeId: idSchema.meta({ label: '村或网格' }).optional(),
  ...pageFields,
});

/** `signUpLecture`: sign up, or withdraw a sign-up with `cancel: true`. */
export const signUpLectureInputSchema = z.strictObject({
  lectureId: lectureIdSchema,
  cancel: z.boolean().default(false),
});

/** `cancelSignUp`: withdraw one's own sign-up, freeing the seat. */
export const cancelSignUpInputSchema = z.strictObject({ lectureId: lectureIdSchema });

/** `coverage` (centre): 法德明白人 coverage by village, of the town or under one node. */
export const coverageInputSchema = z
  .strictObject({ gridNodeId: idSchema.meta({ label: '村或网格' }).optional() })
  .nullish();

/** `publishArticle` (admin): create (no `articleId`) or update, and publish or keep as draft. */
export const publishArticleInputSchema = z.strictObject({
  articleId: articleIdSchema.optional(),
  ...articleFields,
  publish: z.boolean().default(true).meta({ label: '立即发布' }),
});
export type PublishArticleInput = z.infer<typeof publishArticleInputSchema>;
