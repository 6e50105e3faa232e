/**
 * Concerns (说事/诉求): what a villager raises at the 百姓说事点 (citizens' talk point), and
 * every action on one, after the hotline's "分类处理、限时办结、督办回访、办结归档".
 *
 * Anonymity: a concern is never anonymous to staff. The handler must call back, the loop
 * closes with the villager's own rating (回访 return visit), and a rejection's reason goes
 * to someone. A villager may instead ask for confidentiality (`confidential`, 保密): their
 * name and phone are then shown only to the assignee and the centre — never in "similar
 * concerns nearby", never to a department or the other party. Whoever must stay unknown
 * (reporting a public-interest wrong) uses the clue channel, which has anonymous tracking
 * codes. Sending `anonymous` is refused as an unknown field, so a client cannot believe it
 * filed anonymously when it did not.
 */
import { keywordModelSchema } from './keywords';
import { z } from 'zod';
import { CLUE_DOMAIN_CODES } from '../clue/clue.catalog';
import { DEPARTMENT_CODES } from '../grid/departments.catalog';
import { DISPUTE_TYPE_CODES } from '../mediation/mediation.catalog';
import { dueRuleSchema } from '../calendar/deadlines';
import { entityFields } from '../validation/entity';
import {
  contactPhoneSchema,
  coordinatesSchema,
  fileIdListSchema,
  idSchema,
  instantSchema,
  pageFields,
  personNameSchema,
  text,
  visibleString,
} from '../validation/primitives';
import { CONCERN_KINDS, CONCERN_TOPICS } from './concern.kinds';
import { CONCERN_STATUSES } from './concern.status';

export const concernIdSchema = idSchema.meta({ label: '说事编号' });
const kindSchema = z.enum(CONCERN_KINDS).meta({ label: '类别' });
const topicSchema = z.enum(CONCERN_TOPICS).meta({ label: '方面' });
const statusSchema = z.enum(CONCERN_STATUSES).meta({ label: '状态' });

/** Where it happened: the grid node (village, street, lane), and optionally words and a map point. */
export const placeSchema = z
  .object({
    gridNodeId: idSchema.meta({ label: '所在村或网格' }),
    text: text(100, '具体位置').optional(),
    coordinates: coordinatesSchema.optional(),
  })
  .meta({ label: '地点' });
export type Place = z.infer<typeof placeSchema>;

/** Concern text: a few words at least, so the handler knows what it is about. */
export const CONCERN_TEXT_MIN = 5;
export const CONCERN_TEXT_MAX = 2000;
const concernTextSchema = visibleString()
  .trim()
  .min(1)
  .min(CONCERN_TEXT_MIN, { error: `请多写几句，至少 ${CONCERN_TEXT_MIN} 个字` })
  .max(CONCERN_TEXT_MAX)
  .meta({ label: '说事内容' });

/** The villager a grid worker files for (代办). */
const onBehalfOfFields = {
  villagerName: personNameSchema.meta({ label: '村民姓名' }),
  /** Set when the villager has an account (e.g. registered by proxy); they are then the reporter. */
  villagerAccountId: idSchema.meta({ label: '村民账号' }).optional(),
  villagerPhone: contactPhoneSchema.meta({ label: '村民联系电话' }).optional(),
};

/** Filed on behalf of (代办): the grid worker who filed it and the villager it is for. */
export const onBehalfOfSchema = z
  .object({ filedBy: idSchema.meta({ label: '代办人' }), ...onBehalfOfFields })
  .meta({ label: '代办' });

export const RATING_RESULTS = ['resolved', 'partly', 'unresolved'] as const;
export type RatingResult = (typeof RATING_RESULTS)[number];
export const RATING_LABELS: Readonly<Record<RatingResult, string>> = {
  resolved: '已解决',
  partly: '部分解决',
  unresolved: '未解决',
};
/** Answers to the return visit (回访) that reopen the concern. */
export const REOPENING_RATINGS: readonly RatingResult[] = ['partly', 'unresolved'];

export const TRANSFER_TARGETS = ['department', 'mediation', 'petition', 'clue'] as const;
export type TransferTarget = (typeof TRANSFER_TARGETS)[number];
export const TRANSFER_TARGET_LABELS: Readonly<Record<TransferTarget, string>> = {
  department: '转部门办理',
  mediation: '转调解',
  petition: '转信访办（访调对接）',
  clue: '转公益诉讼线索（检察院）',
};

/** Where a transferred concern goes; what is needed depends on the target. */
export const transferTargetSchema = z
  .discriminatedUnion(
    'to',
    [
      z.strictObject({
        to: z.literal('department'),
        departmentId: z.enum(DEPARTMENT_CODES).meta({ label: '部门' }),
      }),
      z.strictObject({
        to: z.literal('mediation'),
        disputeType: z.enum(DISPUTE_TYPE_CODES).meta({ label: '纠纷类型' }),
        roomId: idSchema.meta({ label: '调解室' }).optional(),
      }),
      z.strictObject({ to: z.literal('petition') }),
      z.strictObject({
        to: z.literal('clue'),
        domain: z.enum(CLUE_DOMAIN_CODES, { error: '请选择线索领域' }).meta({ label: '线索领域' }),
        /**
         * The villager agreed to be named to the prosecutor (asked by the sender). Without it
         * the clue is anonymous and the villager follows it by its tracking code.
         */
        reporterConsent: z.boolean().default(false).meta({ label: '村民同意实名' }),
      }),
    ],
    { error: '请选择转给哪里' },
  )
  .meta({ label: '转办去向' });
