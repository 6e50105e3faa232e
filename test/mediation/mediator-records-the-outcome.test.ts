/**
 * The mediator records how the mediation ended. Success needs a complete 人民调解协议书 and
 * starts the 30-day countdown for 司法确认 — except for marriage, adoption and identity
 * disputes, where the parties are told it is not available. Failure tells the parties their
 * other routes and refers the case to the court (闭环). A concern the booking came from is
 * resolved with the outcome.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import { JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE } from '../../shared/mediation/mediation.catalog';
import { putConcern, signedAgreement } from '../factories/records';
import type { World } from './mediation.helpers';
import { all, bookAsVillager, createWorld, fn, WED_9 } from './mediation.helpers';
import {
  AGREEMENTS,
  AUDIT_EVENTS,
  BOOKINGS,
  CONCERNS,
  OUTBOX,
  TASKS,
} from '../../functions/store/collections';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(() => w.h.close());

const SIGNED = '2025-11-19T10:00:00.000+08:00';

/** A booking at the old secretary's room, consented to, with the clock after the session. */
async function confirmedBooking(roomId = w.rooms.oldSecretary._id, overrides: object = {}) {
  const booking = await bookAsVillager(w, roomId, WED_9, overrides);
  const mediator =
    roomId === w.rooms.villageTalk._id ? w.town.people.villageGridWorker : w.town.people.mediator;
  await w.h.ok(
    fn,
    'recordConsent',
    { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
    {
      as: mediator,
    },
  );
  w.h.clock.set('2025-11-19T10:30:00+08:00');
  return { booking, mediator };
}

describe('success', () => {
  it('refuses an incomplete agreement with everything it lacks, and changes nothing', async () => {
    const { booking } = await confirmedBooking();
    const draft = {
      ...signedAgreement(SIGNED),
      committeeSeal: false,
      performance: { method: '自行履行' },
    };
    const reply = await w.h.call(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: draft } },
      { as: w.town.people.mediator },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.details?.missing).toEqual(['履行地点', '履行期限', '调解委员会盖章']);
      expect(reply.error.message).toBe(
        '调解协议书还不完整，还缺：履行地点、履行期限、调解委员会盖章',
      );
      expect(reply.error.details?.fields?.map((f) => f.field)).toEqual([
        'outcome.agreement.performance.place',
        'outcome.agreement.performance.deadline',
        'outcome.agreement.committeeSeal',
      ]);
    }
    expect((await BOOKINGS.get(w.h.store, booking.id))?.status).toBe('confirmed');
    expect(await w.h.store.count('agreements')).toBe(0);
  });

  it('stores the agreement, completes the task and starts the 30-day countdown', async () => {
    const { booking } = await confirmedBooking();
    const view = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: w.town.people.mediator },
    );
    expect(view.status).toBe('succeeded');
    expect(view.target).toBeNull();
    expect(view.outcome).toMatchObject({
      result: 'success',
      agreement: { terms: ['李家在十日内疏通排水沟'], performance: { deadline: '2025-12-01' } },
    });
    expect(view.judicialConfirmation).toMatchObject({
      available: true,
      notice: null,
      dueBy: '2025-12-19T23:59:59.999+08:00',
      daysLeft: 30,
      requestedAt: null,
    });
    const agreements = await all(w, AGREEMENTS);
    expect(agreements).toEqual([
      expect.objectContaining({ bookingId: booking.id, signedAt: SIGNED }),
    ]);
    const tasks = await all(w, TASKS);
    expect(tasks.map((t) => t.status)).toEqual(['done']);
    const outbox = await all(w, OUTBOX);
    const told = outbox.find((o) => o.template === 'mediation.outcome');
    expect(told?.body).toContain('2025-12-19');
  });

  it('gives the mediator the whole agreement to print, and the applicant only its terms', async () => {
    const { booking } = await confirmedBooking();
    const agreement = {
      ...signedAgreement(SIGNED),
      parties: [
        { name: '王秀兰', sex: 'female', age: 52, address: '东关前村', phone: '13812345678' },
        { name: '李大山', sex: 'male', age: 60, address: '东关后村' },
      ],
    };
    const mine = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement } },
      { as: w.town.people.mediator },
    );
    if (mine.outcome?.result !== 'success') throw new Error('expected a success');
    expect(mine.outcome.agreement.document).toEqual({
      parties: [
        {
          name: '王秀兰',
          sex: '女',
          age: 52,
          ethnicity: null,
          occupation: null,
          address: '东关前村',
          phone: '138****5678',
        },
        {
          name: '李大山',
          sex: '男',
          age: 60,
          ethnicity: null,
          occupation: null,
          address: '东关后村',
          phone: null,
        },
      ],
      facts: '两家宅基地之间的排水沟堵塞，雨水流进王家院子。',
      responsibility: '李家改建院墙时堵住了排水沟，应负主要责任。',
      signatures: [
        {
          signerRole: 'party',
          partyIndex: 0,
          name: '王秀兰',
          method: 'signature',
          signedAt: SIGNED,
        },
        {
          signerRole: 'party',
          partyIndex: 1,
          name: '李大山',
          method: 'fingerprint',
          signedAt: SIGNED,
        },
        {
          signerRole: 'mediator',
          partyIndex: null,
          name: '孙老支书',
          method: 'signature',
          signedAt: SIGNED,
        },
      ],
      committeeSeal: true,
    });
    const applicants = await w.h.ok<BookingView>(
      fn,
      'get',
      { bookingId: booking.id },
      {
        as: w.town.people.villager,
      },
    );
    if (applicants.outcome?.result !== 'success') throw new Error('expected a success');
    expect(applicants.outcome.agreement.document).toBeNull();
    expect(applicants.outcome.agreement.terms).toEqual(['李家在十日内疏通排水沟']);
  });

  it('a marriage agreement gets no countdown and the parties are told why', async () => {
    const { booking, mediator } = await confirmedBooking(w.rooms.villageTalk._id, {
      disputeType: 'marriage',
      parties: [{ name: '李大山', relation: '丈夫' }],
    });
    expect(booking.judicialConfirmation).toMatchObject({
      available: false,
      notice: JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE,
    });
    const view = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: mediator },
    );
    expect(view.judicialConfirmation).toMatchObject({
      available: false,
      dueBy: null,
      daysLeft: null,
    });
    const told = (await all(w, OUTBOX)).find((o) => o.template === 'mediation.outcome');
    expect(told?.body).toContain(JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE);
    const reply = await w.h.call(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: true },
      { as: w.town.people.villager },
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE },
    });
  });
});

