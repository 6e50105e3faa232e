/**
 * Records the timers and statistics read, built directly in the store and validated with the
 * schema of their collection (functions/store/collections.ts) first — so these tests do not
 * depend on the functions that write them, yet can never hold a record the product could
 * not. Every builder takes overrides.
 */
import type { Clue } from '../../shared/clue/clue.schema';
import { TRACKING_CODE_LENGTH } from '../../shared/clue/clue.catalog';
import type { Concern } from '../../shared/concern/concern.schema';
import type { Article, ReadingProgress } from '../../shared/learning/learning.schema';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { Task } from '../../shared/task/task.schema';
import { makeCode } from '../../shared/validation/codes';
import type { DocMeta, Store, StoredDoc } from '../../functions/store/store.port';
import type { Collection } from '../../functions/store/store.collection';
import type { BookingRecord } from '../../functions/store/records/records';
import {
  ARTICLES,
  BOOKINGS,
  CLUES,
  CONCERNS,
  READING_PROGRESS,
  ROOMS,
  TASKS,
} from '../../functions/store/collections';
import type { TestTown } from './town';

let seq = 0;
const nextId = (prefix: string) => {
  seq += 1;
  return `${prefix}_${String(seq).padStart(6, '0')}`;
};

/** Validates `doc` with its collection's schema and stores it (the store sets `_version`). */
export async function putRecord<R extends DocMeta>(
  store: Store,
  collection: Collection<R>,
  doc: Record<string, unknown>,
): Promise<R> {
  const parsed = collection.schema.parse({ _version: 0, ...doc }) as Record<string, unknown>;
  const { _version: _drop, ...body } = parsed;
  const stored = await store.insert(collection.name, body as { _id: string });
  if (!stored.ok) throw new Error(`factory insert failed: ${JSON.stringify(stored.error)}`);
  return stored.value as unknown as R;
}

const T0 = '2025-11-10T09:00:00.000+08:00';

