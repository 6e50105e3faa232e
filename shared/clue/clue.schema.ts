/**
 * Public-interest clues (公益诉讼线索): what a villager saw, where and when, with evidence,
 * sent to the prosecutor liaison (检察联络员) and verified on the spot by the grid worker
 * (核实, the "千里眼、顺风耳"). Each review step is fed back to the reporter, and two
 * deadlines are kept (件件有回复): a procedural reply within 7 working days, a result or
 * progress within 3 months.
 *
 * Anonymity: an anonymous clue stores no account at all — not even the caller's — and is
 * followed only by its tracking code (查询码), so no query can tie it to a person. A named
 * reporter gives name and phone; their identity is shown to prosecutors only, never to
 * grid workers (the reply mappers enforce that).
 */
import { z } from 'zod';
import { isValidCode, normalizeCode } from '../validation/codes';
import { entityFields } from '../validation/entity';
import {
  coordinatesSchema,
  fileIdListSchema,
  idSchema,
  instantSchema,
  localDateSchema,
  mobilePhoneSchema,
  pageFields,
  personNameSchema,
  text,
  timeOfDaySchema,
  visibleString,
} from '../validation/primitives';
import { CLUE_DOMAIN_CODES, TRACKING_CODE_LENGTH } from './clue.catalog';
import type { ClueAction } from './clue.machine';
import { CLUE_STATUSES } from './clue.status';

const clueIdSchema = idSchema.meta({ label: '线索编号' });
const domainSchema = z.enum(CLUE_DOMAIN_CODES).meta({ label: '线索领域' });
const statusSchema = z.enum(CLUE_STATUSES).meta({ label: '状态' });

/**
 * Tracking code (查询码): 12 characters from `23456789ABCDEFGHJKLMNPQRSTUVWXYZ` (no 0/O/1/I),
 * the last a check character; shown grouped as `ABCD-EFGH-JKLM`. Typed in any case, with
 * or without dashes and spaces; a typo fails here, before any lookup.
 */
export const trackingCodeSchema = z
  .string()
  .overwrite(normalizeCode)
  .min(1)
  .refine((code) => isValidCode(code, TRACKING_CODE_LENGTH), {
    error: `查询码是 ${TRACKING_CODE_LENGTH} 位字母和数字，请核对后重新输入`,
  })
  .meta({ label: '查询码' });

/** Where it was seen: words (required: a villager knows the place by name), a node, a map point. */
export const cluePlaceSchema = z
  .object({
    text: text(100, '具体地点'),
    gridNodeId: idSchema.meta({ label: '所在村或网格' }),
    coordinates: coordinatesSchema.optional(),
  })
  .meta({ label: '地点' });

/** When it was seen: a day, optionally a time, and words for "every night for a month". */
export const clueWhenSchema = z
  .object({
    date: localDateSchema.meta({ label: '发现日期' }),
    time: timeOfDaySchema.meta({ label: '大概时间' }).optional(),
    ongoing: z.boolean().default(false).meta({ label: '现在还在发生' }),
    note: text(100, '时间说明').optional(),
  })
  .meta({ label: '发现时间' });

/** The party involved, if known: a company's or person's name, and what identifies them. */
export const cluePartySchema = z
  .object({
    name: text(60, '单位或个人名称').optional(),
    description: text(200, '有关情况').optional(),
  })
  .meta({ label: '涉及的单位或个人' });

const seenSchema = visibleString()
  .trim()
  .min(1)
  .min(5, { error: '请多写几句，至少 5 个字' })
  .max(2000)
  .meta({ label: '看到的情况' });

/** Anonymous, or named with name and phone (so the prosecutor can call back). */
const reporterInputSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('anonymous') }),
      z.strictObject({
        kind: z.literal('named'),
        name: personNameSchema,
        phone: mobilePhoneSchema,
      }),
    ],
    { error: '请选择匿名还是实名' },
  )
  .meta({ label: '举报人' });

export const clueReporterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({
    kind: z.literal('named'),
    name: personNameSchema,
    phone: mobilePhoneSchema,
    accountId: idSchema.optional(),
  }),
]);
export type ClueReporter = z.infer<typeof clueReporterSchema>;

export const VERIFICATION_FINDINGS = ['yes', 'partly', 'no'] as const;
export type VerificationFinding = (typeof VERIFICATION_FINDINGS)[number];
export const VERIFICATION_FINDING_LABELS: Readonly<Record<VerificationFinding, string>> = {
  yes: '与线索反映的一致',
  partly: '部分一致',
  no: '现场未发现所反映的情况',
};

/**
 * The clue machine's actions (clue.machine.ts) a prosecutor liaison or prosecutor takes
 * through `review`. The others have their own inputs: `reportVerification` (asked for) and
 * `recordVerification` (before anyone asked) are `verify` (the grid worker), `supplyInfo` is
 * `supplement` (the reporter).
 */
export const CLUE_REVIEW_ACTIONS = [
  'startReview',
  'requestMoreInfo',
  'requestVerification',
  'accept',
  'notAccept',
  'transfer',
] as const satisfies readonly ClueAction[];
export type ClueReviewAction = (typeof CLUE_REVIEW_ACTIONS)[number];

