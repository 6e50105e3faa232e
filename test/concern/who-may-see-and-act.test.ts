/**
 * Who may read and act on a concern: only the assignee or the centre handles it; grid
 * workers of the place read it; nobody outside learns it exists, least of all another town.
 * Phone numbers are masked unless the assignee or the centre asks, and asking is audited.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { counts, eventsOf, reportStreetLight, streetLight } from './concern.steps';

let h: Harness;
let town: TestTown;
let otherTown: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  otherTown = await createTestTown(h.store, 'town-b');
});
afterEach(() => h.close());

const codeOf = (reply: { ok: boolean; error?: { code: string } }) =>
  reply.ok ? 'ok' : reply.error?.code;

describe('who may act on a concern', () => {
  it('a villager cannot accept, not even their own concern', async () => {
    const { id } = await reportStreetLight(h, town);
    const reply = await h.call(
      concernFunction,
      'accept',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(codeOf(reply)).toBe('FORBIDDEN');
  });

  it('another community’s worker neither sees nor handles it; the community’s own worker sees but may not handle', async () => {
    const { id } = await reportStreetLight(h, town);
    const before = await counts(h, town.townId);
    const stranger = { as: town.people.otherCommunityGridWorker };
    expect(codeOf(await h.call(concernFunction, 'get', { concernId: id }, stranger))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await h.call(concernFunction, 'accept', { concernId: id }, stranger))).toBe(
      'NOT_FOUND',
    );
    const above = { as: town.people.communityGridWorker };
    const seen = await h.ok<StaffConcernView>(concernFunction, 'get', { concernId: id }, above);
    expect(seen.actions).toEqual([]);
    const accept = await h.call(concernFunction, 'accept', { concernId: id }, above);
    expect(codeOf(accept)).toBe('FORBIDDEN');
    expect(accept.ok ? '' : accept.error.message).toBe('只有这件事的承办人或指挥中心才能办理');
    expect(await counts(h, town.townId)).toEqual(before);
  });

  it('another town’s worker gets the same answer as for a concern that does not exist', async () => {
    const { id } = await reportStreetLight(h, town);
    const outsider = { as: otherTown.people.villageGridWorker };
    const real = await h.call(concernFunction, 'get', { concernId: id }, outsider);
    const missing = await h.call(concernFunction, 'get', { concernId: 'concern_nope' }, outsider);
    expect(real).toEqual(missing);
    expect(codeOf(real)).toBe('NOT_FOUND');
    const centre = { as: otherTown.people.centre };
    expect(codeOf(await h.call(concernFunction, 'get', { concernId: id }, centre))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(await h.call(concernFunction, 'resolve', { concernId: id, note: '好了' }, centre)),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(await h.call(concernFunction, 'supervise', { concernId: id, note: '快办' }, centre)),
    ).toBe('NOT_FOUND');
  });

  it('a neighbour cannot read someone else’s concern, nor rate it', async () => {
    const { id } = await reportStreetLight(h, town);
    const neighbour = { as: town.people.neighbour };
    expect(codeOf(await h.call(concernFunction, 'get', { concernId: id }, neighbour))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await h.call(concernFunction, 'rate', { concernId: id, result: 'resolved' }, neighbour),
      ),
    ).toBe('NOT_FOUND');
  });

  it('the assignee cannot rate the concern; the reporter cannot rate before it is resolved', async () => {
    const { id } = await reportStreetLight(h, town);
    const byWorker = await h.call(
      concernFunction,
      'rate',
      { concernId: id, result: 'resolved' },
      { as: town.people.villageGridWorker },
    );
    expect(codeOf(byWorker)).toBe('FORBIDDEN');
    const early = await h.call(
      concernFunction,
      'rate',
      { concernId: id, result: 'resolved' },
      { as: town.people.villager },
    );
    expect(codeOf(early)).toBe('CONFLICT');
  });

  it('the centre can handle any concern of its town', async () => {
    const { id } = await reportStreetLight(h, town);
    const view = await h.ok<StaffConcernView>(
      concernFunction,
      'accept',
      { concernId: id },
      { as: town.people.centre },
    );
    expect(view.status).toBe('accepted');
  });
});

describe('the reporter’s phone number', () => {
  it('is masked for the grid worker; revealing it is audited and hidden from the villager’s timeline', async () => {
    const { id } = await reportStreetLight(h, town);
    const phone = town.people.villager.phone!;
    const worker = { as: town.people.villageGridWorker };
    const masked = await h.ok<StaffConcernView>(concernFunction, 'get', { concernId: id }, worker);
    expect(masked.reporter).toMatchObject({ name: '王秀兰', phoneRevealed: false, hidden: false });
    expect(masked.reporter.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(JSON.stringify(masked)).not.toContain(phone);
    expect((await eventsOf(h, 'concern', id)).some((e) => e.action === 'read_protected')).toBe(
      false,
    );

    const revealed = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: id, revealPhone: true },
      worker,
    );
    expect(revealed.reporter).toMatchObject({ phone, phoneRevealed: true });
    const reads = (await eventsOf(h, 'concern', id)).filter((e) => e.action === 'read_protected');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      actorId: town.people.villageGridWorker._id,
      actorRole: 'grid_worker',
      visibleToReporter: false,
    });
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.timeline).toHaveLength(2);
  });

  it('only the assignee and the centre may reveal it', async () => {
    const { id } = await reportStreetLight(h, town);
    const above = await h.call(
      concernFunction,
      'get',
      { concernId: id, revealPhone: true },
      { as: town.people.communityGridWorker },
    );
    expect(codeOf(above)).toBe('FORBIDDEN');
    const centre = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: id, revealPhone: true },
      { as: town.people.centre },
    );
    expect(centre.reporter.phone).toBe(town.people.villager.phone);
  });

  it('a confidential concern hides the reporter from grid workers who do not handle it', async () => {
    const { id } = await reportStreetLight(h, town, { confidential: true });
    const above = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.communityGridWorker },
    );
    expect(above.reporter).toMatchObject({ name: null, phone: null, hidden: true });
    expect(JSON.stringify(above)).not.toContain('王秀兰');
    const assignee = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villageGridWorker },
    );
    expect(assignee.reporter.name).toBe('王秀兰');
  });
});

describe('filing for a villager (代办)', () => {
  it('a grid worker files for a villager of their grid, who then owns and follows it', async () => {
    const { villager, villageGridWorker } = town.people;
    const reply = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, {
        onBehalfOf: { villagerName: '王秀兰', villagerAccountId: villager._id },
      }),
      { as: villageGridWorker },
    );
    expect(reply.filedByStaff).toBe(true);
    expect(reply.timeline[0]).toMatchObject({ title: '网格员代您反映了问题', by: '网格员' });
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: reply.id },
      { as: villager },
    );
    expect(mine.id).toBe(reply.id);
    const staff = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: reply.id },
      { as: villageGridWorker },
    );
    expect(staff).toMatchObject({
      channel: 'grid_worker',
      reporter: { name: '王秀兰', onBehalfOf: true },
    });
  });

  it('a villager without an account is named, and their phone is masked like anyone’s', async () => {
    const reply = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, { onBehalfOf: { villagerName: '王大爷', villagerPhone: '13900001111' } }),
      { as: town.people.villageGridWorker },
    );
    const staff = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: reply.id },
      { as: town.people.centre },
    );
    expect(staff.reporter).toMatchObject({ name: '王大爷', phone: '139****1111' });
  });

  it('a villager outside the worker’s grid cannot be filed for', async () => {
    const before = await counts(h, town.townId);
    const reply = await h.call(
      concernFunction,
      'submit',
      streetLight(town, {
        onBehalfOf: { villagerName: '赵春生', villagerAccountId: town.people.farVillager._id },
      }),
      { as: town.people.villageGridWorker },
    );
    expect(codeOf(reply)).toBe('FORBIDDEN');
    expect(await counts(h, town.townId)).toEqual(before);
  });

  it('staff filing without naming a villager are asked for the name', async () => {
    const reply = await h.call(concernFunction, 'submit', streetLight(town), {
      as: town.people.villageGridWorker,
    });
    expect(reply.ok ? [] : reply.error.details?.fields?.map((f) => f.field)).toEqual([
      'onBehalfOf.villagerName',
    ]);
  });

  it('a villager cannot pick another town’s village', async () => {
    const reply = await h.call(
      concernFunction,
      'submit',
      streetLight(town, { place: { gridNodeId: otherTown.villages[0]![0]!._id } }),
      { as: town.people.villager },
    );
    expect(codeOf(reply)).toBe('VALIDATION_FAILED');
    expect(reply.ok ? [] : reply.error.details?.fields).toEqual([
      { field: 'place.gridNodeId', message: '请选择本镇的村或网格' },
    ]);
  });

  it('text that fails the content check is refused and nothing is stored', async () => {
    const before = await counts(h, town.townId);
    const reply = await h.call(
      concernFunction,
      'submit',
      streetLight(town, { text: '代开发票，价格优惠，联系微信' }),
      { as: town.people.villager },
    );
    expect(codeOf(reply)).toBe('CONTENT_REJECTED');
    expect(await counts(h, town.townId)).toEqual(before);
  });
});
