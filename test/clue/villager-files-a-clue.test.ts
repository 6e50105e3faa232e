/**
 * A villager files a public-interest clue (公益诉讼线索), anonymously or by name, and follows
 * it by tracking code (查询码); the liaison and the grid worker get their tasks; a named
 * reporter's identity reaches the prosecutor only.
 */
import { TRACKING_CODE_LENGTH } from '../../shared/clue/clue.catalog';
import { formatCode, makeCode } from '../../shared/validation/codes';
import { clueFunction } from '../../functions/clue/clue.function';
import type { SubmitClueReply } from '../../functions/clue/submit-clue';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { storedPhoto } from '../support/photos';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import {
  NAMED,
  clueByCode,
  clueInput,
  clues,
  counts,
  eventsOf,
  outboxFor,
  tasksOf,
  rawDocs,
} from './clue.helpers';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const submit = (data: unknown, as: { _id: string } | null, requestId?: string) =>
  h.ok<SubmitClueReply>(clueFunction, 'submit', data, {
    as,
    ...(requestId === undefined ? {} : { requestId }),
  });

describe('an anonymous clue', () => {
  it('gives a tracking code and the deadlines, and the tracking page shows the status and nothing personal', async () => {
    const reply = await submit(clueInput(town), null);
    expect(reply.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(reply.anonymous).toBe(true);
    // Received on Monday 17 Nov 2025: 7 working days → Wed 26 Nov; 3 months → 17 Feb 2026,
    // in the Spring Festival break, so the first working day after it: 24 Feb.
    expect(reply.proceduralReplyDueAt).toBe('2025-11-26T23:59:59.999+08:00');
    expect(reply.resultDueAt).toBe('2026-02-24T23:59:59.999+08:00');
    expect(reply.message).toContain(reply.trackingCode);
    expect(reply.nextSteps.join('')).toContain('2025年11月26日');
    expect(reply.nextSteps.join('')).toContain('匿名');

    const tracked = await h.ok<Record<string, unknown>>(
      clueFunction,
      'track',
      { trackingCode: reply.trackingCode.toLowerCase() },
      { as: null },
    );
    expect(tracked).toMatchObject({
      status: 'received',
      statusLabel: '已收到',
      domain: { label: '生态环境和资源保护' },
      canSupplement: false,
      timeline: [{ label: '提交线索，检察机关已收到' }],
    });
    expect(String(tracked.explanation)).toContain('7 个工作日');
    const json = JSON.stringify(tracked);
    for (const secret of [
      '东关前村村东小河桥下',
      '排黑水',
      '某化工厂',
      'cloud://',
      town.people.liaison._id,
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('stores no account at all, not even the signed-in caller’s, anywhere the submission writes', async () => {
    const villager = town.people.villager;
    const reply = await submit(clueInput(town), villager, 'req-anon-0001');
    const clue = await clueByCode(h, reply.trackingCode);
    expect(clue.reporter).toEqual({ kind: 'anonymous' });
    for (const collection of <const>[
      'clues',
      'clue_codes',
      'audit_events',
      'tasks',
      'outbox',
      'idempotency',
    ]) {
      const docs = await rawDocs(h, collection);
      expect(docs.length).toBeGreaterThan(0);
      expect(JSON.stringify(docs)).not.toContain(villager._id);
    }
    const events = await eventsOf(h, clue._id);
    expect(events.map((e) => e.actorId)).toEqual(['reporter']);
    const mine = await h.ok<{ items: unknown[] }>(clueFunction, 'listMine', {}, { as: villager });
    expect(mine.items).toEqual([]);
  });

  it('can be filed with no account: the town comes from the grid node', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const reply = await submit(
      clueInput(other, { place: { text: '西岭后村', gridNodeId: other.villages[1]![1]!._id } }),
      null,
    );
    const clue = await clueByCode(h, reply.trackingCode);
    expect(clue.townId).toBe('town-b');
    const tasks = await tasksOf(h, clue._id);
    expect(tasks.map((t) => t.assigneeId).sort()).toEqual(
      [other.people.liaison._id, other.people.otherCommunityGridWorker._id].sort(),
    );
  });
});

describe('routing and tasks', () => {
  it('gives the town’s liaison a review task and the place’s grid worker a verification task, each with its reason', async () => {
    const reply = await submit(clueInput(town), null);
    const clue = await clueByCode(h, reply.trackingCode);
    const tasks = await tasksOf(h, clue._id);
    const review = tasks.find((t) => t.kind === 'review_clue');
    const verify = tasks.find((t) => t.kind === 'verify_clue');
    expect(review).toMatchObject({
      assigneeId: town.people.liaison._id,
      status: 'open',
      dueAt: clue.deadlines.proceduralReplyDueAt,
      reason: { ruleId: 'clue.default' },
    });
    expect(review?.reason.explanation).toContain('检察联络员');
    expect(verify).toMatchObject({
      assigneeId: town.people.villageGridWorker._id,
      status: 'open',
      reason: { ruleId: 'clue.default' },
    });
    expect(verify?.reason.explanation).toContain('东关前村');
    expect(verify?.reason.explanation).toContain('网格员');
    expect(clue).toMatchObject({
      liaisonId: town.people.liaison._id,
      verifierId: town.people.villageGridWorker._id,
      status: 'received',
    });
    // Both are pushed.
    expect(await outboxFor(h, town.people.liaison._id)).toHaveLength(1);
    const [push] = await outboxFor(h, town.people.villageGridWorker._id);
    expect(push?.title).toContain('核实');
  });

  it('with the same requestId ten times, files one clue and answers the same code', async () => {
    const data = clueInput(town);
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => submit(data, null, 'req-same-0001')),
    );
    expect(new Set(replies.map((r) => r.trackingCode)).size).toBe(1);
    expect(await counts(h)).toMatchObject({ clues: 1, clue_codes: 1, tasks: 2, idempotency: 1 });
    // A different request is a different clue.
    await submit(data, null, 'req-other-001');
    expect(await h.store.count('clues')).toBe(2);
  });

  it('a named, signed-in reporter retrying keeps one clue too', async () => {
    const data = clueInput(town, { reporter: NAMED });
    for (let i = 0; i < 10; i += 1) await submit(data, town.people.villager, 'req-named-001');
    expect(await h.store.count('clues')).toBe(1);
  });
});

describe('a named reporter', () => {
  async function namedClue() {
    const photo = await storedPhoto(h, town.people.villager);
    const data = clueInput(town, { reporter: NAMED, photos: [photo] });
    const reply = await submit(data, town.people.villager);
    return clueByCode(h, reply.trackingCode);
  }

  it('is shown to the prosecutor with name and phone, and each such read is audited', async () => {
    const clue = await namedClue();
    const view = await h.ok<{ reporter: unknown }>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: town.people.prosecutor },
    );
    expect(view.reporter).toEqual({
      kind: 'named',
      label: '实名举报',
      name: '王秀兰',
      phone: '13812345678',
    });
    await h.ok(clueFunction, 'get', { clueId: clue._id }, { as: town.people.prosecutor });
    const reads = (await eventsOf(h, clue._id)).filter((e) => e.action === 'read_protected');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      actorId: town.people.prosecutor._id,
      actorRole: 'prosecutor',
      visibleToReporter: false,
    });
    // The reporter's own timeline does not list the reads.
    const tracked = await h.ok<{ timeline: unknown[] }>(
      clueFunction,
      'track',
      { trackingCode: clue.trackingCode },
      { as: null },
    );
    expect(tracked.timeline).toHaveLength(1);
  });

  it('is hidden from the grid worker’s verification view, the liaison and the centre, and their reads are not logged as protected', async () => {
    const clue = await namedClue();
    const secrets = ['王秀兰', '13812345678', '138****5678', town.people.villager._id];
    const { villageGridWorker, liaison, centre } = town.people;
    for (const viewer of [villageGridWorker, liaison, centre]) {
      const view = await h.ok<Record<string, unknown>>(
        clueFunction,
        'get',
        { clueId: clue._id },
        { as: viewer },
      );
      const json = JSON.stringify(view);
      for (const secret of secrets) expect(json).not.toContain(secret);
      expect(view.seen).toBe(clue.seen);
      expect(json).not.toContain(clue.trackingCode);
    }
    const verifierView = await h.ok<Record<string, unknown>>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: villageGridWorker },
    );
    expect(verifierView).not.toHaveProperty('reporter');
    expect(verifierView).toMatchObject({
      place: { text: '东关前村村东小河桥下' },
      photos: [{ fileId: clue.photos[0], url: expect.stringMatching(/^\/api\/files\//) }],
      canVerify: true,
    });
    const liaisonView = await h.ok<Record<string, unknown>>(
      clueFunction,
      'get',
      { clueId: clue._id },
      { as: liaison },
    );
    expect(liaisonView.reporter).toEqual({
      kind: 'named',
      label: '实名举报（举报人身份仅检察官可见）',
    });
    expect((await eventsOf(h, clue._id)).some((e) => e.action === 'read_protected')).toBe(false);
    // Nor do the staff pushes carry the reporter.
    for (const viewer of [villageGridWorker, liaison]) {
      const json = JSON.stringify(await outboxFor(h, viewer._id));
      for (const secret of secrets) expect(json).not.toContain(secret);
    }
  });

  it('finds their clue in their own list; the tracking page still shows nothing personal', async () => {
    const clue = await namedClue();
    const mine = await h.ok<{
      items: { clueId: string; trackingCode: string; statusLabel: string }[];
    }>(clueFunction, 'listMine', {}, { as: town.people.villager });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      clueId: clue._id,
      trackingCode: formatCode(clue.trackingCode),
      statusLabel: '已收到',
    });
    const tracked = await h.ok(
      clueFunction,
      'track',
      { trackingCode: clue.trackingCode },
      { as: null },
    );
    expect(JSON.stringify(tracked)).not.toContain('王秀兰');
    expect(JSON.stringify(tracked)).not.toContain('13812345678');
  });
});

