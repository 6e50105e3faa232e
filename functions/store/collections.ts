/**
 * Every collection the product stores, and the indexes its queries need — declared once, here.
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
import { defineCollection } from './store.spec';
import type { CollectionSpec } from './store.port';

export const COLLECTIONS = [
  /** Towns (镇) of the deployment; `_id` is the townId. */
  defineCollection('towns', ['countyId', 'name']),
  /** Grid (网格) nodes: town → community 新村 → natural village 自然村 → street 街 → lane 巷. */
  defineCollection(
    'grid_nodes',
    ['townId', 'parentId', 'name'],
    ['townId', 'level', 'name'],
    ['townId', 'code'],
  ),
  /** People with a login, villagers and staff. A WeChat OPENID and a login phone are global keys. */
  defineCollection(
    'accounts',
    ['wxOpenId'],
    ['phone'],
    ['townId', 'householdId'],
    ['townId', 'isStaff', 'createdAt'],
  ),
  /** Staff invitations (邀请码) an admin issues. */
  defineCollection('staff_invitations', ['code'], ['townId', 'createdAt']),
  /** Local-host sessions; `_id` is the hash of the session token. */
  defineCollection('sessions', ['accountId', 'expiresAt'], ['expiresAt']),
  /** Local-host password credentials (scrypt hash and salt); `_id` is the account id. */
  defineCollection('credentials'),
  /** Concerns (说事/诉求). */
  defineCollection(
    'concerns',
    ['townId', 'status', 'dueAt'],
    ['townId', 'reporterId', 'createdAt'],
    ['townId', 'place.gridNodeId', 'createdAt'],
    ['townId', 'place.gridNodeId', 'status', 'createdAt'],
    ['townId', 'createdAt'],
    ['townId', 'assigneeId', 'status', 'dueAt'],
  ),
  /** Tasks (任务) of one assignee each; the inbox is most urgent first. */
  defineCollection(
    'tasks',
    ['assigneeId', 'status', 'dueAt'],
    ['townId', 'status', 'dueAt'],
    ['subject.type', 'subject.id', 'createdAt'],
  ),
  /** Audit events (审计记录), append-only. */
  defineCollection(
    'audit_events',
    ['subjectType', 'subjectId', 'at'],
    ['townId', 'at'],
    ['actorId', 'at'],
  ),
  /** Mediation rooms (调解室). */
  defineCollection('rooms', ['townId', 'gridNodeId', 'name'], ['townId', 'name']),
  /** Booked mediation seats; `_id` `<roomId>:<slotStart>:<seatNo>` so no seat is held twice. */
  defineCollection('slot_seats', ['roomId', 'slotStart']),
  /** Mediation bookings (调解预约), with the 30-day 司法确认 countdown. */
  defineCollection(
    'bookings',
    ['townId', 'status', 'slotStart'],
    ['roomId', 'slotStart'],
    ['applicant.accountId', 'createdAt'],
    ['mediatorId', 'slotStart'],
    ['concernId'],
    ['townId', 'judicialConfirmation.dueBy'],
  ),
  /** Mediation agreements (人民调解协议书). */
  defineCollection('agreements', ['bookingId'], ['townId', 'createdAt']),
  /** Legal-education articles (普法文章). */
  defineCollection(
    'articles',
    ['townId', 'status', 'publishedAt'],
    ['townId', 'status', 'category', 'publishedAt'],
  ),
  /** Reading progress per account and article; feeds 一户一法德明白人 coverage. */
  defineCollection(
    'reading_progress',
    ['accountId', 'updatedAt'],
    ['townId', 'householdId', 'completedAt'],
  ),
  /** 法德讲堂 lectures. */
  defineCollection('lectures', ['townId', 'status', 'startsAt'], ['townId', 'startsAt']),
  /** Lecture sign-ups; `_id` `lecture:<lectureId>:<accountId>` so nobody signs up twice. */
  defineCollection('lecture_signups', ['lectureId', 'createdAt'], ['accountId', 'createdAt']),
  /** Taken 法德讲堂 seats; `_id` `<lectureId>:<seatNo>` so no lecture is overbooked. */
  defineCollection('lecture_seats', ['lectureId']),
  /** 一户一法德明白人 status per household (`_id` = householdId), for coverage by village. */
  defineCollection('household_status', ['townId', 'gridNodeId']),
  /** Public-interest-litigation clues (公益诉讼线索); received = created. */
  defineCollection(
    'clues',
    ['townId', 'status', 'createdAt'],
    ['trackingCode'],
    ['townId', 'domain', 'createdAt'],
    ['townId', 'domain', 'place.gridNodeId', 'createdAt'],
    ['reporter.accountId', 'createdAt'],
    ['townId', 'status', 'domain', 'createdAt'],
  ),
  /** Clue tracking codes (查询码); `_id` is the code, so no code is ever given out twice. */
  defineCollection('clue_codes'),
  /** Notifications waiting to be pushed (and retried) by the timer. */
  defineCollection('outbox', ['status', 'nextAttemptAt'], ['townId', 'createdAt']),
  /** Steps a timer took once per record (near-due warning, 回访 request …); `_id` names the step. */
  defineCollection('timer_marks', ['townId', 'at']),
  /** First result per request (`requestId`), purged after expiry. */
  defineCollection('idempotency', ['expiresAt']),
  /** Data an admin tunes: routing rules, deadlines, the keyword model. */
  defineCollection('rules', ['townId', 'kind', 'updatedAt']),
  /** Stored files (evidence photos, agreement scans) and what they belong to. */
  defineCollection(
    'files',
    ['subjectType', 'subjectId', 'createdAt'],
    ['uploaderId', 'createdAt'],
    ['townId', 'createdAt'],
  ),
  /** The local content-check word list. */
  defineCollection('content_words', ['townId', 'word']),
  /** Unique login keys (`phone:<n>`, `openid:<id>`) → account: uniqueness as an id. */
  defineCollection('account_keys', ['accountId']),
] as const satisfies readonly CollectionSpec[];

/** A declared collection's name. */
export type CollectionName = (typeof COLLECTIONS)[number]['name'];
