/**
 * Villagers sign up for a 法德讲堂 lecture: never more people than seats, even when many tap
 * at once; signing up again (or retrying) gives the same answer; cancelling frees the seat.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import { learningFunction as learning } from '../../functions/learning/learning.function';
import type { LectureView, SignUpView } from '../../functions/learning/manage-lectures';
import { seedSampleArticles } from '../../functions/learning/seed-sample-articles';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { addLecture, addVillager } from './learning.fixtures';

type ListReply = { items: LectureView[]; nextCursor: string | null };

let h: Harness;
let town: TestTown;
const LECTURE = 'lecture-x';
/** A week after the harness start (Monday 2025-11-17 09:00). */
const NEXT_WEEK = '2025-11-24T19:00:00.000+08:00';

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

function errorOf(reply: CallReply<unknown>) {
  if (reply.ok) throw new Error(`expected a failure, got ${JSON.stringify(reply.data)}`);
  return reply.error;
}

describe('signing up for a lecture', () => {
  it('gives 30 people tapping at once for 10 seats exactly 10 seats', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 10);
    const village = town.villages[0]![0]!._id;
    const people = await Promise.all(
      Array.from({ length: 30 }, (_v, i) =>
        addVillager(
          h.store,
          town.townId,
          `p${i}`,
          `村民${'甲乙丙丁戊己庚辛壬癸'[i % 10]}`,
          village,
        ),
      ),
    );
    const replies = await Promise.all(
      people.map((p) =>
        h.call<SignUpView>(learning, 'signUpLecture', { lectureId: LECTURE }, { as: p }),
      ),
    );
    const ok = replies.filter((r) => r.ok);
    const refused = replies.filter((r) => !r.ok).map(errorOf);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const e of refused) {
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/名额已经报满/);
    }
    const seats = ok.map((r) => (r.ok ? r.data.seatNo : null));
    expect(new Set(seats).size).toBe(10);
    expect([...seats].sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await h.store.count('lecture_seats', { lectureId: LECTURE })).toBe(10);
    expect(await h.store.count('lecture_signups', { lectureId: LECTURE })).toBe(10);
    const listed = await h.ok<ListReply>(learning, 'listLectures', {}, { as: people[0]! });
    expect(listed.items[0]).toMatchObject({ lectureId: LECTURE, signedUp: 10, seatsLeft: 0 });
  });

  it('answers a retried or repeated sign-up with the first result, holding one seat', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 10);
    const { villager } = town.people;
    const first = await h.call<SignUpView>(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: villager, requestId: 'signup-0001' },
    );
    expect(first.ok).toBe(true);
    h.clock.advance(5 * 60_000);
    const retry = await h.call(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: villager, requestId: 'signup-0001' },
    );
    const again = await h.call(learning, 'signUpLecture', { lectureId: LECTURE }, { as: villager });
    expect(retry).toEqual(first);
    expect(again).toEqual(first);
    expect(await h.store.count('lecture_seats', { lectureId: LECTURE })).toBe(1);
    const events = await h.store.query('audit_events', {
      where: { subjectType: 'lecture', subjectId: LECTURE },
    });
    expect(events.docs.map((e) => e.action)).toEqual(['sign_up']);
  });

  it('frees the seat on cancelling, so the next person gets it', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 1);
    const { villager, neighbour } = town.people;
    await h.ok(learning, 'signUpLecture', { lectureId: LECTURE }, { as: villager });
    const full = await h.call(learning, 'signUpLecture', { lectureId: LECTURE }, { as: neighbour });
    expect(errorOf(full).code).toBe('CONFLICT');
    const cancelled = await h.ok<SignUpView>(
      learning,
      'cancelSignUp',
      { lectureId: LECTURE },
      { as: villager },
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', seatNo: null });
    expect(cancelled.cancelledAt).toBe(h.ctx.clock.nowIso());
    const taken = await h.ok<SignUpView>(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: neighbour },
    );
    expect(taken).toMatchObject({ status: 'signed_up', seatNo: 0 });
    // Cancelling twice is harmless; the sign-up stays as history.
    const twice = await h.ok<SignUpView>(
      learning,
      'signUpLecture',
      { lectureId: LECTURE, cancel: true },
      { as: villager },
    );
    expect(twice.status).toBe('cancelled');
    const back = await h.call(learning, 'signUpLecture', { lectureId: LECTURE }, { as: villager });
    expect(errorOf(back).message).toMatch(/名额已经报满/);
  });

  it('lets someone who cancelled sign up again while seats are left', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 5);
    const { villager } = town.people;
    await h.ok(learning, 'signUpLecture', { lectureId: LECTURE }, { as: villager });
    await h.ok(learning, 'cancelSignUp', { lectureId: LECTURE }, { as: villager });
    const again = await h.ok<SignUpView>(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: villager },
    );
    expect(again).toMatchObject({ status: 'signed_up', cancelledAt: null });
    expect(await h.store.count('lecture_seats', { lectureId: LECTURE })).toBe(1);
  });

  it('refuses to cancel a sign-up that was never made', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 5);
    const reply = await h.call(
      learning,
      'cancelSignUp',
      { lectureId: LECTURE },
      { as: town.people.villager },
    );
    expect(errorOf(reply)).toMatchObject({ code: 'NOT_FOUND', message: '您还没有报名这场讲堂' });
  });

  it('closes sign-up once the lecture has begun, and refuses unknown or cancelled lectures', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 5);
    const { villager } = town.people;
    h.clock.set('2025-11-24T19:30:00+08:00');
    const late = await h.call(learning, 'signUpLecture', { lectureId: LECTURE }, { as: villager });
    expect(errorOf(late).code).toBe('CONFLICT');
    const unknown = await h.call(
      learning,
      'signUpLecture',
      { lectureId: 'nope' },
      { as: villager },
    );
    expect(errorOf(unknown).code).toBe('NOT_FOUND');
    await h.store.update('lectures', LECTURE, { status: 'cancelled' });
    const cancelled = await h.call(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: villager },
    );
    expect(errorOf(cancelled).message).toBe('这场讲堂已经取消了');
  });

  it('refuses a villager of another town', async () => {
    await addLecture(h.store, town.townId, LECTURE, town.town._id, NEXT_WEEK, 5);
    const other = await createTestTown(h.store, 'town-b');
    const reply = await h.call(
      learning,
      'signUpLecture',
      { lectureId: LECTURE },
      { as: other.people.villager },
    );
    expect(errorOf(reply).code).toBe('NOT_FOUND');
  });
});