export type TransferTargetInput = z.infer<typeof transferTargetSchema>;

export const REJECT_REASONS = [
  'duplicate',
  'out_of_jurisdiction',
  'not_actionable',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Readonly<Record<RejectReason, string>> = {
  duplicate: '重复反映',
  out_of_jurisdiction: '不属于本镇管辖',
  not_actionable: '无法办理',
  other: '其他原因',
};

/** Extensions an assignee may ask for, each within the limit the villager is told. */
export const MAX_EXTENSION_WORKING_DAYS = 10;

const extensionSchema = z.object({
  requestedAt: instantSchema,
  requestedBy: idSchema,
  reason: text(500, '延期理由'),
  workingDays: z.number().int().min(1).max(MAX_EXTENSION_WORKING_DAYS),
  previousDueAt: instantSchema,
  newDueAt: instantSchema,
});

/** How a concern came in; stats count channels, and the 123 hotline records calls. */
export const CONCERN_CHANNELS = ['miniapp', 'hotline', 'grid_worker', 'open311'] as const;
export type ConcernChannel = (typeof CONCERN_CHANNELS)[number];

export const ESCALATION_LEVELS = [0, 1, 2] as const;
/** 0: with the assignee; 1: the community supervises; 2: the centre supervises (督办). */
export const ESCALATION_LEVEL_LABELS: readonly string[] = ['未督办', '新村督办', '中心督办'];

export const concernSchema = z.object({
  ...entityFields,
  kind: kindSchema,
  topic: topicSchema,
  text: concernTextSchema,
  photos: fileIdListSchema,
  place: placeSchema,
  emergency: z.boolean(),
  /** The account told of every step and asked to rate (for 代办 without an account: the filer). */
  reporterId: idSchema,
  confidential: z.boolean().default(false),
  onBehalfOf: onBehalfOfSchema.nullable().default(null),
  channel: z.enum(CONCERN_CHANNELS).default('miniapp'),
  status: statusSchema,
  assigneeId: idSchema.nullable(),
  /** Set while a department holds it after a transfer. */
  departmentId: z.enum(DEPARTMENT_CODES).optional(),
  /** Deadline (限时办结); null before routing sets it. */
  dueAt: instantSchema.nullable(),
  /**
   * What the deadline is counted from (submission, reopening, extensions), so a change of the
   * town's holiday table counts it again; absent on concerns stored before it was kept.
   */
  dueRule: dueRuleSchema.optional(),
  escalationLevel: z.number().int().min(0).max(2).default(0),
  /** Flagged by the deadlines sweep once the current deadline is near (its assignee was told). */
  nearDue: z.boolean().optional(),
  extensions: z.array(extensionSchema).max(10).default([]),
  resolution: z
    .object({
      note: text(1000),
      photos: fileIdListSchema,
      resolvedAt: instantSchema,
      resolvedBy: idSchema,
    })
    .optional(),
  transfer: z
    .object({ target: transferTargetSchema, note: text(500), at: instantSchema, by: idSchema })
    .optional(),
  rejection: z
    .object({
      reasonCode: z.enum(REJECT_REASONS),
      reason: text(500),
      duplicateOf: idSchema.optional(),
      at: instantSchema,
      by: idSchema,
    })
    .optional(),
  rating: z
    .object({ result: z.enum(RATING_RESULTS), comment: text(500).optional(), at: instantSchema })
    .optional(),
  reopenCount: z.number().int().min(0).default(0),
  /** Records this concern became, so its history follows it (一口受理、多路分流). */
  links: z
    .object({
      bookingId: idSchema.optional(),
      clueId: idSchema.optional(),
      /** The petition office's own reference (信访件编号); petitions live outside this system. */
      petitionRef: text(64).optional(),
    })
    .default({}),
  /** Villagers who joined this concern instead of filing the same thing twice. */
  followerIds: z.array(idSchema).max(500).default([]),
});
export type Concern = z.infer<typeof concernSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (concern function).

/** `submit`: raise a concern (or file one on a villager's behalf, 代办, as staff). */
export const submitConcernInputSchema = z.strictObject({
  kind: kindSchema,
  topic: topicSchema.default('other'),
  text: concernTextSchema,
  photos: fileIdListSchema.default([]),
  place: placeSchema,
  emergency: z.boolean().default(false).meta({ label: '紧急' }),
  confidential: z.boolean().default(false).meta({ label: '保密' }),
  /** 代办: staff name the villager; the filer is the caller, so `filedBy` is not sent. */
  onBehalfOf: z.strictObject(onBehalfOfFields).meta({ label: '代办' }).optional(),
});
export type SubmitConcernInput = z.infer<typeof submitConcernInputSchema>;

/** `listMine`: a villager's own concerns. */
export const listMyConcernsInputSchema = z.strictObject({
  status: statusSchema.optional(),
  ...pageFields,
});

/** `get`, `accept`, `start`, `join` (我也遇到了: join a similar open concern): by id only. */
export const concernRefInputSchema = z.strictObject({ concernId: concernIdSchema });
export type ConcernRefInput = z.infer<typeof concernRefInputSchema>;
/** `get`: by id; the assignee or the centre may ask for the reporter's full phone (audited). */
export const getConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  revealPhone: z.boolean().default(false).meta({ label: '查看完整电话' }),
});
export const acceptConcernInputSchema = concernRefInputSchema;
export const startConcernInputSchema = concernRefInputSchema;
/**
 * `join` (我也遇到了): follow a similar open concern instead of filing the same thing twice.
 * `near` is where the joiner says it happens (the place on their form); without it, their
 * own village. Either must be near the concern (shared/grid/nearby.ts).
 */