describe('possible duplicates', () => {
  it('links a second open clue of the same domain in the same village, nearest first, and shows it to the prosecutor', async () => {
    const first = await clueByCode(h, (await submit(clueInput(town), null)).trackingCode);
    // ~111 m north of the first.
    const second = await clueByCode(
      h,
      (
        await submit(
          clueInput(town, {
            place: {
              text: '村东小河',
              gridNodeId: town.villages[0]![0]!._id,
              coordinates: { lat: 35.601, lng: 118.8 },
            },
          }),
          null,
        )
      ).trackingCode,
    );
    expect(second.duplicateCandidates).toHaveLength(1);
    expect(second.duplicateCandidates[0]).toMatchObject({ clueId: first._id });
    expect(second.duplicateCandidates[0]?.distanceMeters).toBeGreaterThan(100);
    expect(second.duplicateCandidates[0]?.distanceMeters).toBeLessThan(120);
    expect(second.duplicateCandidates[0]?.reason).toContain('东关前村');

    const view = await h.ok<{
      possibleDuplicates: { clueId: string; placeText: string; status: string }[];
    }>(clueFunction, 'get', { clueId: second._id }, { as: town.people.prosecutor });
    expect(view.possibleDuplicates).toEqual([
      expect.objectContaining({
        clueId: first._id,
        placeText: '东关前村村东小河桥下',
        status: 'received',
      }),
    ]);
    // Both ways: the first clue's reviewer sees the second too, with the same reason.
    const firstNow = await clueByCode(h, first.trackingCode);
    expect(firstNow.duplicateCandidates).toEqual([
      expect.objectContaining({
        clueId: second._id,
        reason: second.duplicateCandidates[0]?.reason,
      }),
    ]);
    const firstView = await h.ok<{ possibleDuplicates: { clueId: string }[] }>(
      clueFunction,
      'get',
      { clueId: first._id },
      { as: town.people.prosecutor },
    );
    expect(firstView.possibleDuplicates.map((d) => d.clueId)).toEqual([second._id]);
  });

  it('does not link another domain, another village or a place more than 500 m away', async () => {
    await submit(clueInput(town), null);
    const otherDomain = await clueByCode(
      h,
      (await submit(clueInput(town, { domain: 'food_drug_safety' }), null)).trackingCode,
    );
    const otherVillage = await clueByCode(
      h,
      (
        await submit(
          clueInput(town, { place: { text: '东关后村', gridNodeId: town.villages[0]![1]!._id } }),
          null,
        )
      ).trackingCode,
    );
    const far = await clueByCode(
      h,
      (
        await submit(
          clueInput(town, {
            place: {
              text: '村西',
              gridNodeId: town.villages[0]![0]!._id,
              coordinates: { lat: 35.61, lng: 118.8 },
            },
          }),
          null,
        )
      ).trackingCode,
    );
    expect(otherDomain.duplicateCandidates).toEqual([]);
    expect(otherVillage.duplicateCandidates).toEqual([]);
    expect(far.duplicateCandidates).toEqual([]);
  });
});

