/**
 * The procuratorate reviews a clue (公益诉讼线索): the liaison starts the review, asks the grid
 * worker to verify on the spot (核实), the prosecutor decides — and the reporter reads each
 * step on the tracking page (件件有回复). Refusals for everyone who may not.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import type { SubmitClueReply } from '../../functions/clue/submit-clue';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { storedPhoto } from '../support/photos';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { NAMED, clueByCode, clueInput, counts, eventsOf, outboxFor, tasksOf } from './clue.helpers';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const HOUR = 3600 * 1000;

interface TrackView {
  status: string;
  statusLabel: string;
  explanation: string;
  canSupplement: boolean;
  deadlines: { proceduralReplied: boolean; resultReplied: boolean; text: string };
  decision?: { label: string; reason?: string; transferredTo?: string };
  timeline: { label: string; note?: string }[];
}

async function file(over: Record<string, unknown> = {}, as: { _id: string } | null = null) {
  const reply = await h.ok<SubmitClueReply>(clueFunction, 'submit', clueInput(town, over), { as });
  const clue = await clueByCode(h, reply.trackingCode);
  return { code: reply.trackingCode, clue };
}

/** Each step a minute after the last, so timelines have one order (ids tie-break at random). */
const review = (as: { _id: string }, data: Record<string, unknown>) => {
  h.clock.advance(60_000);
  return h.call<{ status: string; deadlines: { proceduralRepliedAt: string | null } }>(
    clueFunction,
    'review',
    data,
    { as },
  );
};

const track = (code: string) =>
  h.ok<TrackView>(clueFunction, 'track', { trackingCode: code }, { as: null });

const stored = async (code: string) => clueByCode(h, code);