describe('listing lectures', () => {
  it('shows upcoming lectures soonest first, to anyone who names the town', async () => {
    await seedSampleArticles(h.ctx, town.townId);
    await addLecture(
      h.store,
      town.townId,
      'past',
      town.town._id,
      '2025-11-10T19:00:00.000+08:00',
      5,
    );
    const reply = await h.ok<ListReply>(
      learning,
      'listLectures',
      { townId: town.townId },
      { as: null },
    );
    expect(reply.items).toHaveLength(3);
    const starts = reply.items.map((l) => l.startsAt);
    expect([...starts].sort()).toEqual(starts);
    expect(starts[0]! > h.ctx.clock.nowIso()).toBe(true);
    expect(reply.items.every((l) => l.sample && !l.mine && l.seatsLeft === l.capacity)).toBe(true);
  });

  it('narrows to a day range and to lectures held for the reader’s place', async () => {
    await addLecture(h.store, town.townId, 'town-wide', town.town._id, NEXT_WEEK, 5);
    await addLecture(
      h.store,
      town.townId,
      'east',
      town.communities[0]!._id,
      '2025-11-25T19:00:00.000+08:00',
      5,
    );
    await addLecture(
      h.store,
      town.townId,
      'west',
      town.communities[1]!._id,
      '2025-11-26T19:00:00.000+08:00',
      5,
    );
    const { villager } = town.people;
    await h.ok(learning, 'signUpLecture', { lectureId: 'east' }, { as: villager });
    const near = await h.ok<ListReply>(
      learning,
      'listLectures',
      { gridNodeId: town.villages[0]![0]!._id },
      { as: villager },
    );
    expect(near.items.map((l) => [l.lectureId, l.mine])).toEqual([
      ['town-wide', false],
      ['east', true],
    ]);
    const days = await h.ok<ListReply>(
      learning,
      'listLectures',
      { from: '2025-11-25', to: '2025-11-25' },
      { as: villager },
    );
    expect(days.items.map((l) => l.lectureId)).toEqual(['east']);
    const elsewhere = await h.call(
      learning,
      'listLectures',
      { gridNodeId: 'nowhere' },
      { as: villager },
    );
    expect(errorOf(elsewhere).code).toBe('NOT_FOUND');
    const badCursor = await h.call(learning, 'listLectures', { cursor: 'zzz' }, { as: villager });
    expect(errorOf(badCursor).details?.fields?.[0]?.field).toBe('cursor');
  });
});
