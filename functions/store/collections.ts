/**
 * Every collection the product stores — its name, the folder that owns (alone writes) it, the
 * schema of its records and the indexes its queries need — declared once, here. Nothing
 * outside this file names a collection by a string: code reads through these handles (parsed
 * with the schema) and writes through its own folder's writers (`<folder>.collections.ts`).
 * SQLite creates these indexes at start-up; the CloudBase deployment ensures them. A query that
 * no index serves throws, on both backends, so add the index here (one line) with the query.
 *
 * Every record carries `townId` (multi-town tenancy: a county deployment serves several towns and
 * every query is scoped by town), so most indexes start with it. Indexes without it serve lookups
 * by a globally unique key (an account, a tracking code) or cross-town timers (the outbox).
 * Uniqueness is an `_id`, never an index: a mediation seat is `<roomId>:<slotStart>:<seatNo>`,
 * an idempotency record `<fn>:<action>:<actorOrAnon>:<requestId>`.
 * Field paths follow the entity schemas in shared/ (`place.gridNodeId`, `subject.id`, …);
 * documents carry more fields than are indexed. Only scalar fields can be queried: for "under
 * this community", query `place.gridNodeId` with `in` the node ids from the grid tree.
 */
import type { CollectionSpec } from './store.port';
import { typedCollection } from './store.collection';
import { accountSchema, invitationSchema } from '../../shared/account/account.schema';
import { clueSchema } from '../../shared/clue/clue.schema';
import { concernSchema } from '../../shared/concern/concern.schema';
import { gridNodeSchema } from '../../shared/grid/grid.schema';
import {
  articleSchema,
  householdStatusSchema,
  lectureSchema,
  readingProgressSchema,
} from '../../shared/learning/learning.schema';
import { roomSchema } from '../../shared/mediation/mediation.schema';
import { taskSchema } from '../../shared/task/task.schema';
import { outboxRecordSchema } from './records/outbox.record';
import {
  accountKeySchema,
  agreementRecordSchema,
  auditRecordSchema,
  bookingRecordSchema,
  clueCodeRecordSchema,
  concernFollowRecordSchema,
  concernStatRecordSchema,
  contentWordRecordSchema,
  credentialRecordSchema,
  directoryStampRecordSchema,
  fileRecordSchema,
  idempotencyRecordSchema,
  lectureSeatRecordSchema,
  lectureSignUpRecordSchema,
  rateCounterRecordSchema,
  rulesRecordSchema,
  sessionRecordSchema,
  slotSeatRecordSchema,
  taskLoadRecordSchema,
  timerMarkRecordSchema,
  townRecordSchema,
} from './records/records';

