/**
 * How a mediation ended, and what follows. Success: the 人民调解协议书 (mediation agreement)
 * is checked for completeness, stored, and — unless the dispute is about identity, adoption
 * or marriage — the 30-day countdown for a joint judicial-confirmation application (司法确认)
 * starts. Failure: the parties are told their other routes and, when the case goes to court,
 * it is referred through the 司法所 (闭环, closing the loop). Withdrawn: a party ended it.
 * A concern (说事) the booking came from is resolved by a success; after a failure or a
 * withdrawal it returns to the worker who transferred it. Success and failure are refused
 * before the session's slot starts.
 */
import { confirmationDeadline } from '../../shared/calendar/deadlines';
import { toLocalDate } from '../../shared/calendar/china-time';
import { appError } from '../../shared/kernel/errors';
import type { FieldError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { bookingIntents, bookingMachine } from '../../shared/mediation/booking.machine';
import {
  isJudicialConfirmationAvailable,
  JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE,
  OTHER_ROUTES,
} from '../../shared/mediation/mediation.catalog';
import type {
  Agreement,
  Outcome,
  RecordOutcomeDraftInput,
} from '../../shared/mediation/mediation.schema';
import { agreementSchema, checkAgreementComplete } from '../../shared/mediation/mediation.schema';
import { parseInput } from '../../shared/validation/parse';
import type { ActionCall } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import { actingRole, seeBooking } from './change-booking';
import {
  loadConcernToClose,
  resolveLinkedConcern,
  returnLinkedConcern,
} from '../concern/concern.api';
import { notStartedYet, sessionStarted } from './mark-no-show';
import { closeTasks, tasksOf } from '../runtime/tasks';
import type { BookingRecord } from './mediation.records';
import { notYours } from './mediation.records';
import type { BookingView } from './mediation.views';
import { daysLeft, toBookingView } from './mediation.views';
import { agreementWriter, bookingWriter } from './mediation.collections';

/** The agreement takes effect when the last person signs; never later than now. */
function signedAtOf(agreement: Agreement, nowIso: string): string {
  let last: string | undefined;
  for (const s of agreement.signatures ?? []) {
    if (last === undefined || Date.parse(s.signedAt) > Date.parse(last)) last = s.signedAt;
  }
  return last === undefined || Date.parse(last) > Date.parse(nowIso) ? nowIso : last;
}

/** VALIDATION_FAILED listing everything the agreement still lacks, in Chinese. */
function incomplete(missing: readonly string[], draft: unknown): Result<never> {
  const parsed = parseInput(agreementSchema, draft);
  const fields: FieldError[] = parsed.ok
    ? []
    : (parsed.error.details?.fields ?? []).map((f) => ({
        field: `outcome.agreement.${f.field}`,
        message: f.message,
      }));
  return err(
    appError('VALIDATION_FAILED', `调解协议书还不完整，还缺：${missing.join('、')}`, {
      missing,
      fields,
    }),
  );
}

/** `recordOutcome`: the room's mediator records success, failure or withdrawal. */
export async function recordOutcomeUseCase(
  ctx: AppContext,
  call: ActionCall<RecordOutcomeDraftInput>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  if (viewer !== 'mediator') return notYours();
  const input = call.input.outcome;
  // Success or failure is known only once the session has taken place; a party may end
  // the mediation at any time.
  if (input.result !== 'withdrawn' && !sessionStarted(booking, ctx.clock.nowMs())) {
    return notStartedYet(booking, '登记调解结果（一方终止调解可以随时登记）', 'outcome.result');
  }
  const now = ctx.clock.nowIso();
  const actor = { accountId: account._id, roles: account.roles, townId: account.townId };

  let outcome: Outcome;
  let note: string;
  if (input.result === 'success') {
    const missing = checkAgreementComplete(input.agreement);
    if (missing.length > 0) return incomplete(missing, input.agreement);
    const agreement = agreementSchema.parse(input.agreement);
    outcome = {
      result: 'success',
      agreement,
      ...(input.note === undefined ? {} : { note: input.note }),
    };
    note = `调解成功，签订了人民调解协议书${agreement.number === undefined ? '' : `（${agreement.number}）`}`;
  } else if (input.result === 'failure') {
    outcome = input;
    const routes = OTHER_ROUTES.filter((r) => input.routesLeft.includes(r.code)).map(
      (r) => r.label,
    );
    note = `调解不成：${input.note}。已告知当事人其他途径：${routes.join('、')}`;
  } else {
    outcome = input;
    note = `${input.withdrawnBy === 'applicant' ? '申请人' : '对方当事人'}终止调解：${input.note}`;
  }
  const intent =
    outcome.result === 'success'
      ? bookingIntents.recordSuccess
      : outcome.result === 'failure'
        ? bookingIntents.recordFailure
        : bookingIntents.withdraw;
  const step = intent(booking, actor, { now, note });
  if (!step.ok) return step;

  const [tasks, concern, calendar] = await Promise.all([
    tasksOf(ctx, { type: 'booking', id: booking._id }),
    loadConcernToClose(ctx, booking.townId, booking.concernId),
    ctx.calendars.forTown(booking.townId),
  ]);

  return call.transact(booking.townId, async (tx) => {
    const patch: Partial<BookingRecord> = {
      status: step.value.status,
      outcome,
      outcomeAt: now,
      outcomeBy: account._id,
      updatedAt: now,
    };
    let told: string;
    if (outcome.result === 'success') {
      const agreementId = ctx.ids.newId('agr');
      const signedAt = signedAtOf(outcome.agreement, now);
      const stored = await agreementWriter.insert(tx, {
        _id: agreementId,
        townId: booking.townId,
        bookingId: booking._id,
        roomId: room._id,
        disputeType: booking.disputeType,
        agreement: outcome.agreement,
        signedAt,
        createdAt: now,
        createdBy: account._id,
      });
      if (!stored.ok) return stored;
      patch.agreementId = agreementId;
      if (isJudicialConfirmationAvailable(booking.disputeType)) {
        const dueBy = confirmationDeadline(signedAt, calendar);
        patch.confirmationDueBy = dueBy;
        told = `调解成功，协议书已签订。双方如认为有必要，可以在 ${toLocalDate(dueBy)} 前（还有 ${daysLeft(now, dueBy)} 天）共同向法院申请司法确认。`;
      } else {
        told = `调解成功，协议书已签订，请双方自觉履行。${JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE}`;
      }
    } else if (outcome.result === 'failure') {
      const routes = OTHER_ROUTES.filter((r) => outcome.routesLeft.includes(r.code));
      told = `这次调解没有达成协议。您还可以：${routes.map((r) => `${r.label}（${r.explanation}）`).join('；')}。`;
      if (outcome.referredToCourt) {
        const referral = '调解不成，由司法所将案件移交人民法庭立案审理';
        patch.referral = { to: 'court', via: 'judicial_office', note: referral, at: now };
        const logged = await appendEvent(ctx, tx, {
          townId: booking.townId,
          subjectType: bookingMachine.subjectType,
          subjectId: booking._id,
          actorId: account._id,
          actorRole: actingRole(account, ['mediator']),
          action: 'referToCourt',
          from: step.value.status,
          to: step.value.status,
          at: now,
          note: referral,
          visibleToReporter: true,
        });
        if (!logged.ok) return logged;
        told += '案件已由司法所移交法庭，法庭会联系您立案。';
      }
    } else {
      told = `调解已终止：${outcome.note}。调解是自愿的，您还可以选择其他途径解决。`;
    }
    const updated = await bookingWriter.update(tx, booking._id, patch, {
      ifVersion: booking._version,
    });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
    const closed = await closeTasks(ctx, tx, tasks, 'complete', note, now);
    if (!closed.ok) return closed;
    const sent = await notify(ctx, tx, {
      townId: booking.townId,
      recipientId: booking.applicant.accountId,
      template: 'mediation.outcome',
      title: `调解结果：${bookingMachine.stateLabels[step.value.status]}`,
      body: told,
      link: { type: 'booking', id: booking._id },
    });
    if (!sent.ok) return err(sent.error);
    // Only an agreement settles the concern; after a failure or a withdrawal it goes back to
    // the worker who handed it over, and the villager is told what happened and what is left.
    const linked =
      outcome.result === 'success'
        ? await resolveLinkedConcern(
            ctx,
            tx,
            concern,
            { bookingId: booking._id },
            `${room.name}：${note}`,
          )
        : await returnLinkedConcern(ctx, tx, concern, booking._id, {
            what: `${room.name}：${note}`,
            routesLeft: told,
          });
    if (!linked.ok) return linked;
    return ok(toBookingView({ ...booking, ...patch }, room, viewer, { nowIso: now }));
  });
}

/**
 * `requestConfirmation`: records the parties' joint application for 司法确认 within the 30
 * days. Refused for identity, adoption and marriage disputes and after the deadline.
 */
export async function requestConfirmationUseCase(
  ctx: AppContext,
  call: ActionCall<{ bookingId: string; court?: string | undefined; note?: string | undefined }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  const now = ctx.clock.nowIso();
  if (!isJudicialConfirmationAvailable(booking.disputeType)) {
    return err(
      appError('CONFLICT', JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE, { reason: 'ineligible' }),
    );
  }
  const dueBy = booking.confirmationDueBy;
  if (booking.status !== 'succeeded' || dueBy === undefined) {
    return err(
      appError('CONFLICT', '调解成功、签订调解协议书以后，才能申请司法确认', {
        reason: 'no_agreement',
      }),
    );
  }
  if (booking.judicialConfirmation !== undefined) {
    return err(appError('CONFLICT', '已经申请过司法确认了，请等法院通知', { reason: 'already' }));
  }
  if (Date.parse(now) > Date.parse(dueBy)) {
    return err(
      appError(
        'CONFLICT',
        `申请司法确认的期限（${toLocalDate(dueBy)}）已经过了。协议仍然有效，双方应当履行；对方不履行的，可以到法院起诉。`,
        { reason: 'deadline_passed', dueBy },
      ),
    );
  }
  const { court, note } = call.input;
  return call.transact(booking.townId, async (tx) => {
    const judicialConfirmation = {
      requestedAt: now,
      dueBy,
      ...(court === undefined ? {} : { court }),
    };
    const updated = await bookingWriter.update(
      tx,
      booking._id,
      { judicialConfirmation, updatedAt: now },
      { ifVersion: booking._version },
    );
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, {
      townId: booking.townId,
      subjectType: bookingMachine.subjectType,
      subjectId: booking._id,
      actorId: account._id,
      actorRole: actingRole(account, ['villager', 'mediator', 'center_operator']),
      action: 'requestConfirmation',
      from: booking.status,
      to: booking.status,
      at: now,
      note: `双方共同申请司法确认${court === undefined ? '' : `，受理法院：${court}`}${note === undefined ? '' : `。${note}`}`.slice(
        0,
        2000,
      ),
      visibleToReporter: true,
    });
    if (!logged.ok) return logged;
    for (const recipientId of new Set([booking.applicant.accountId, booking.mediatorId])) {
      if (recipientId === undefined || recipientId === account._id) continue;
      const told = await notify(ctx, tx, {
        townId: booking.townId,
        recipientId,
        template: 'mediation.confirmation',
        title: '已申请司法确认',
        body: `${room.name}的调解协议已由双方共同申请司法确认，请留意法院的通知。`,
        link: { type: 'booking', id: booking._id },
      });
      if (!told.ok) return err(told.error);
    }
    return ok(toBookingView({ ...booking, judicialConfirmation }, room, viewer, { nowIso: now }));
  });
}