/** A concern at the first village, assigned to its grid worker. */
export async function putConcern(
  store: Store,
  town: TestTown,
  overrides: Partial<Concern> = {},
): Promise<StoredDoc<Concern>> {
  return putRecord(store, CONCERNS, {
    _id: nextId('con'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    kind: 'help',
    topic: 'other',
    text: '村口的路灯坏了好几天，晚上走路看不见',
    photos: [],
    place: { gridNodeId: town.villages[0]![0]!._id },
    emergency: false,
    reporterId: town.people.villager._id,
    status: 'assigned',
    assigneeId: town.people.villageGridWorker._id,
    dueAt: '2025-11-20T23:59:59.999+08:00',
    ...overrides,
  });
}

/** A clue at the first village, received, with the liaison set. */
export async function putClue(
  store: Store,
  town: TestTown,
  overrides: Partial<Clue> = {},
): Promise<StoredDoc<Clue>> {
  let n = 0;
  return putRecord(store, CLUES, {
    _id: nextId('clue'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    trackingCode: makeCode(TRACKING_CODE_LENGTH, (max) => (seq * 7 + (n += 3)) % max),
    domain: 'ecology_resources',
    seen: '河边有人夜里往河里倒废油',
    place: { text: '村东小河', gridNodeId: town.villages[0]![0]!._id },
    when: { date: '2025-11-09' },
    photos: [],
    reporter: { kind: 'anonymous' },
    status: 'received',
    liaisonId: town.people.liaison._id,
    deadlines: {
      proceduralReplyDueAt: '2025-11-19T23:59:59.999+08:00',
      resultDueAt: '2026-02-10T23:59:59.999+08:00',
    },
    ...overrides,
  });
}

/** A room at the first community. */
export async function putRoom(
  store: Store,
  town: TestTown,
  overrides: Partial<Room> = {},
): Promise<StoredDoc<Room>> {
  return putRecord(store, ROOMS, {
    _id: nextId('room'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    kind: 'old_secretary',
    name: '东关新村老支书调解室',
    gridNodeId: town.communities[0]!._id,
    level: 'community',
    disputeTypes: ['neighbour', 'land'],
    address: '东关新村村委会',
    schedule: [{ weekday: 1, start: '09:00', end: '11:00' }],
    slotMinutes: 60,
    seatsPerSlot: 1,
    ...overrides,
  });
}

/** A complete, signed mediation agreement (人民调解协议书), signed at `signedAt`. */
export function signedAgreement(signedAt: string) {
  return {
    number: '东调字〔2025〕1号',
    parties: [
      { name: '王秀兰', sex: 'female', age: 52, address: '东关前村' },
      { name: '李大山', sex: 'male', age: 60, address: '东关后村' },
    ],
    facts: '两家宅基地之间的排水沟堵塞，雨水流进王家院子。',
    responsibility: '李家改建院墙时堵住了排水沟，应负主要责任。',
    terms: ['李家在十日内疏通排水沟'],
    performance: { method: '李家自行疏通', place: '两家之间的排水沟', deadline: '2025-12-01' },
    signatures: [
      { signerRole: 'party', partyIndex: 0, name: '王秀兰', method: 'signature', signedAt },
      { signerRole: 'party', partyIndex: 1, name: '李大山', method: 'fingerprint', signedAt },
      { signerRole: 'mediator', name: '孙老支书', method: 'signature', signedAt },
    ],
    committeeSeal: true,
    copies: 3,
  };
}

/** A booking whose mediation succeeded, with its agreement signed at `signedAt`. */
export async function putBooking(
  store: Store,
  town: TestTown,
  room: StoredDoc<Room>,
  overrides: Partial<BookingRecord> & { signedAt?: string } = {},
): Promise<BookingRecord> {
  const { signedAt = '2025-11-17T10:00:00.000+08:00', ...rest } = overrides;
  return putRecord(store, BOOKINGS, {
    _id: nextId('bk'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: signedAt,
    roomId: room._id,
    slotStart: '2025-11-17T09:00:00.000+08:00',
    slotEnd: '2025-11-17T10:00:00.000+08:00',
    seatId: `seat:${room._id}:${seq}`,
    applicant: { name: '王秀兰', phone: '13900000001', accountId: town.people.villager._id },
    parties: [{ name: '李大山' }],
    disputeType: 'neighbour',
    summary: '两家排水沟的纠纷',
    applicantConsentAt: T0,
    status: 'succeeded',
    mediatorId: town.people.mediator._id,
    outcome: { result: 'success', agreement: signedAgreement(signedAt) },
    mediationDueAt: '2025-12-17T23:59:59.999+08:00',
    bookedBy: { accountId: town.people.villager._id, onBehalf: false },
    ...rest,
  });
}

/** A published article, in the 法德明白人 reading path unless told otherwise. */
export async function putArticle(
  store: Store,
  town: TestTown,
  overrides: Partial<Article> = {},
): Promise<StoredDoc<Article>> {
  return putRecord(store, ARTICLES, {
    _id: nextId('art'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    category: 'legal_knowledge',
    title: '宅基地纠纷怎么办',
    body: '遇到宅基地纠纷，先找网格员和调解员。',
    inReadingPath: true,
    status: 'published',
    publishedAt: T0,
    authorId: town.people.admin._id,
    ...overrides,
  });
}

/** One person's reading of one article; completed unless `progress` says otherwise. */
export async function putProgress(
  store: Store,
  town: TestTown,
  accountId: string,
  articleId: string,
  overrides: Partial<ReadingProgress> = {},
): Promise<StoredDoc<ReadingProgress>> {
  return putRecord(store, READING_PROGRESS, {
    _id: `read:${accountId}:${articleId}`,
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    accountId,
    articleId,
    progress: 100,
    completedAt: T0,
    ...overrides,
  });
}

/** An open task for a staff member (as routing or a timer would make it). */
export async function putTask(
  store: Store,
  town: TestTown,
  overrides: Partial<Task> = {},
): Promise<StoredDoc<Task>> {
  return putRecord(store, TASKS, {
    _id: nextId('task'),
    townId: town.townId,
    createdAt: T0,
    updatedAt: T0,
    kind: 'handle_concern',
    status: 'open',
    subject: { type: 'concern', id: 'con_000000' },
    assigneeId: town.people.villageGridWorker._id,
    dueAt: '2025-11-12T23:59:59.999+08:00',
    reason: { ruleId: 'concern.kind-default', explanation: '该村网格员' },
    ...overrides,
  });
}
