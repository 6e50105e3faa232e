/**
 * The subjects the matrix acts on, each made through the product's own actions (so they are
 * exactly what a villager's use leaves behind), all in town A's first village 东关前村:
 * a concern of the villager assigned to that village's grid worker, a named clue of the
 * villager, and a booking of the villager at the community's 老支书调解室.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { concernFunction } from '../../functions/concern/concern.function';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import { putTask, signedAgreement } from '../factories/records';
import type { World } from './authz.matrix';
import { storedPhoto } from '../support/photos';
import { CLUES, TASKS } from '../../functions/store/collections';

/** The villager's street-light 求助 in 东关前村, assigned to 张网格 (the same-grid worker). */
export async function concernOf(w: World): Promise<string> {
  const reply = await w.h.ok<{ id: string }>(
    concernFunction,
    'submit',
    {
      kind: 'help',
      topic: 'other',
      text: '村东头的路灯坏了一个星期了，晚上走路看不见',
      place: { gridNodeId: w.town.villages[0]![0]!._id, text: '村东头大槐树旁' },
    },
    { as: w.town.people.villager },
  );
  return reply.id;
}

/** The same concern, accepted, started and resolved by its assignee (ready for 回访). */
export async function resolvedConcernOf(w: World): Promise<string> {
  const id = await concernOf(w);
  const as = { as: w.town.people.villageGridWorker };
  await w.h.ok(concernFunction, 'accept', { concernId: id }, as);
  await w.h.ok(concernFunction, 'start', { concernId: id }, as);
  await w.h.ok(concernFunction, 'resolve', { concernId: id, note: '已换新灯泡' }, as);
  return id;
}

/** The open handle_concern task of the same-grid worker for a fresh concern. */
export async function taskOf(w: World): Promise<string> {
  const concernId = await concernOf(w);
  const page = await TASKS.query(w.h.store, {
    where: { 'subject.type': 'concern', 'subject.id': concernId },
  });
  const task = page.docs.find((t) => t.assigneeId === w.town.people.villageGridWorker._id);
  if (task === undefined) throw new Error('no task for the same-grid worker');
  return task._id;
}

/**
 * A 回访 task of the same-grid worker on a fresh concern (a handling task can only be
 * completed by resolving the concern, so `complete` is tried on this one).
 */
export async function returnVisitTaskOf(w: World): Promise<string> {
  const concernId = await concernOf(w);
  const task = await putTask(w.h.store, w.town, {
    kind: 'return_visit',
    subject: { type: 'concern', id: concernId },
    assigneeId: w.town.people.villageGridWorker._id,
  });
  return task._id;
}

export const REPORTER_NAME = '王秀兰';
export const REPORTER_PHONE = '13812345678';

/**
 * A clue the villager filed under their own name (实名) in 东关前村: the liaison reviews it and
 * 张网格 gets the 核实 task. Answers its id and tracking code.
 */
export async function clueOf(w: World): Promise<{ clueId: string; trackingCode: string }> {
  const reply = await w.h.ok<{ trackingCode: string }>(
    clueFunction,
    'submit',
    {
      domain: 'ecology_resources',
      seen: '河边有个厂子晚上往河里排黑水，气味很大，鱼都死了',
      place: { text: '东关前村村东小河桥下', gridNodeId: w.town.villages[0]![0]!._id },
      when: { date: '2025-11-15', time: '21:30', ongoing: true },
      photos: [await storedPhoto(w.h, w.town.people.villager)],
      reporter: { kind: 'named', name: REPORTER_NAME, phone: REPORTER_PHONE },
    },
    { as: w.town.people.villager },
  );
  const code = reply.trackingCode.replace(/-/g, '');
  const page = await CLUES.query(w.h.store, {
    where: { trackingCode: code },
  });
  const clue = page.docs[0];
  if (clue === undefined) throw new Error('clue not stored');
  return { clueId: clue._id, trackingCode: reply.trackingCode };
}

/** The same clue after the liaison asked the reporter for more (补充材料). */
export async function clueAskingMoreOf(w: World): Promise<{ trackingCode: string }> {
  const clue = await clueOf(w);
  const as = { as: w.town.people.liaison };
  await w.h.ok(clueFunction, 'review', { clueId: clue.clueId, action: 'startReview' }, as);
  await w.h.ok(
    clueFunction,
    'review',
    { clueId: clue.clueId, action: 'requestMoreInfo', note: '请补充排污口的照片' },
    as,
  );
  return clue;
}

/** Wednesday 2025-11-19 09:00 and Thursday 09:00 (the harness starts on Monday 17th). */
export const WED_9 = '2025-11-19T09:00:00.000+08:00';
export const THU_9 = '2025-11-20T09:00:00.000+08:00';

/** The villager's booking at 东关新村老支书调解室 (run by 孙老支书, the matrix's mediator). */
export async function bookingOf(w: World): Promise<string> {
  const reply = await w.h.ok<{ id: string }>(
    mediationFunction,
    'book',
    bookInput(w.rooms.oldSecretary._id, WED_9),
    { as: w.town.people.villager },
  );
  return reply.id;
}

/** What the villager sends to book a room. */
export function bookInput(roomId: string, slotStart: string) {
  return {
    roomId,
    slotStart,
    applicant: { name: REPORTER_NAME, phone: '139 0000 0001' },
    parties: [{ name: '李大山', phone: '13700001111', relation: '邻居' }],
    disputeType: 'neighbour',
    summary: '两家之间的排水沟被堵，下雨天水流进我家院子',
    consent: true,
  };
}

/** The booking with the other party's consent, the clock after the session. */
export async function confirmedBookingOf(w: World): Promise<string> {
  const id = await bookingOf(w);
  await w.h.ok(
    mediationFunction,
    'recordConsent',
    { bookingId: id, partyIndex: 0, agreed: true, via: 'phone' },
    { as: w.town.people.mediator },
  );
  w.h.clock.set('2025-11-19T10:30:00+08:00');
  return id;
}

export const SIGNED = '2025-11-19T10:00:00.000+08:00';

/** The booking after a successful mediation with a signed agreement (司法确认 possible). */
export async function succeededBookingOf(w: World): Promise<string> {
  const id = await confirmedBookingOf(w);
  await w.h.ok(
    mediationFunction,
    'recordOutcome',
    { bookingId: id, outcome: { result: 'success', agreement: signedAgreement(SIGNED) } },
    { as: w.town.people.mediator },
  );
  return id;
}

/** The booking after the mediator recorded that the other party did not come. */
export async function noShowBookingOf(w: World): Promise<string> {
  const id = await confirmedBookingOf(w);
  await w.h.ok(
    mediationFunction,
    'markNoShow',
    { bookingId: id, who: 'other_party' },
    { as: w.town.people.mediator },
  );
  return id;
}
