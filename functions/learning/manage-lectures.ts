/**
 * 法德讲堂 (law-and-virtue lecture hall): upcoming lectures and signing up for a seat.
 *
 * No lecture is ever overbooked, even when many villagers tap at once. Each taken seat is a
 * record `lecture_seats/<lectureId>:<seatNo>` (seatNo 0..capacity-1), inserted in the same
 * transaction as the sign-up; an id can exist only once, so two people can never hold the
 * same seat, and there are only `capacity` seat ids to take. The transaction looks for a free
 * seat by id (starting from the count read before it, usually the first free one), which is
 * all a transaction may do. Cancelling removes the seat record (the sign-up keeps
 * `cancelledAt` as history) so the seat can be taken again.
 *
 * A sign-up's id is `lecture:<lectureId>:<accountId>`: signing up twice returns the first
 * sign-up unchanged.
 */
import { endOfLocalDay, startOfLocalDay } from '../../shared/calendar/china-time';
import type { z } from 'zod';
import type { Lecture, LectureSignUp } from '../../shared/learning/learning.schema';
import {
  cancelSignUpInputSchema,
  lectureSchema,
  listLecturesInputSchema,
  signUpLectureInputSchema,
} from '../../shared/learning/learning.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { defineAction, signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { cursorFits } from '../store/store.cursor';
import type { Query, StoredDoc, Tx } from '../store/store.port';
import { BAD_CURSOR, actingRole, readerTown } from './learning.records';
import type { LectureView, SignUpView } from './learning.views';
import { GRID_NODES, LECTURES, LECTURE_SEATS, LECTURE_SIGNUPS } from '../store/collections';
import { lectureSeatWriter, signUpWriter } from './learning.collections';

export type { LectureView, SignUpView };

type LectureDoc = StoredDoc<Lecture>;

/** A stored sign-up: the shared schema plus the seat it holds and when it was (re)made. */
export type SignUpDoc = LectureSignUp & { readonly seatNo?: number; readonly signedUpAt: string };

/** A taken seat. */
export interface SeatDoc {
  readonly townId: string;
  readonly lectureId: string;
  readonly seatNo: number;
  readonly accountId: string;
  readonly createdAt: string;
}

/** The sign-up id: one per person and lecture. */
export function signUpId(lectureId: string, accountId: string): string {
  return `lecture:${lectureId}:${accountId}`;
}

/** The seat id: one per seat number of a lecture. */
export function seatId(lectureId: string, seatNo: number): string {
  return `${lectureId}:${seatNo}`;
}

function toLectureView(doc: Lecture, taken: number, mine: boolean): LectureView {
  return {
    lectureId: doc._id,
    title: doc.title,
    speaker: doc.speaker,
    description: doc.description ?? null,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    place: doc.place,
    gridNodeId: doc.gridNodeId,
    capacity: doc.capacity,
    signedUp: taken,
    seatsLeft: Math.max(0, doc.capacity - taken),
    sample: doc.sample,
    mine,
  };
}

function toSignUpView(lecture: Lecture, signUp: SignUpDoc): SignUpView {
  return {
    lectureId: lecture._id,
    title: lecture.title,
    startsAt: lecture.startsAt,
    place: lecture.place,
    status: signUp.cancelledAt === undefined ? 'signed_up' : 'cancelled',
    seatNo: signUp.cancelledAt === undefined ? (signUp.seatNo ?? null) : null,
    signedUpAt: signUp.signedUpAt,
    cancelledAt: signUp.cancelledAt ?? null,
  };
}

function parseLecture(doc: StoredDoc): LectureDoc | null {
  const parsed = lectureSchema.safeParse(doc);
  return parsed.success ? { ...parsed.data, _version: doc._version } : null;
}

/** Seats taken in a lecture. */
async function seatsTaken(ctx: AppContext, lectureId: string): Promise<number> {
  return LECTURE_SEATS.count(ctx.store, { lectureId });
}

type ListInput = z.output<typeof listLecturesInputSchema>;