/** Towns (镇) of the deployment; `_id` is the townId. */
export const TOWNS = typedCollection('towns', { owner: 'admin', schema: townRecordSchema }, [
  'countyId',
  'name',
]);
/** Grid (网格) nodes: town → community 新村 → natural village 自然村 → street 街 → lane 巷. */
export const GRID_NODES = typedCollection(
  'grid_nodes',
  { owner: 'admin', schema: gridNodeSchema },
  ['townId', 'parentId', 'name'],
  ['townId', 'level', 'name'],
  ['townId', 'code'],
);
/** People with a login, villagers and staff. A WeChat OPENID and a login phone are global keys. */
export const ACCOUNTS = typedCollection(
  'accounts',
  { owner: 'account', schema: accountSchema },
  ['wxOpenId'],
  ['phone'],
  ['townId', 'householdId'],
  ['townId', 'isStaff', 'createdAt'],
);
/** Staff invitations (邀请码) an admin issues. */
export const STAFF_INVITATIONS = typedCollection(
  'staff_invitations',
  { owner: 'account', schema: invitationSchema },
  ['code'],
  ['townId', 'createdAt'],
);
/** Local-host sessions; `_id` is the hash of the session token. */
export const SESSIONS = typedCollection(
  'sessions',
  { owner: 'host', schema: sessionRecordSchema },
  ['accountId', 'expiresAt'],
  ['expiresAt'],
);
/** Local-host password credentials (scrypt hash and salt); `_id` is the account id. */
export const CREDENTIALS = typedCollection('credentials', {
  owner: 'host',
  schema: credentialRecordSchema,
});
/** Concerns (说事/诉求). */
export const CONCERNS = typedCollection(
  'concerns',
  { owner: 'concern', schema: concernSchema },
  ['townId', 'status', 'dueAt'],
  ['townId', 'reporterId', 'createdAt'],
  ['townId', 'place.gridNodeId', 'createdAt'],
  ['townId', 'place.gridNodeId', 'status', 'createdAt'],
  ['townId', 'createdAt'],
  ['townId', 'assigneeId', 'status', 'dueAt'],
);
/** Who follows a concern they joined (我也遇到了), for "我关注的" lists. */
export const CONCERN_FOLLOWS = typedCollection(
  'concern_follows',
  { owner: 'concern', schema: concernFollowRecordSchema },
  ['accountId', 'createdAt'],
);
/** Daily and monthly totals of each town's concerns, kept with every concern write. */
export const CONCERN_STATS = typedCollection(
  'concern_stats',
  { owner: 'concern', schema: concernStatRecordSchema },
  ['townId', 'scope', 'period'],
);
/** Tasks (任务) of one assignee each; the inbox is most urgent first. */
export const TASKS = typedCollection(
  'tasks',
  { owner: 'runtime', schema: taskSchema },
  ['assigneeId', 'status', 'dueAt'],
  ['townId', 'status', 'dueAt'],
  ['subject.type', 'subject.id', 'createdAt'],
);
/** Open tasks per assignee (`_id` = account id), kept with every task write. */
export const TASK_LOADS = typedCollection(
  'task_loads',
  { owner: 'runtime', schema: taskLoadRecordSchema },
  ['townId', 'updatedAt'],
);
/** Each town's roster revision (`_id` = townId), bumped with every staff or grid write. */
export const DIRECTORY_STAMPS = typedCollection('directory_stamps', {
  owner: 'runtime',
  schema: directoryStampRecordSchema,
});
/** Audit events (审计记录), append-only. */
export const AUDIT_EVENTS = typedCollection(
  'audit_events',
  { owner: 'runtime', schema: auditRecordSchema },
  ['subjectType', 'subjectId', 'at'],
  ['townId', 'at'],
  ['actorId', 'at'],
);
/** Mediation rooms (调解室). */
export const ROOMS = typedCollection(
  'rooms',
  { owner: 'mediation', schema: roomSchema },
  ['townId', 'gridNodeId', 'name'],
  ['townId', 'name'],
);
/** Booked mediation seats; `_id` `<roomId>:<slotStart>:<seatNo>` so no seat is held twice. */
export const SLOT_SEATS = typedCollection(
  'slot_seats',
  { owner: 'mediation', schema: slotSeatRecordSchema },
  ['roomId', 'slotStart'],
);
/** Mediation bookings (调解预约), with the 30-day 司法确认 countdown. */
export const BOOKINGS = typedCollection(
  'bookings',
  { owner: 'mediation', schema: bookingRecordSchema },
  ['townId', 'status', 'slotStart'],
  ['roomId', 'slotStart'],
  ['applicant.accountId', 'createdAt'],
  ['mediatorId', 'slotStart'],
  ['concernId'],
  ['townId', 'judicialConfirmation.dueBy'],
);
/** Mediation agreements (人民调解协议书). */
export const AGREEMENTS = typedCollection(
  'agreements',
  { owner: 'mediation', schema: agreementRecordSchema },
  ['bookingId'],
  ['townId', 'createdAt'],
);
/** Legal-education articles (普法文章). */
export const ARTICLES = typedCollection(
  'articles',
  { owner: 'learning', schema: articleSchema },
  ['townId', 'status', 'publishedAt'],
  ['townId', 'status', 'category', 'publishedAt'],
);
/** Reading progress per account and article; feeds 一户一法德明白人 coverage. */
export const READING_PROGRESS = typedCollection(
  'reading_progress',
  { owner: 'learning', schema: readingProgressSchema },
  ['accountId', 'updatedAt'],
  ['townId', 'householdId', 'completedAt'],
);
/** 法德讲堂 lectures. */
export const LECTURES = typedCollection(
  'lectures',
  { owner: 'learning', schema: lectureSchema },
  ['townId', 'status', 'startsAt'],
  ['townId', 'startsAt'],
);
/** Lecture sign-ups; `_id` `lecture:<lectureId>:<accountId>` so nobody signs up twice. */
export const LECTURE_SIGNUPS = typedCollection(
  'lecture_signups',
  { owner: 'learning', schema: lectureSignUpRecordSchema },
  ['lectureId', 'createdAt'],
  ['accountId', 'createdAt'],
);
/** Taken 法德讲堂 seats; `_id` `<lectureId>:<seatNo>` so no lecture is overbooked. */
export const LECTURE_SEATS = typedCollection(
  'lecture_seats',
  { owner: 'learning', schema: lectureSeatRecordSchema },
  ['lectureId'],
);
/** 一户一法德明白人 status per household (`_id` = householdId), for coverage by village. */
export const HOUSEHOLD_STATUS = typedCollection(
  'household_status',
  { owner: 'learning', schema: householdStatusSchema },
  ['townId', 'gridNodeId'],
);
/** Public-interest-litigation clues (公益诉讼线索); received = created. */
export const CLUES = typedCollection(
  'clues',
  { owner: 'clue', schema: clueSchema },
  ['townId', 'status', 'createdAt'],
  ['trackingCode'],
  ['townId', 'domain', 'createdAt'],
  ['townId', 'domain', 'place.gridNodeId', 'createdAt'],
  ['reporter.accountId', 'createdAt'],
  ['townId', 'status', 'domain', 'createdAt'],
);
/** Clue tracking codes (查询码); `_id` is the code, so no code is ever given out twice. */
export const CLUE_CODES = typedCollection('clue_codes', {
  owner: 'clue',
  schema: clueCodeRecordSchema,
});
/** Notifications waiting to be pushed (and retried) by the timer. */
export const OUTBOX = typedCollection(
  'outbox',
  { owner: 'runtime', schema: outboxRecordSchema },
  ['status', 'nextAttemptAt'],
  ['townId', 'createdAt'],
  ['recipientId', 'createdAt'],
);
/** Steps a timer took once per record (near-due warning, 回访 request …); `_id` names the step. */
export const TIMER_MARKS = typedCollection(
  'timer_marks',
  { owner: 'runtime', schema: timerMarkRecordSchema },
  ['townId', 'at'],
);
/** First result per request (`requestId`), purged after expiry. */
export const IDEMPOTENCY = typedCollection(
  'idempotency',
  { owner: 'runtime', schema: idempotencyRecordSchema },
  ['expiresAt'],
);
/** Rate-limit counters, one per rule, caller and window; purged once the window is over. */
export const RATE_COUNTERS = typedCollection(
  'rate_counters',
  { owner: 'runtime', schema: rateCounterRecordSchema },
  ['expiresAt'],
);
/** Data an admin tunes: routing rules, deadlines, the keyword model. */
export const RULES = typedCollection('rules', { owner: 'admin', schema: rulesRecordSchema }, [
  'townId',
  'kind',
  'updatedAt',
]);
/** Stored files (evidence photos, agreement scans) and what they belong to. */
export const FILES = typedCollection(
  'files',
  { owner: 'runtime', schema: fileRecordSchema },
  ['subjectType', 'subjectId', 'createdAt'],
  ['uploaderId', 'createdAt'],
  ['uploaderId', 'subjectId'],
  ['townId', 'createdAt'],
);
/** The local content-check word list. */
export const CONTENT_WORDS = typedCollection(
  'content_words',
  { owner: 'admin', schema: contentWordRecordSchema },
  ['townId', 'word'],
);
/** Unique login keys (`phone:<n>`, `openid:<id>`) → account: uniqueness as an id. */
export const ACCOUNT_KEYS = typedCollection(
  'account_keys',
  { owner: 'account', schema: accountKeySchema },
  ['accountId'],
);

export const COLLECTIONS = [
  TOWNS,
  GRID_NODES,
  ACCOUNTS,
  STAFF_INVITATIONS,
  SESSIONS,
  CREDENTIALS,
  CONCERNS,
  CONCERN_FOLLOWS,
  CONCERN_STATS,
  TASKS,
  TASK_LOADS,
  DIRECTORY_STAMPS,
  AUDIT_EVENTS,
  ROOMS,
  SLOT_SEATS,
  BOOKINGS,
  AGREEMENTS,
  ARTICLES,
  READING_PROGRESS,
  LECTURES,
  LECTURE_SIGNUPS,
  LECTURE_SEATS,
  HOUSEHOLD_STATUS,
  CLUES,
  CLUE_CODES,
  OUTBOX,
  TIMER_MARKS,
  IDEMPOTENCY,
  RATE_COUNTERS,
  RULES,
  FILES,
  CONTENT_WORDS,
  ACCOUNT_KEYS,
] as const satisfies readonly CollectionSpec[];

/** A declared collection's name. */
export type CollectionName = (typeof COLLECTIONS)[number]['name'];
