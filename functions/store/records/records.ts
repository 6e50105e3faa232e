/**
 * Stored shapes of the records that are not domain entities of shared/ (or that carry, in
 * storage, more than the entity): keys, seats, codes, marks, sessions, credentials, files,
 * rule sets, idempotency records. Each collection of store/collections.ts names its schema;
 * reads are parsed with it and writes checked against it, so these are the only definitions
 * of these shapes.
 */
import { z } from 'zod';
import { entityFields, versionSchema } from '../../../shared/validation/entity';
import { idSchema, instantSchema } from '../../../shared/validation/primitives';
import { lectureSignUpSchema } from '../../../shared/learning/learning.schema';
import { RULE_SETS } from '../../../shared/validation/admin.schema';
import { agreementSchema, bookingSchema } from '../../../shared/mediation/mediation.schema';
import {
  noShowSchema,
  performanceVisitSchema,
} from '../../../shared/mediation/mediation.followup.schema';
import { auditEventSchema } from '../../../shared/kernel/audit';
import { text } from '../../../shared/validation/primitives';

/** Fields the store owns on every record. */
const meta = { _id: z.string().min(1), _version: versionSchema };

/** A town (镇) of the deployment; `_id` is the townId. */
export const townRecordSchema = z.object({
  ...meta,
  name: z.string().min(1),
  countyId: z.string().min(1).optional(),
  sample: z.boolean().optional(),
});
export type TownRecord = z.infer<typeof townRecordSchema>;

/** A unique login key (`phone:<n>`, `openid:<id>`) → its account: uniqueness as an id. */
export const accountKeySchema = z.object({
  ...meta,
  accountId: idSchema,
  townId: z.string().min(1),
});
export type AccountKeyRecord = z.infer<typeof accountKeySchema>;

/** A local-host session; `_id` is the SHA-256 of the token (the token itself is never stored). */
export const sessionRecordSchema = z.object({
  ...meta,
  accountId: idSchema,
  townId: z.string().min(1),
  createdAt: instantSchema,
  expiresAt: instantSchema,
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** A local-host password credential (scrypt); `_id` is the account id. Never in a reply. */
export const credentialRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  algo: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().min(1),
  hash: z.string().min(1),
  updatedAt: instantSchema,
});
export type CredentialRecord = z.infer<typeof credentialRecordSchema>;

/** An audit event (审计记录) as stored: the shared event and the store's version. */
export const auditRecordSchema = auditEventSchema.extend({ _version: versionSchema });

/**
 * A booking (调解预约) as the mediation function stores it: the shared entity plus what the
 * function keeps for itself — the reminder's outbox entry (so cancel and reschedule can move
 * it), the one-month target (调解期限), who filed it (a grid worker on behalf, 代办), the
 * agreement's id and the referral to the court when mediation failed (闭环).
 */
export const bookingRecordSchema = bookingSchema.extend({
  mediationDueAt: instantSchema,
  bookedBy: z.object({ accountId: idSchema, onBehalf: z.boolean() }),
  reminderOutboxId: idSchema.optional(),
  agreementId: idSchema.optional(),
  /**
   * Last moment for the joint 司法确认 application, set with a successful outcome for the
   * disputes that allow it. `judicialConfirmation` itself is set only once they apply.
   */
  confirmationDueBy: instantSchema.optional(),
  outcomeAt: instantSchema.optional(),
  outcomeBy: idSchema.optional(),
  referral: z
    .object({
      to: z.literal('court'),
      via: z.literal('judicial_office'),
      note: text(500),
      at: instantSchema,
    })
    .optional(),
  /** Who did not come to the session (mediation/mark-no-show.ts). */
  noShow: noShowSchema.optional(),
  /** The booking this one was made again from after a no-show, and the one made from it. */
  rebookOf: idSchema.optional(),
  rebookedAs: idSchema.optional(),
  /** Performance return visits (履行回访) of a successful agreement, oldest first. */
  visits: z.array(performanceVisitSchema).max(20).optional(),
});
export type BookingRecord = z.infer<typeof bookingRecordSchema>;

/** A held mediation seat; its id `<roomId>:<yyyymmddThhmm>:<seatNo>` is the uniqueness. */
export const slotSeatRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  roomId: idSchema,
  slotStart: instantSchema,
  seatNo: z.number().int().min(1),
  bookingId: idSchema,
  /** Who booked, and with which requestId: a retry of the same request finds its own seat. */
  accountId: idSchema,
  requestId: z.string().nullable(),
  createdAt: instantSchema,
});
export type SlotSeatRecord = z.infer<typeof slotSeatRecordSchema>;

/** A signed 人民调解协议书, kept apart from its booking. */
export const agreementRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  bookingId: idSchema,
  roomId: idSchema,
  disputeType: bookingSchema.shape.disputeType,
  agreement: agreementSchema,
  signedAt: instantSchema,
  createdAt: instantSchema,
  createdBy: idSchema,
});
export type AgreementRecord = z.infer<typeof agreementRecordSchema>;

/** A 法德讲堂 sign-up as stored: the seat it holds while it is not cancelled. */
export const lectureSignUpRecordSchema = lectureSignUpSchema.extend({
  seatNo: z.number().int().min(0).optional(),
  signedUpAt: instantSchema,
});
export type LectureSignUpRecord = z.infer<typeof lectureSignUpRecordSchema>;

/** A taken 法德讲堂 seat; id `<lectureId>:<seatNo>`, so no lecture is overbooked. */
export const lectureSeatRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  lectureId: idSchema,
  /** Seats are numbered from 0. */
  seatNo: z.number().int().min(0),
  accountId: idSchema,
  createdAt: instantSchema,
});
export type LectureSeatRecord = z.infer<typeof lectureSeatRecordSchema>;