describe('requestConfirmation', () => {
  async function succeeded() {
    const { booking } = await confirmedBooking();
    await w.h.ok(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: w.town.people.mediator },
    );
    return booking;
  }

  it('records the joint application within the 30 days, once', async () => {
    const booking = await succeeded();
    w.h.clock.set('2025-12-01T09:00:00+08:00');
    const view = await w.h.ok<BookingView>(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: true, court: '莒县人民法院小店法庭' },
      { as: w.town.people.villager },
    );
    expect(view.judicialConfirmation).toMatchObject({
      requestedAt: '2025-12-01T09:00:00.000+08:00',
      court: '莒县人民法院小店法庭',
      daysLeft: null,
    });
    const again = await w.h.call(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: true },
      {
        as: w.town.people.villager,
      },
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('is refused after the deadline, in words the villager understands', async () => {
    const booking = await succeeded();
    w.h.clock.set('2025-12-20T09:00:00+08:00');
    const reply = await w.h.call(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: true },
      {
        as: w.town.people.villager,
      },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('CONFLICT');
      expect(reply.error.message).toContain('已经过了');
      expect(reply.error.details?.reason).toBe('deadline_passed');
    }
  });

  it('needs both parties to apply together, and an agreement first', async () => {
    const { booking } = await confirmedBooking();
    const alone = await w.h.call(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: false },
      {
        as: w.town.people.villager,
      },
    );
    expect(alone).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'jointApplication' }] } },
    });
    const early = await w.h.call(
      fn,
      'requestConfirmation',
      { bookingId: booking.id, jointApplication: true },
      {
        as: w.town.people.villager,
      },
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('failure and withdrawal', () => {
  it('tells the parties their routes and refers the case to the court through the 司法所', async () => {
    const { booking } = await confirmedBooking();
    const view = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: {
          result: 'failure',
          routesLeft: ['litigation', 'legal_aid'],
          referredToCourt: true,
          note: '双方对赔偿数额分歧太大',
        },
      },
      { as: w.town.people.mediator },
    );
    expect(view.status).toBe('failed');
    expect(view.outcome).toMatchObject({
      result: 'failure',
      referredToCourt: true,
      routesLeft: [
        expect.objectContaining({ code: 'litigation', label: '到法院起诉' }),
        expect.objectContaining({ code: 'legal_aid' }),
      ],
    });
    const events = await all(w, AUDIT_EVENTS);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['recordFailure', 'referToCourt']),
    );
    const told = (await all(w, OUTBOX)).find((o) => o.template === 'mediation.outcome');
    expect(told?.body).toContain('到法院起诉');
    expect(told?.body).toContain('移交法庭');
    const stored = await BOOKINGS.get(w.h.store, booking.id);
    expect(stored?.referral).toMatchObject({ to: 'court', via: 'judicial_office' });
  });

  it('records a withdrawal: either party may end a mediation', async () => {
    const { booking } = await confirmedBooking();
    const view = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'other_party', note: '对方不愿再谈' },
      },
      { as: w.town.people.mediator },
    );
    expect(view.status).toBe('withdrawn');
    expect(view.outcome).toMatchObject({ result: 'withdrawn', withdrawnBy: '对方当事人' });
  });

  it('resolves the concern the booking came from, and tells its reporter', async () => {
    const concern = await putConcern(w.h.store, w.town, { status: 'transferred' });
    const { booking } = await confirmedBooking(w.rooms.oldSecretary._id, {
      concernId: concern._id,
    });
    const linked = await CONCERNS.get(w.h.store, concern._id);
    expect(linked?.links.bookingId).toBe(booking.id);
    await w.h.ok(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: w.town.people.mediator },
    );
    const resolved = await CONCERNS.get(w.h.store, concern._id);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { resolvedBy: 'system' } });
    const told = (await all(w, OUTBOX)).find((o) => o.template === 'concern.resolved');
    expect(told?.recipientId).toBe(concern.reporterId);
  });

  it('leaves alone a concern that is not waiting on the mediation', async () => {
    const concern = await putConcern(w.h.store, w.town, { status: 'assigned' });
    const { booking } = await confirmedBooking(w.rooms.oldSecretary._id, {
      concernId: concern._id,
    });
    await w.h.ok(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'applicant', note: '自己和好了' },
      },
      { as: w.town.people.mediator },
    );
    expect((await CONCERNS.get(w.h.store, concern._id))?.status).toBe('assigned');
  });
});

describe('refusals', () => {
  it('a villager cannot record an outcome', async () => {
    const { booking } = await confirmedBooking();
    const reply = await w.h.call(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
      { as: w.town.people.villager },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.h.store.count('agreements')).toBe(0);
  });

  it('a mediator of another room cannot record its outcome', async () => {
    const { booking } = await confirmedBooking();
    const reply = await w.h.call(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'applicant', note: '不调了' },
      },
      { as: w.town.people.villageGridWorker },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('no outcome before the other party has consented', async () => {
    const booking = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9);
    const reply = await w.h.call(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'applicant', note: '不调了' },
      },
      { as: w.town.people.mediator },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('an unknown booking is not found', async () => {
    const reply = await w.h.call(
      fn,
      'get',
      { bookingId: 'bkg_missing' },
      { as: w.town.people.villager },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