async function listLectures(
  ctx: AppContext,
  call: ActionCall<ListInput>,
): Promise<Result<{ items: LectureView[]; nextCursor: string | null }>> {
  const town = readerTown(call.caller, call.input.townId);
  if (!town.ok) return town;
  const { from, to, gridNodeId, limit, cursor } = call.input;
  // Upcoming: from now on unless the reader asks for a day range.
  const range = {
    gte: from === undefined ? ctx.clock.nowIso() : startOfLocalDay(from),
    ...(to === undefined ? {} : { lte: endOfLocalDay(to) }),
  };
  const query: Query = {
    where: { townId: town.value, status: 'scheduled', startsAt: range },
    orderBy: { path: 'startsAt', order: 'asc' },
    limit,
    cursor,
  };
  if (!cursorFits('lectures', query)) return err(BAD_CURSOR);
  const page = await LECTURES.query(ctx.store, query);
  let lectures = page.docs.map(parseLecture).filter((d) => d !== null);
  if (gridNodeId !== undefined) {
    // Lectures held for this place or any level above it (its community, the town).
    const node = await GRID_NODES.get(ctx.store, gridNodeId);
    if (node === null || node.townId !== town.value) {
      return err(appError('NOT_FOUND', '没有找到这个村或网格'));
    }
    const near = new Set([gridNodeId, ...node.ancestorIds]);
    lectures = lectures.filter((l) => near.has(l.gridNodeId));
  }
  const account = call.caller.account;
  const items = await Promise.all(
    lectures.map(async (l) => {
      const [taken, mine] = await Promise.all([
        seatsTaken(ctx, l._id),
        account === null
          ? Promise.resolve(null)
          : LECTURE_SIGNUPS.get(ctx.store, signUpId(l._id, account._id)),
      ]);
      return toLectureView(l, taken, mine !== null && mine.cancelledAt === undefined);
    }),
  );
  return ok({ items, nextCursor: page.nextCursor });
}

/** The lecture a caller may sign up for or cancel: scheduled, of their town, not yet begun. */
async function openLecture(
  ctx: AppContext,
  account: AccountDoc,
  lectureId: string,
): Promise<Result<LectureDoc>> {
  const raw = await LECTURES.get(ctx.store, lectureId);
  const lecture = raw === null ? null : parseLecture(raw);
  if (lecture === null || lecture.townId !== account.townId) {
    return err(appError('NOT_FOUND', '没有找到这场讲堂'));
  }
  if (lecture.status === 'cancelled') return err(appError('CONFLICT', '这场讲堂已经取消了'));
  if (lecture.status === 'finished' || Date.parse(lecture.startsAt) <= ctx.clock.nowMs()) {
    return err(appError('CONFLICT', '这场讲堂已经开始或已经结束，不能再报名或取消'));
  }
  return ok(lecture);
}

/** Takes the first free seat, looking from `hint` on and then from the start. */
async function takeSeat(
  tx: Tx,
  lecture: Lecture,
  accountId: string,
  hint: number,
  now: string,
): Promise<Result<number | null>> {
  const order = [
    ...Array.from({ length: Math.max(0, lecture.capacity - hint) }, (_v, i) => hint + i),
    ...Array.from({ length: Math.min(hint, lecture.capacity) }, (_v, i) => i),
  ];
  for (const seatNo of order) {
    if ((await LECTURE_SEATS.get(tx, seatId(lecture._id, seatNo))) !== null) continue;
    const seat: SeatDoc & { _id: string } = {
      _id: seatId(lecture._id, seatNo),
      townId: lecture.townId,
      lectureId: lecture._id,
      seatNo,
      accountId,
      createdAt: now,
    };
    const stored = await lectureSeatWriter.insert(tx, seat);
    if (!stored.ok) return stored;
    return ok(seatNo);
  }
  return ok(null);
}

const LECTURE_FULL = appError('CONFLICT', '这场讲堂的名额已经报满了，请留意下一场', {
  reason: 'lecture_full',
});