describe('refused submissions leave the store unchanged', () => {
  it('bad input: VALIDATION_FAILED in Chinese, naming the field', async () => {
    const before = await counts(h);
    const reply = await h.call(clueFunction, 'submit', clueInput(town, { seen: '脏' }), {
      as: null,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (!reply.ok) {
      expect(reply.error.message).toMatch(/\p{Script=Han}/u);
      expect(reply.error.details?.fields?.[0]?.field).toBe('seen');
    }
    const noDomain = await h.call(clueFunction, 'submit', clueInput(town, { domain: 'weather' }), {
      as: null,
    });
    expect(!noDomain.ok && noDomain.error.details?.fields?.[0]?.field).toBe('domain');
    expect(await counts(h)).toEqual(before);
  });

  it('a place outside the caller’s town is refused on place.gridNodeId', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const before = await counts(h);
    const reply = await h.call(
      clueFunction,
      'submit',
      clueInput(town, { place: { text: '西岭', gridNodeId: other.villages[1]![0]!._id } }),
      { as: town.people.villager },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!reply.ok && reply.error.details?.fields?.[0]?.field).toBe('place.gridNodeId');
    const unknown = await h.call(
      clueFunction,
      'submit',
      clueInput(town, { place: { text: '某地', gridNodeId: 'nowhere' } }),
      { as: null },
    );
    expect(!unknown.ok && unknown.error.message).toContain('没有找到');
    expect(await counts(h)).toEqual(before);
  });

  it('text that fails the content check is refused with CONTENT_REJECTED on its field', async () => {
    const before = await counts(h);
    const reply = await h.call(
      clueFunction,
      'submit',
      clueInput(town, { party: { name: '某厂', description: '老板还开赌博网站' } }),
      { as: null },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED' } });
    expect(!reply.ok && reply.error.details?.fields?.[0]?.field).toBe('party.description');
    expect(await counts(h)).toEqual(before);
  });
});

describe('tracking by code', () => {
  it('a well-formed code nobody holds is NOT_FOUND in Chinese; a mistyped one fails its check', async () => {
    await submit(clueInput(town), null);
    let seed = 7;
    const unused = makeCode(TRACKING_CODE_LENGTH, (max) => (seed = (seed * 31 + 11) % 1009) % max);
    const reply = await h.call(clueFunction, 'track', { trackingCode: unused }, { as: null });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(!reply.ok && reply.error.message).toMatch(/查询码/);

    const [clue] = await clues(h);
    const code = clue!.trackingCode;
    // One character changed: the check character catches it before any lookup.
    const typo = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    const mistyped = await h.call(clueFunction, 'track', { trackingCode: typo }, { as: null });
    expect(mistyped).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
