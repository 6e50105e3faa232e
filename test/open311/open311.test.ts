/**
 * Open311 GeoReport v2 read side: a dashboard lists the town's concerns without ever seeing
 * who filed them or what they wrote.
 */
import { concernSchema } from '../../shared/concern/concern.schema';
import type { Concern } from '../../shared/concern/concern.schema';
import { handleOpen311 } from '../../functions/open311/open311';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

let h: Harness;
let town: TestTown;

async function addConcern(id: string, over: Partial<Concern> = {}): Promise<void> {
  const concern = concernSchema.parse({
    _id: id,
    townId: town.townId,
    createdAt: '2025-11-15T10:00:00+08:00',
    updatedAt: '2025-11-15T10:00:00+08:00',
    _version: 1,
    kind: 'help',
    topic: 'sanitation',
    text: '村东头垃圾三天没人清运，王秀兰 13912345678',
    photos: [],
    place: { gridNodeId: town.villages[0]![0]!._id, coordinates: { lat: 35.6, lng: 118.8 } },
    emergency: false,
    reporterId: town.people.villager._id,
    status: 'assigned',
    assigneeId: town.people.villageGridWorker._id,
    dueAt: '2025-11-18T23:59:59.999+08:00',
    ...over,
  });
  const { _version: _v, ...doc } = concern;
  const stored = await h.store.insert('concerns', doc);
  if (!stored.ok) throw new Error('insert failed');
}

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  await h.store.insert('towns', { _id: town.townId, name: '小店镇', countyId: 'juxian' });
});
afterEach(() => h.close());

const get = (path: string, query: Record<string, string> = {}) =>
  handleOpen311(h.ctx, { method: 'GET', path, query });

describe('Open311 GeoReport v2', () => {
  it('lists every concern kind as a service', async () => {
    const reply = await get('services.json');
    expect(reply.status).toBe(200);
    const codes = (reply.body as { service_code: string; service_name: string }[]).map(
      (s) => s.service_code,
    );
    expect(codes).toEqual([
      'consultation',
      'help',
      'suggestion',
      'criticism',
      'complaint',
      'report',
      'dispute',
    ]);
  });

  it('lists requests with status, village and dates, and nothing personal', async () => {
    await addConcern('c1');
    await addConcern('c2', { status: 'resolved', kind: 'complaint' });
    await addConcern('c3', { confidential: true });
    const reply = await get('requests.json');
    expect(reply.status).toBe(200);
    const body = reply.body as Record<string, unknown>[];
    expect(body.map((r) => r.service_request_id).sort()).toEqual(['c1', 'c2']);
    const c1 = body.find((r) => r.service_request_id === 'c1')!;
    expect(c1).toMatchObject({
      status: 'open',
      status_notes: '已派单',
      address: '东关前村',
      service_name: '求助',
    });
    const json = JSON.stringify(body);
    for (const secret of ['王秀兰', '13912345678', '垃圾三天', '35.6', town.people.villager._id]) {
      expect(json).not.toContain(secret);
    }
  });

  it('filters by status, service code and date range', async () => {
    await addConcern('c1');
    await addConcern('c2', { status: 'resolved', kind: 'complaint' });
    await addConcern('old', { createdAt: '2025-01-02T10:00:00+08:00' });
    const ids = async (q: Record<string, string>) =>
      ((await get('requests.json', q)).body as { service_request_id: string }[])
        .map((r) => r.service_request_id)
        .sort();
    expect(await ids({ status: 'closed' })).toEqual(['c2']);
    expect(await ids({ service_code: 'help' })).toEqual(['c1']);
    expect(
      await ids({ start_date: '2024-12-01T00:00:00Z', end_date: '2025-02-01T00:00:00Z' }),
    ).toEqual(['old']);
  });

  it('answers one request by id, and 404 for another town or a confidential one', async () => {
    await addConcern('c1');
    await addConcern('c3', { confidential: true });
    expect((await get('requests/c1.json')).status).toBe(200);
    expect((await get('requests/c3.json')).status).toBe(404);
    expect((await get('requests/nope.json')).status).toBe(404);
  });

  it('refuses bad parameters with an Open311 error list in Chinese', async () => {
    const bad: Record<string, string>[] = [
      { status: 'maybe' },
      { service_code: 'pizza' },
      { start_date: 'yesterday' },
      { jurisdiction_id: 'nowhere' },
    ];
    for (const q of bad) {
      const reply = await get('requests.json', q);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      const [first] = reply.body as { code: number; description: string }[];
      expect(first?.description).toMatch(/\p{Script=Han}/u);
    }
    expect(
      (await handleOpen311(h.ctx, { method: 'POST', path: 'requests.json', query: {} })).status,
    ).toBe(405);
  });

  it('needs a jurisdiction when the deployment serves several towns', async () => {
    await h.store.insert('towns', { _id: 'town-b', name: '另一镇', countyId: 'juxian' });
    expect((await get('requests.json')).status).toBe(400);
    expect((await get('requests.json', { jurisdiction_id: town.townId })).status).toBe(200);
  });
});

describe('Open311 over the local host', () => {
  it('serves services.json and requests.json at /open311/v2 without a session', async () => {
    const { createHostServer } = await import('../../functions/host/server');
    const host = createHostServer({
      runtime: h,
      functions: [],
      dataDir: '/nonexistent',
      h5Dir: '/nonexistent',
      cookieSecret: 'open311-test-secret-of-at-least-32-chars',
    });
    await addConcern('c1');
    const services = await host.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(services.statusCode).toBe(200);
    expect(services.json()).toHaveLength(7);
    const requests = await host.app.inject({
      method: 'GET',
      url: '/open311/v2/requests.json?status=open',
    });
    expect(
      requests.json().map((r: { service_request_id: string }) => r.service_request_id),
    ).toEqual(['c1']);
    const missing = await host.app.inject({ method: 'GET', url: '/open311/v2/requests/nope.json' });
    expect(missing.statusCode).toBe(404);
    await host.app.close();
  });
});
