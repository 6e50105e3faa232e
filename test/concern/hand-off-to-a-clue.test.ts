/**
 * A concern handed to the procuratorate (转公益诉讼线索) becomes a real clue: it is in the
 * liaison's queue with its review and verification tasks and its reply deadlines, linked both
 * ways; the villager is told its tracking code and follows it like any clue; they are named to
 * the prosecutor only when they agreed, and never to the liaison; the liaison does not get the
 * concern (which names the villager); the prosecutor's decision closes the concern.
 */
import { clueFunction } from '../../functions/clue/clue.function';
import { concernFunction } from '../../functions/concern/concern.function';
import type { VillagerConcernView } from '../../functions/concern/concern.views';
import { CLUES, CONCERNS, TASKS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { outboxOf, reportStreetLight } from './concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const POLLUTION = { text: '河边有个厂子晚上往河里排黑水，鱼都死了', topic: 'environment' };

async function handOver(concernId: string, reporterConsent?: boolean) {
  h.clock.advance(60_000);
  return h.call(
    concernFunction,
    'transfer',
    {
      concernId,
      target: {
        to: 'clue',
        domain: 'ecology_resources',
        ...(reporterConsent === undefined ? {} : { reporterConsent }),
      },
      note: '疑似环境污染，涉及公共利益',
    },
    { as: town.people.villageGridWorker },
  );
}

const queue = () =>
  h.ok<{ items: { clueId: string }[] }>(
    clueFunction,
    'listForReview',
    {},
    { as: town.people.liaison },
  );

describe('a concern handed to the procuratorate', () => {
  it('puts a clue in the liaison’s queue that the villager tracks by the code they are told', async () => {
    const { villager, neighbour, liaison, villageGridWorker } = town.people;
    const { id } = await reportStreetLight(h, town, POLLUTION);
    await h.ok(
      concernFunction,
      'join',
      { concernId: id, near: { gridNodeId: town.villages[0]![0]!._id } },
      { as: neighbour },
    );
    expect(await handOver(id)).toMatchObject({ ok: true });

    const concern = (await CONCERNS.get(h.store, id))!;
    const [clueId] = (await queue()).items.map((i) => i.clueId);
    expect(clueId).toBeDefined();
    expect(concern.links.clueId).toBe(clueId);
    const clue = (await CLUES.get(h.store, clueId!))!;
    expect(clue).toMatchObject({
      concernId: id,
      domain: 'ecology_resources',
      seen: POLLUTION.text,
      status: 'received',
      reporter: { kind: 'anonymous' },
      liaisonId: liaison._id,
    });
    // The clue's own pipeline: review and 核实 tasks, the 7-working-day reply clock.
    const clueTasks = (
      await TASKS.query(h.store, { where: { 'subject.type': 'clue', 'subject.id': clueId! } })
    ).docs;
    expect(clueTasks.map((t) => t.kind).sort()).toEqual(['review_clue', 'verify_clue']);
    expect(clue.deadlines.proceduralReplyDueAt).toBeDefined();

    // The villager is told the code; the neighbour who joined is told it went on, no code.
    const notices = (await outboxOf(h, town.townId)).filter((o) =>
      o.template.startsWith('concern.transferred'),
    );
    const toVillager = notices.find((o) => o.recipientId === villager._id)!;
    const code = /查询码 (\S+?)，/.exec(toVillager.body)?.[1];
    expect(code?.replace(/-/g, '')).toBe(clue.trackingCode);
    const toNeighbour = notices.find((o) => o.recipientId === neighbour._id)!;
    expect(toNeighbour.body).not.toContain(clue.trackingCode.slice(0, 4));
    const tracked = await h.ok<{ status: string }>(
      clueFunction,
      'track',
      { trackingCode: code },
      { as: null },
    );
    expect(tracked.status).toBe('received');

    // The liaison works the clue, not the concern: the concern stays with its handler.
    expect(concern.assigneeId).toBe(villageGridWorker._id);
    const asLiaison = await h.call(concernFunction, 'get', { concernId: id }, { as: liaison });
    expect(asLiaison).toMatchObject({ ok: false });
    const liaisonView = await h.ok(clueFunction, 'get', { clueId }, { as: liaison });
    expect(JSON.stringify(liaisonView)).not.toContain(villager.name);
    expect(JSON.stringify(liaisonView)).not.toContain(id);
  });

  it('names the villager to the prosecutor alone when they agreed', async () => {
    const { villager, liaison, prosecutor } = town.people;
    const { id } = await reportStreetLight(h, town, POLLUTION);
    expect(await handOver(id, true)).toMatchObject({ ok: true });
    const [clueId] = (await queue()).items.map((i) => i.clueId);
    const clue = (await CLUES.get(h.store, clueId!))!;
    expect(clue.reporter).toMatchObject({ kind: 'named', name: villager.name });
    const byProsecutor = await h.ok(clueFunction, 'get', { clueId }, { as: prosecutor });
    expect(JSON.stringify(byProsecutor)).toContain(villager.name);
    const byLiaison = await h.ok(clueFunction, 'get', { clueId }, { as: liaison });
    expect(JSON.stringify(byLiaison)).not.toContain(villager.name);
  });

  it('is closed by the prosecutor’s decision, and the villager is told', async () => {
    const { villager, prosecutor } = town.people;
    const { id } = await reportStreetLight(h, town, POLLUTION);
    await handOver(id);
    const [clueId] = (await queue()).items.map((i) => i.clueId);
    h.clock.advance(60_000);
    await h.ok(clueFunction, 'review', { clueId, action: 'startReview' }, { as: prosecutor });
    const before = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: villager },
    );
    expect(before.status).toBe('transferred');
    h.clock.advance(60_000);
    await h.ok(clueFunction, 'review', { clueId, action: 'accept' }, { as: prosecutor });
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: villager },
    );
    expect(mine.status).toBe('resolved');
    expect(mine.timeline.at(-1)?.note).toContain('检察机关已作出决定');
  });

  it('needs the clue’s domain, named in Chinese', async () => {
    const { id } = await reportStreetLight(h, town, POLLUTION);
    const reply = await h.call(
      concernFunction,
      'transfer',
      { concernId: id, target: { to: 'clue' }, note: '疑似环境污染' },
      { as: town.people.villageGridWorker },
    );
    expect(reply).toMatchObject({
      ok: false,
      error: {
        details: {
          fields: [{ field: 'target.domain', message: expect.stringContaining('线索领域') }],
        },
      },
    });
    expect(await h.store.count('clues')).toBe(0);
  });
});