describe('the review, step by step', () => {
  it('received → under review → verifying → verified → accepted, each step on the tracking page in plain Chinese', async () => {
    const { liaison, prosecutor, villageGridWorker, villager } = town.people;
    const { code, clue } = await file({ reporter: NAMED }, villager);
    expect((await track(code)).deadlines.proceduralReplied).toBe(false);

    h.clock.advance(2 * HOUR);
    const started = await review(liaison, { clueId: clue._id, action: 'startReview' });
    const firstStepAt = h.clock.nowIso();
    expect(started).toMatchObject({ ok: true, data: { status: 'under_review' } });
    expect((await stored(code)).deadlines.proceduralRepliedAt).toBe(firstStepAt);
    let page = await track(code);
    expect(page).toMatchObject({ status: 'under_review', statusLabel: '审查中' });
    expect(page.explanation).toBe('检察官正在审查您反映的情况。');
    expect(page.deadlines.proceduralReplied).toBe(true);
    expect(page.timeline.map((s) => s.label)).toEqual(['提交线索，检察机关已收到', '开始审查']);

    h.clock.advance(24 * HOUR);
    const asked = await review(liaison, {
      clueId: clue._id,
      action: 'requestVerification',
      note: '看看排污口是不是还在排水',
    });
    expect(asked).toMatchObject({ ok: true, data: { status: 'verifying' } });
    page = await track(code);
    expect(page.statusLabel).toBe('现场核实中');
    expect(page.timeline.at(-1)).toEqual({ at: expect.any(String), label: '安排现场核实' });
    // The note was for the grid worker, not the reporter; the grid worker reads it.
    expect(JSON.stringify(page)).not.toContain('排污口是不是');
    const verifierView = await h.ok<{ verificationRequest: string }>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: villageGridWorker },
    );
    expect(verifierView.verificationRequest).toBe('看看排污口是不是还在排水');
    // The grid worker still held the 核实 task from routing: no second one.
    expect((await tasksOf(h, clue._id)).filter((t) => t.kind === 'verify_clue')).toHaveLength(1);

    h.clock.advance(5 * HOUR);
    const verified = await h.call(
      clueFunction,
      'verify',
      {
        clueId: clue._id,
        findings: '桥下确有一根排污管，晚上有黑水流出',
        photos: [await storedPhoto(h, villageGridWorker)],
        foundAsDescribed: 'yes',
      },
      { as: villageGridWorker },
    );
    expect(verified).toMatchObject({ ok: true, data: { status: 'under_review' } });
    const verifyTask = (await tasksOf(h, clue._id)).find((t) => t.kind === 'verify_clue');
    expect(verifyTask?.status).toBe('done');
    page = await track(code);
    expect(page.statusLabel).toBe('审查中');
    expect(page.timeline.at(-1)?.label).toBe('现场核实完成');
    expect(JSON.stringify(page)).not.toContain('排污管');

    const view = await h.ok<{ verification: { findings: string; foundAsDescribedLabel: string } }>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: prosecutor },
    );
    expect(view.verification).toMatchObject({
      findings: '桥下确有一根排污管，晚上有黑水流出',
      foundAsDescribedLabel: '与线索反映的一致',
    });

    const accepted = await review(prosecutor, { clueId: clue._id, action: 'accept' });
    expect(accepted).toMatchObject({ ok: true, data: { status: 'accepted' } });
    page = await track(code);
    expect(page).toMatchObject({
      status: 'accepted',
      statusLabel: '已受理',
      decision: { label: '已受理' },
    });
    expect(page.explanation).toContain('受理');
    expect(page.deadlines.resultReplied).toBe(true);
    expect(page.timeline.map((s) => s.label)).toEqual([
      '提交线索，检察机关已收到',
      '开始审查',
      '安排现场核实',
      '现场核实完成',
      '线索已受理',
    ]);
    const after = await stored(code);
    // The procedural reply stays the first step's time.
    expect(after.deadlines.proceduralRepliedAt).toBe(firstStepAt);
    expect(after.decision).toMatchObject({ result: 'accepted', by: prosecutor._id });
    const reviewTask = (await tasksOf(h, clue._id)).find((t) => t.kind === 'review_clue');
    expect(reviewTask?.status).toBe('done');

    // The named, signed-in reporter got a push for each of the four steps, in words.
    const pushes = await outboxFor(h, villager._id);
    expect(pushes).toHaveLength(4);
    expect(pushes.map((p) => p.body).join('')).toContain('受理');
    // Every step was audited with the role that took it.
    const roles = (await eventsOf(h, clue._id))
      .filter((e) => e.to !== e.from)
      .map((e) => `${e.action}:${e.actorRole}`);
    expect(roles).toEqual([
      'submit:villager',
      'startReview:prosecutor_liaison',
      'requestVerification:prosecutor_liaison',
      'reportVerification:grid_worker',
      'accept:prosecutor',
    ]);
  });

  it('a grid worker may report before anyone asks: the report is kept and the status stays', async () => {
    const { code, clue } = await file();
    h.clock.advance(60_000);
    const reply = await h.call(
      clueFunction,
      'verify',
      { clueId: clue._id, findings: '现场没有看到排污', foundAsDescribed: 'no' },
      { as: town.people.villageGridWorker },
    );
    expect(reply).toMatchObject({ ok: true, data: { status: 'received' } });
    expect((await stored(code)).verification?.foundAsDescribed).toBe('no');
    expect((await track(code)).timeline.at(-1)?.label).toBe('网格员已到现场核实');
    // The task is done, so a second report is refused.
    const again = await h.call(
      clueFunction,
      'verify',
      { clueId: clue._id, findings: '再看一次', foundAsDescribed: 'no' },
      { as: town.people.villageGridWorker },
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('asking the reporter for more: the tracking page says what, the reporter supplements by code', async () => {
    const { liaison, prosecutor } = town.people;
    const { code, clue } = await file();
    await review(liaison, { clueId: clue._id, action: 'startReview' });
    const asked = await review(liaison, {
      clueId: clue._id,
      action: 'requestMoreInfo',
      note: '请补充排污口的照片和大概几点排水',
    });
    expect(asked).toMatchObject({ ok: true, data: { status: 'more_info_requested' } });
    let page = await track(code);
    expect(page).toMatchObject({ statusLabel: '待补充材料', canSupplement: true });
    expect(page.timeline.at(-1)).toMatchObject({
      label: '请您补充材料',
      note: '请补充排污口的照片和大概几点排水',
    });

    h.clock.advance(60_000);
    const supplied = await h.call(
      clueFunction,
      'supplement',
      {
        trackingCode: code.toLowerCase().replace(/-/g, ' '),
        text: '一般是晚上十点以后排，照片补上了',
      },
      { as: null },
    );
    expect(supplied).toMatchObject({
      ok: true,
      data: { status: 'under_review', statusLabel: '审查中' },
    });
    page = await track(code);
    expect(page.canSupplement).toBe(false);
    expect(page.timeline.at(-1)?.label).toBe('已补充材料');
    const view = await h.ok<{ supplements: { text: string }[] }>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: prosecutor },
    );
    expect(view.supplements.map((s) => s.text)).toEqual(['一般是晚上十点以后排，照片补上了']);
    expect((await outboxFor(h, liaison._id)).map((o) => o.title)).toContain('举报人已补充线索材料');

    const unasked = await h.call(
      clueFunction,
      'supplement',
      { trackingCode: code, text: '再补充一点' },
      { as: null },
    );
    expect(unasked).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('not accepting needs a reason, which the reporter reads', async () => {
    const { prosecutor } = town.people;
    const { code, clue } = await file();
    await review(prosecutor, { clueId: clue._id, action: 'startReview' });
    const bare = await review(prosecutor, { clueId: clue._id, action: 'notAccept' });
    expect(bare).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!bare.ok && bare.error.details?.fields?.[0]?.field).toBe('note');
    expect(!bare.ok && bare.error.message).toMatch(/\p{Script=Han}/u);
    expect((await stored(code)).status).toBe('under_review');

    const reasoned = await review(prosecutor, {
      clueId: clue._id,
      action: 'notAccept',
      note: '经核实已经整改，不属于公益诉讼范围',
    });
    expect(reasoned).toMatchObject({ ok: true, data: { status: 'not_accepted' } });
    const page = await track(code);
    expect(page).toMatchObject({
      statusLabel: '不予受理',
      decision: { reason: '经核实已经整改，不属于公益诉讼范围' },
    });
    expect(page.timeline.at(-1)?.note).toBe('经核实已经整改，不属于公益诉讼范围');
    // The open 核实 task is no longer needed.
    const verify = (await tasksOf(h, clue._id)).find((t) => t.kind === 'verify_clue');
    expect(verify?.status).toBe('cancelled');
  });

  it('a transfer names the administrative body on the tracking page', async () => {
    const { prosecutor } = town.people;
    const { code, clue } = await file();
    await review(prosecutor, { clueId: clue._id, action: 'startReview' });
    const moved = await review(prosecutor, {
      clueId: clue._id,
      action: 'transfer',
      transferredTo: '莒县生态环境分局',
      note: '属于环保部门日常监管',
    });
    expect(moved).toMatchObject({ ok: true, data: { status: 'transferred' } });
    const page = await track(code);
    expect(page).toMatchObject({
      statusLabel: '已移送行政机关',
      decision: { transferredTo: '莒县生态环境分局' },
    });
    expect(page.timeline.at(-1)?.note).toContain('莒县生态环境分局');
  });

  it('a verification asked for when the routed task is done makes a new task for the place’s grid worker', async () => {
    const { liaison, villageGridWorker } = town.people;
    const { clue } = await file();
    await h.ok(
      clueFunction,
      'verify',
      { clueId: clue._id, findings: '看过了', foundAsDescribed: 'partly' },
      { as: villageGridWorker },
    );
    h.clock.advance(HOUR);
    await review(liaison, { clueId: clue._id, action: 'startReview' });
    const asked = await review(liaison, { clueId: clue._id, action: 'requestVerification' });
    expect(asked).toMatchObject({ ok: true });
    const verifyTasks = (await tasksOf(h, clue._id)).filter((t) => t.kind === 'verify_clue');
    expect(verifyTasks.map((t) => [t.assigneeId, t.status])).toEqual([
      [villageGridWorker._id, 'done'],
      [villageGridWorker._id, 'open'],
    ]);
  });
});