/** A clue tracking code (查询码); `_id` is the code, so no code is ever given out twice. */
export const clueCodeRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  clueId: idSchema,
  createdAt: instantSchema,
});
export type ClueCodeRecord = z.infer<typeof clueCodeRecordSchema>;

/** The steps timers take at most once per record (and per deadline, where it can move). */
export const MARK_KINDS = [
  'concern_near_due',
  'clue_reply_near',
  'clue_reply_overdue',
  'clue_result_near',
  'clue_result_overdue',
  'return_visit_asked',
  'confirmation_7d',
  'confirmation_1d',
  'performance_visit',
  'session_on_holiday',
  'calendar_followed',
] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** What a timer has already done to a record; the `_id` names the step and the record. */
export const timerMarkRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  kind: z.enum(MARK_KINDS),
  subjectType: z.enum(['concern', 'clue', 'booking', 'rules']),
  subjectId: idSchema,
  at: instantSchema,
});
export type TimerMarkRecord = z.infer<typeof timerMarkRecordSchema>;

/**
 * Open (pending) tasks of one assignee (`_id` = the assignee's account id), changed in the
 * same transaction as every task write (runtime/tasks.ts), so routing reads one row per
 * candidate instead of counting tasks.
 */
export const taskLoadRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  open: z.number().int().min(0),
  updatedAt: instantSchema,
});
export type TaskLoadRecord = z.infer<typeof taskLoadRecordSchema>;

/**
 * A town's roster revision (`_id` = townId): bumped in the same transaction as every write of
 * a staff account or a grid node, so a cached directory knows when it is stale.
 * `loadsSince`: when the town's task-load counters were counted afresh; before that (or
 * without it) routing counts tasks instead of trusting them.
 */
export const directoryStampRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  rev: z.number().int().min(0),
  updatedAt: instantSchema,
  loadsSince: instantSchema.optional(),
});
export type DirectoryStampRecord = z.infer<typeof directoryStampRecordSchema>;

const count = z.number().int().min(0);

/**
 * Daily and monthly totals of a town's concerns by the China-local day (or month) they came
 * in (`_id` `<townId>:day:<YYYY-MM-DD>`, `<townId>:month:<YYYY-MM>`), changed in the same
 * transaction as every concern write (concern/concern.aggregates.ts), so the statistics
 * overview reads a year in a few dozen records instead of every concern. `places` counts by
 * the concern's own grid node (folded into villages when read). A `built` record
 * (`<townId>:built`) says the town's totals were counted afresh and are kept since.
 */
export const concernStatRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  scope: z.enum(['day', 'month', 'built']),
  period: z.string(),
  total: count,
  /** Reporters plus the villagers who joined (我也遇到了); 0 in totals kept before it was counted. */
  people: count.default(0),
  kinds: z.record(z.string(), count),
  statuses: z.record(z.string(), count),
  places: z.record(z.string(), count),
  resolved: count,
  resolvedOnTime: count,
  rated: count,
  satisfied: count,
  updatedAt: instantSchema,
});
export type ConcernStatRecord = z.infer<typeof concernStatRecordSchema>;

/** The first result of a request (`requestId`), answering its retries until it expires. */
export const idempotencyRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  reply: z.unknown(),
  createdAt: z.string().min(1),
  expiresAt: z.string().min(1),
});
export type IdempotencyRecord = z.infer<typeof idempotencyRecordSchema>;

/** A rate-limit counter: calls of one rule by one caller in one window (runtime/limits.ts). */
export const rateCounterRecordSchema = z.object({
  ...meta,
  rule: z.string().min(1),
  count: z.number().int().min(0),
  expiresAt: z.string().min(1),
});
export type RateCounterRecord = z.infer<typeof rateCounterRecordSchema>;

/** A town's rule set of one kind (`_id` `<townId>:<kind>`), its body checked by its own schema. */
export const rulesRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  kind: z.enum(RULE_SETS),
  body: z.unknown(),
  updatedAt: instantSchema,
  updatedBy: idSchema,
});
export type RulesRecord = z.infer<typeof rulesRecordSchema>;

/**
 * A stored file (a photo): on the local host the bytes under the data folder with what the
 * upload route checked (`mime`, size, pixels); on CloudBase the random storage path handed out
 * before the mini-program uploaded it. `subjectType`/`subjectId` name what it belongs to, once
 * a use case attaches it.
 */
export const fileRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  uploaderId: idSchema,
  path: z.string().min(1),
  storage: z.literal('cloudbase').optional(),
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/gif']).optional(),
  bytes: z.number().int().min(0).optional(),
  width: z.number().int().min(0).optional(),
  height: z.number().int().min(0).optional(),
  createdAt: instantSchema,
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;

/**
 * A villager following a concern they joined (我也遇到了); `_id` `follow:<concernId>:<accountId>`,
 * so nobody follows twice. The concern keeps the followers' ids for its notices and counts;
 * this record lists a person's followed concerns.
 */
export const concernFollowRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  concernId: idSchema,
  accountId: idSchema,
  createdAt: instantSchema,
});
export type ConcernFollowRecord = z.infer<typeof concernFollowRecordSchema>;

/** A word a town adds to the local content check's list. */
export const contentWordRecordSchema = z.object({
  ...meta,
  townId: z.string().min(1),
  word: z.string().min(2),
});
export type ContentWordRecord = z.infer<typeof contentWordRecordSchema>;

/** Re-exported for the collections that use shared entity fields as they are. */
export { entityFields };