export const joinConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  near: z
    .strictObject({
      gridNodeId: idSchema.meta({ label: '所在村或网格' }),
      coordinates: coordinatesSchema.optional(),
    })
    .optional()
    .meta({ label: '地点' }),
});
export type JoinConcernInput = z.infer<typeof joinConcernInputSchema>;
/** `leave`: stop following a concern one joined. */
export const leaveConcernInputSchema = concernRefInputSchema;
/** `listFollowed`: the concerns one joined (我关注的), newest first. */
export const listFollowedInputSchema = z.strictObject({ ...pageFields });

/** `suggest`: the kind and topic the town's keyword model reads in the words typed so far. */
export const suggestConcernInputSchema = z.strictObject({
  text: z.string().max(2000, { error: '说事内容最多2000字' }).meta({ label: '说事内容' }),
});
export type SuggestConcernInput = z.infer<typeof suggestConcernInputSchema>;

/**
 * `evaluateKeywords`: how often the town's model (or `model`, a draft being tuned) agrees with
 * the kinds and topics of the town's recent concerns.
 */
export const evaluateKeywordsInputSchema = z.strictObject({
  model: keywordModelSchema.optional().meta({ label: '关键词模型' }),
});
export type EvaluateKeywordsInput = z.infer<typeof evaluateKeywordsInputSchema>;

/** `similarOpen`: open concerns of one topic in a village, so a villager can join one. */
export const similarOpenInputSchema = z.strictObject({
  gridNodeId: idSchema.meta({ label: '所在村或网格' }),
  coordinates: coordinatesSchema.optional(),
  topic: topicSchema,
});
export type SimilarOpenInput = z.infer<typeof similarOpenInputSchema>;

/** `listAssigned`: a staff member's work, filtered. */
export const listAssignedConcernsInputSchema = z.strictObject({
  status: statusSchema.optional(),
  kind: kindSchema.optional(),
  /** A village (or any grid node: everything under it). */
  gridNodeId: idSchema.meta({ label: '村或网格' }).optional(),
  overdue: z.boolean().optional().meta({ label: '只看超期' }),
  ...pageFields,
});
export type ListAssignedConcernsInput = z.infer<typeof listAssignedConcernsInputSchema>;

/** `resolve`: what was done, with optional photos; the villager reads the note. */
export const resolveConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  note: text(1000, '办理结果'),
  photos: fileIdListSchema.default([]),
});

/** `transfer`: hand it to a department, mediation, the petition office or the prosecutor. */
export const transferConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  target: transferTargetSchema,
  note: text(500, '转办说明'),
});
export type TransferConcernInput = z.infer<typeof transferConcernInputSchema>;

/** `reject`: with a reason the villager sees; a duplicate names the concern it repeats. */
export const rejectConcernInputSchema = z
  .strictObject({
    concernId: concernIdSchema,
    reasonCode: z.enum(REJECT_REASONS).meta({ label: '不予受理的原因' }),
    reason: text(500, '给村民的说明'),
    duplicateOf: concernIdSchema.meta({ label: '重复的说事编号' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.reasonCode === 'duplicate' && input.duplicateOf === undefined) {
      ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: '请填写与哪一件重复' });
    }
  });

/** `requestExtension`: before the deadline, with a reason the villager sees. */
export const requestExtensionInputSchema = z.strictObject({
  concernId: concernIdSchema,
  reason: text(500, '延期理由'),
  workingDays: z
    .number()
    .int()
    .min(1)
    .max(MAX_EXTENSION_WORKING_DAYS)
    .meta({ label: '延期天数（工作日）' }),
});

/** `rate`: the villager's one-tap answer to the return visit (回访). */
export const rateConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  result: z.enum(RATING_RESULTS).meta({ label: '办理结果' }),
  comment: text(500, '意见').optional(),
});

/** `supervise` (督办): the centre or community presses the assignee. */
export const superviseConcernInputSchema = z.strictObject({
  concernId: concernIdSchema,
  note: text(500, '督办意见'),
});