describe('the review queue', () => {
  it('lists pending clues oldest first with where each deadline stands, by status and by domain', async () => {
    const { liaison, prosecutor } = town.people;
    const first = await file();
    h.clock.advance(HOUR);
    const second = await file({ domain: 'food_drug_safety' });
    await review(liaison, { clueId: second.clue._id, action: 'startReview' });

    type Queue = {
      items: {
        clueId: string;
        deadlines: { proceduralState: string; resultState: string };
      }[];
    };
    const queue = await h.ok<Queue>(clueFunction, 'listForReview', {}, { as: prosecutor });
    expect(queue.items.map((i) => i.clueId)).toEqual([first.clue._id, second.clue._id]);
    expect(queue.items[0]?.deadlines.proceduralState).toBe('on_time');
    expect(queue.items[1]?.deadlines.proceduralState).toBe('replied');

    const received = await h.ok<Queue>(
      clueFunction,
      'listForReview',
      { status: 'received' },
      { as: liaison },
    );
    expect(received.items.map((i) => i.clueId)).toEqual([first.clue._id]);
    const food = await h.ok<Queue>(
      clueFunction,
      'listForReview',
      { domain: 'food_drug_safety' },
      { as: liaison },
    );
    expect(food.items.map((i) => i.clueId)).toEqual([second.clue._id]);

    // Ten days on, the unanswered clue is overdue for its procedural reply.
    h.clock.advance(10 * 24 * HOUR);
    const later = await h.ok<Queue>(clueFunction, 'listForReview', {}, { as: prosecutor });
    expect(later.items[0]?.deadlines).toMatchObject({
      proceduralState: 'overdue',
      resultState: 'on_time',
    });

    const paged = await h.ok<{ items: unknown[]; nextCursor: string | null }>(
      clueFunction,
      'listForReview',
      { limit: 1 },
      { as: prosecutor },
    );
    expect(paged.items).toHaveLength(1);
    const next = await h.ok<Queue>(
      clueFunction,
      'listForReview',
      { limit: 1, cursor: paged.nextCursor },
      { as: prosecutor },
    );
    expect(next.items.map((i) => i.clueId)).toEqual([second.clue._id]);
    const bad = await h.call(
      clueFunction,
      'listForReview',
      { cursor: 'garbage' },
      { as: prosecutor },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('refusals', () => {
  it('a villager cannot review, list the queue or open a clue', async () => {
    const { clue } = await file();
    const before = await counts(h);
    for (const [action, data] of [
      ['review', { clueId: clue._id, action: 'startReview' }],
      ['listForReview', {}],
      ['get', { clueId: clue._id }],
    ] as const) {
      const reply = await h.call(clueFunction, action, data, { as: town.people.villager });
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const anonymous = await h.call(
      clueFunction,
      'review',
      { clueId: clue._id, action: 'startReview' },
      { as: null },
    );
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await counts(h)).toEqual(before);
  });

  it('a retried review step answers the first result instead of a conflict', async () => {
    const { clue } = await file();
    const data = { clueId: clue._id, action: 'startReview' };
    const options = { as: town.people.liaison, requestId: 'req-review-01' };
    const first = await h.call(clueFunction, 'review', data, options);
    const again = await h.call(clueFunction, 'review', data, options);
    expect(first).toMatchObject({ ok: true, data: { status: 'under_review' } });
    expect(again).toEqual(first);
    const steps = (await eventsOf(h, clue._id)).filter((e) => e.action === 'startReview');
    expect(steps).toHaveLength(1);
  });

  it('only a prosecutor decides: the liaison may not accept', async () => {
    const { clue } = await file();
    await review(town.people.liaison, { clueId: clue._id, action: 'startReview' });
    const reply = await review(town.people.liaison, { clueId: clue._id, action: 'accept' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a grid worker without the 核实 task can neither verify nor read the clue', async () => {
    const { clue } = await file();
    const other = town.people.communityGridWorker;
    const verify = await h.call(
      clueFunction,
      'verify',
      { clueId: clue._id, findings: '我也去看了', foundAsDescribed: 'yes' },
      { as: other },
    );
    expect(verify).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const read = await h.call(clueFunction, 'get', { clueId: clue._id }, { as: other });
    expect(read).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(read)).not.toContain(clue.seen);
    expect((await stored(clue.trackingCode)).verification).toBeUndefined();
  });

  it('another town’s prosecutor cannot see, list or review the clue', async () => {
    const { clue } = await file({ reporter: NAMED }, town.people.villager);
    const otherTown = await createTestTown(h.store, 'town-b');
    const stranger = otherTown.people.prosecutor;
    const read = await h.call(clueFunction, 'get', { clueId: clue._id }, { as: stranger });
    expect(read).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(read)).not.toContain('王秀兰');
    const step = await review(stranger, { clueId: clue._id, action: 'startReview' });
    expect(step).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const queue = await h.ok<{ items: unknown[] }>(
      clueFunction,
      'listForReview',
      {},
      { as: stranger },
    );
    expect(queue.items).toEqual([]);
    expect((await stored(clue.trackingCode)).status).toBe('received');
  });

  it('a step the status does not allow is a CONFLICT and changes nothing', async () => {
    const { code, clue } = await file();
    const early = await review(town.people.prosecutor, { clueId: clue._id, action: 'accept' });
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!early.ok && early.error.message).toContain('已收到');
    expect((await stored(code)).deadlines.proceduralRepliedAt).toBeUndefined();
  });
});