async function signUp(
  ctx: AppContext,
  call: ActionCall<{ lectureId: string }>,
): Promise<Result<SignUpView>> {
  const { account, actor } = signedIn(call);
  const lecture = await openLecture(ctx, account, call.input.lectureId);
  if (!lecture.ok) return lecture;
  const l = lecture.value;
  const hint = await seatsTaken(ctx, l._id);
  const now = ctx.clock.nowIso();
  return call.transact(account.townId, async (tx) => {
    const id = signUpId(l._id, account._id);
    const before = await LECTURE_SIGNUPS.get(tx, id);
    // Already holding a seat: the same answer as the first time, nothing written.
    if (before !== null && before.cancelledAt === undefined) return ok(toSignUpView(l, before));
    const seat = await takeSeat(tx, l, account._id, hint, now);
    if (!seat.ok) return seat;
    if (seat.value === null) return err(LECTURE_FULL);
    const fields = {
      seatNo: seat.value,
      signedUpAt: now,
      cancelledAt: undefined,
      updatedAt: now,
    };
    let stored: Result<StoredDoc<SignUpDoc>>;
    if (before === null) {
      stored = await signUpWriter.insert(tx, {
        _id: id,
        townId: account.townId,
        createdAt: now,
        lectureId: l._id,
        accountId: account._id,
        name: account.name,
        phone: account.phone,
        ...fields,
      } as SignUpDoc);
    } else {
      stored = await signUpWriter.update(tx, id, fields, {
        ifVersion: before._version,
      });
    }
    if (!stored.ok) return stored;
    const logged = await appendEvent(ctx, tx, {
      townId: account.townId,
      subjectType: 'lecture',
      subjectId: l._id,
      actorId: account._id,
      actorRole: actingRole(actor, ['villager']),
      action: 'sign_up',
      from: null,
      to: 'signed_up',
      at: now,
      visibleToReporter: true,
    });
    if (!logged.ok) return logged;
    return ok(toSignUpView(l, stored.value));
  });
}

async function cancelSignUp(
  ctx: AppContext,
  call: ActionCall<{ lectureId: string }>,
): Promise<Result<SignUpView>> {
  const { account, actor } = signedIn(call);
  const lecture = await openLecture(ctx, account, call.input.lectureId);
  if (!lecture.ok) return lecture;
  const l = lecture.value;
  const now = ctx.clock.nowIso();
  return call.transact(account.townId, async (tx) => {
    const id = signUpId(l._id, account._id);
    const before = await LECTURE_SIGNUPS.get(tx, id);
    if (before === null) return err(appError('NOT_FOUND', '您还没有报名这场讲堂'));
    if (before.cancelledAt !== undefined) return ok(toSignUpView(l, before));
    if (before.seatNo !== undefined) {
      const freed = await lectureSeatWriter.remove(tx, seatId(l._id, before.seatNo));
      if (!freed.ok) return freed;
    }
    const stored = await signUpWriter.update(
      tx,
      id,
      { cancelledAt: now, seatNo: undefined, updatedAt: now },
      { ifVersion: before._version },
    );
    if (!stored.ok) return stored;
    const logged = await appendEvent(ctx, tx, {
      townId: account.townId,
      subjectType: 'lecture',
      subjectId: l._id,
      actorId: account._id,
      actorRole: actingRole(actor, ['villager']),
      action: 'cancel_sign_up',
      from: 'signed_up',
      to: 'cancelled',
      at: now,
      visibleToReporter: true,
    });
    if (!logged.ok) return logged;
    return ok(toSignUpView(l, stored.value));
  });
}

/** The lecture actions of the `learning` function. */
export const lectureActions = {
  listLectures: defineAction({
    input: listLecturesInputSchema,
    access: 'public',
    run: listLectures,
  }),
  signUpLecture: defineAction({
    input: signUpLectureInputSchema,
    access: 'account',
    idempotent: true,
    run: (ctx, call) => (call.input.cancel ? cancelSignUp(ctx, call) : signUp(ctx, call)),
  }),
  cancelSignUp: defineAction({
    input: cancelSignUpInputSchema,
    access: 'account',
    idempotent: true,
    run: cancelSignUp,
  }),
};