export const clueSchema = z.object({
  ...entityFields,
  trackingCode: trackingCodeSchema,
  domain: domainSchema,
  seen: seenSchema,
  place: cluePlaceSchema,
  when: clueWhenSchema,
  photos: fileIdListSchema,
  party: cluePartySchema.optional(),
  reporter: clueReporterSchema,
  status: statusSchema,
  liaisonId: idSchema.optional(),
  prosecutorId: idSchema.optional(),
  /** The grid worker asked to verify on the spot. */
  verifierId: idSchema.optional(),
  /** 件件有回复: both deadlines tracked, and when each reply was given. */
  deadlines: z.object({
    proceduralReplyDueAt: instantSchema,
    resultDueAt: instantSchema,
    proceduralRepliedAt: instantSchema.optional(),
    resultRepliedAt: instantSchema.optional(),
  }),
  /** Clues of the same domain near the same place, linked before the prosecutor sees them. */
  duplicateCandidates: z
    .array(
      z.object({
        clueId: idSchema,
        distanceMeters: z.number().min(0).optional(),
        reason: text(200),
      }),
    )
    .max(20)
    .default([]),
  duplicateOf: idSchema.optional(),
  verification: z
    .object({
      by: idSchema,
      findings: text(2000),
      photos: fileIdListSchema,
      foundAsDescribed: z.enum(VERIFICATION_FINDINGS),
      at: instantSchema,
    })
    .optional(),
  /** What the reporter added when asked (补充材料), oldest first. */
  supplements: z
    .array(z.object({ text: text(2000), photos: fileIdListSchema, at: instantSchema }))
    .max(20)
    .default([]),
  decision: z
    .object({
      result: z.enum(['accepted', 'not_accepted', 'transferred']),
      reason: text(1000).optional(),
      transferredTo: text(60).optional(),
      at: instantSchema,
      by: idSchema,
    })
    .optional(),
  /**
   * The concern (说事) it came from, when a concern was handed to the procuratorate; its
   * decision closes that concern. Never shown in a clue view: an anonymous clue must not lead
   * back to its villager.
   */
  concernId: idSchema.optional(),
});
export type Clue = z.infer<typeof clueSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (clue function).

/** `submit`: file a clue, anonymously or with name and phone. */
export const submitClueInputSchema = z.strictObject({
  domain: domainSchema,
  seen: seenSchema,
  place: cluePlaceSchema,
  when: clueWhenSchema,
  photos: fileIdListSchema.default([]).meta({ label: '证据照片' }),
  party: cluePartySchema.optional(),
  reporter: reporterInputSchema,
});
export type SubmitClueInput = z.infer<typeof submitClueInputSchema>;

/** `track`: follow a clue by its code, without logging in. */
export const trackClueInputSchema = z.strictObject({ trackingCode: trackingCodeSchema });

/** `supplement`: the reporter adds what was asked for; the machine's `supplyInfo`. */
export const supplementClueInputSchema = z.strictObject({
  trackingCode: trackingCodeSchema,
  text: text(2000, '补充的情况'),
  photos: fileIdListSchema.default([]),
});

/** `listMine`: a named reporter's clues (anonymous ones are tied to no account). */
export const listMyCluesInputSchema = z.strictObject({ ...pageFields });

/** `listForReview`: the liaison's or prosecutor's queue. */
export const listCluesForReviewInputSchema = z.strictObject({
  status: statusSchema.optional(),
  domain: domainSchema.optional(),
  ...pageFields,
});

/** `get`. */
export const getClueInputSchema = z.strictObject({ clueId: clueIdSchema });

/**
 * `review`: one of the machine's review actions with its note. The note is required where
 * the machine requires one (the reporter reads it): asking for more material, not
 * accepting, transferring — which also names the administrative body.
 */
export const reviewClueInputSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('startReview'),
      note: text(500, '备注').optional(),
    }),
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('requestMoreInfo'),
      note: text(500, '需要举报人补充的材料'),
    }),
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('requestVerification'),
      note: text(500, '请网格员核实的内容').optional(),
    }),
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('accept'),
      note: text(500, '备注').optional(),
    }),
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('notAccept'),
      note: text(1000, '不予受理的理由'),
    }),
    z.strictObject({
      clueId: clueIdSchema,
      action: z.literal('transfer'),
      transferredTo: text(60, '移送的行政机关'),
      note: text(500, '移送的理由'),
    }),
  ],
  { error: '请选择处理方式' },
);
export type ReviewClueInput = z.infer<typeof reviewClueInputSchema>;

/**
 * `verify`: the grid worker's on-the-spot report (现场核实); the machine's `reportVerification`
 * (asked for) or `recordVerification` (before anyone asked).
 */
export const verifyClueInputSchema = z.strictObject({
  clueId: clueIdSchema,
  findings: text(2000, '核实情况'),
  photos: fileIdListSchema.default([]).meta({ label: '现场照片' }),
  foundAsDescribed: z.enum(VERIFICATION_FINDINGS).meta({ label: '现场情况与线索是否一致' }),
});
export type VerifyClueInput = z.infer<typeof verifyClueInputSchema>;
