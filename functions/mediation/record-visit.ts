/**
 * The performance return visit (履行回访) of a successful mediation: the mediator (or the
 * centre, which gets the visit when the room names no mediator) records, term by term of the
 * 人民调解协议书, whether it is kept, partly kept or not kept, with a note and, if needed, the
 * day of the next visit (a new `return_visit` task). The open visit task is completed. When a
 * term is not kept the parties are told what they can do: apply jointly for 司法确认 while
 * its 30 days last, or go to the court (向人民法院起诉).
 */
import { endOfLocalDay, toLocalDate } from '../../shared/calendar/china-time';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { bookingMachine } from '../../shared/mediation/booking.machine';
import { isJudicialConfirmationAvailable } from '../../shared/mediation/mediation.catalog';
import type {
  PerformanceVisit,
  RecordVisitInput,
} from '../../shared/mediation/mediation.followup.schema';
import { TERM_STATE_LABELS } from '../../shared/mediation/mediation.followup.schema';
import type { ActionCall } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { closeTasks, createTask, tasksOf } from '../runtime/tasks';
import { actingRole, seeBooking } from './change-booking';
import { bookingWriter } from './mediation.collections';
import type { BookingRecord } from './mediation.records';
import { notYours } from './mediation.records';
import type { BookingView } from './mediation.views';
import { daysLeft, toBookingView } from './mediation.views';

function invalid(field: string, message: string): Result<never> {
  return err(appError('VALIDATION_FAILED', message, { fields: [{ field, message }] }));
}

/** What a party whose agreement is not kept can still do, in plain words. */
export function remediesFor(booking: BookingRecord, nowIso: string): string {
  const dueBy = booking.confirmationDueBy;
  const court = '对方不履行协议的，您可以就协议的履行或者协议内容向人民法院起诉';
  if (
    isJudicialConfirmationAvailable(booking.disputeType) &&
    booking.judicialConfirmation === undefined &&
    dueBy !== undefined &&
    Date.parse(nowIso) <= Date.parse(dueBy)
  ) {
    return `双方还可以在 ${toLocalDate(dueBy)} 前（还有 ${daysLeft(nowIso, dueBy)} 天）共同向法院申请司法确认，确认后一方不履行的，另一方可以申请法院强制执行；${court}。`;
  }
  if (booking.judicialConfirmation !== undefined) {
    return '协议已申请司法确认，经法院确认有效后，对方不履行的，您可以申请人民法院强制执行。';
  }
  return `${court}。`;
}

/** `recordVisit`: records the visit, completes its task and, if asked, plans the next one. */
export async function recordVisitUseCase(
  ctx: AppContext,
  call: ActionCall<RecordVisitInput>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  if (viewer === 'applicant') return notYours();
  if (booking.status !== 'succeeded' || booking.outcome?.result !== 'success') {
    return err(
      appError('CONFLICT', '调解成功、签订调解协议书以后，才能做履行回访', {
        reason: 'no_agreement',
      }),
    );
  }
  const agreedTerms = booking.outcome.agreement.terms ?? [];
  const { terms, note, nextVisitOn } = call.input;
  const seenIndexes = new Set<number>();
  for (const [i, t] of terms.entries()) {
    if (t.index >= agreedTerms.length) {
      return invalid(`terms.${i}.index`, '协议书里没有这一条，请刷新后再试');
    }
    if (seenIndexes.has(t.index)) {
      return invalid(`terms.${i}.index`, `第${t.index + 1}条填了两次，请每条只填一次`);
    }
    seenIndexes.add(t.index);
  }
  const missing = agreedTerms.map((_, i) => i).filter((i) => !seenIndexes.has(i));
  if (missing.length > 0) {
    return invalid(
      'terms',
      `请填写每一条的履行情况，还缺：${missing.map((i) => `第${i + 1}条`).join('、')}`,
    );
  }
  const now = ctx.clock.nowIso();
  const today = toLocalDate(now);
  if (nextVisitOn !== undefined && nextVisitOn <= today) {
    return invalid('nextVisitOn', '下次回访日期要在今天以后');
  }
  const notKept = terms.filter((t) => t.state !== 'kept');
  const tasks = (await tasksOf(ctx, { type: 'booking', id: booking._id })).filter(
    (t) => t.kind === 'return_visit',
  );
  const sorted = [...terms].sort((a, b) => a.index - b.index);
  const visit: PerformanceVisit = {
    at: now,
    by: account._id,
    terms: sorted.map((t) => ({
      index: t.index,
      state: t.state,
      ...(t.note === undefined ? {} : { note: t.note }),
    })),
    note,
    ...(nextVisitOn === undefined ? {} : { nextVisitOn }),
  };
  const summary = sorted.map((t) => `第${t.index + 1}条${TERM_STATE_LABELS[t.state]}`).join('，');

  return call.transact(booking.townId, async (tx) => {
    const visits = [...(booking.visits ?? []), visit];
    const updated = await bookingWriter.update(
      tx,
      booking._id,
      { visits, updatedAt: now },
      { ifVersion: booking._version },
    );
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, {
      townId: booking.townId,
      subjectType: bookingMachine.subjectType,
      subjectId: booking._id,
      actorId: account._id,
      actorRole: actingRole(account, ['mediator', 'center_operator']),
      action: 'recordVisit',
      from: booking.status,
      to: booking.status,
      at: now,
      note: `履行回访：${summary}。${note}`.slice(0, 2000),
      visibleToReporter: true,
    });
    if (!logged.ok) return logged;
    const closed = await closeTasks(ctx, tx, tasks, 'complete', `已回访：${summary}`, now);
    if (!closed.ok) return closed;
    if (nextVisitOn !== undefined) {
      const next = await createTask(ctx, tx, {
        townId: booking.townId,
        kind: 'return_visit',
        subject: { type: 'booking', id: booking._id },
        assigneeId: account._id,
        dueAt: endOfLocalDay(nextVisitOn),
        reason: { ruleId: 'mediation.performance_visit.next', explanation: '上次回访约定再次回访' },
        title: '调解协议再次履行回访',
        body: `${room.name}：上次回访${summary}，请在 ${nextVisitOn} 再次回访。`,
      });
      if (!next.ok) return next;
    }
    const body =
      notKept.length === 0
        ? `调解员回访了协议履行情况：各条都已履行。感谢您的配合。`
        : `调解员回访了协议履行情况：${summary}。${remediesFor(booking, now)}${nextVisitOn === undefined ? '' : `调解员会在 ${nextVisitOn} 再次回访。`}`;
    const told = await notify(ctx, tx, {
      townId: booking.townId,
      recipientId: booking.applicant.accountId,
      template: 'mediation.visit',
      title: '调解协议履行回访',
      body: body.slice(0, 500),
      link: { type: 'booking', id: booking._id },
    });
    if (!told.ok) return err(told.error);
    return ok(toBookingView({ ...booking, visits }, room, viewer, { nowIso: now }));
  });
}
