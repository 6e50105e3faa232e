/**
 * The CloudBase store with nothing of node-sdk replaced: its own HTTP requester signs and posts
 * every request, through axios (the version package.json's `overrides` pins for node-sdk), to
 * the fake tcb-api on loopback (test/cloudbase/fake-tcb-api.ts), which answers from the same
 * fake database as the recorded contract run (contract.test.ts). This is the path a deployed
 * function's requests take, up to the network. The whole contract over this transport took
 * over 3 minutes here (every request signed and posted), so it runs once per operation kind;
 * the headless mini-program journeys (test/weapp/) send hundreds more the same way.
 */
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseStore } from '../../../functions/store/cloudbase.store';
import type { CloudbaseDb } from '../../../functions/store/cloudbase.store';
import type { FakeTcbApi } from '../../cloudbase/fake-tcb-api';
import { startFakeTcbApi } from '../../cloudbase/fake-tcb-api';
import { CONTRACT_COLLECTIONS } from '../store.contract';
import { FakeCloudbaseDatabase } from './fake-database';

const ITEMS = 'contract_items';
const servers: FakeTcbApi[] = [];
let opened = 0;

// As in SCF, for the whole file: node-sdk then never probes Tencent's metadata endpoint to learn
// where it runs — at init and before every request (see recorder.ts).
const savedRunEnv = process.env.TENCENTCLOUD_RUNENV;
process.env.TENCENTCLOUD_RUNENV = 'SCF';

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (savedRunEnv === undefined) delete process.env.TENCENTCLOUD_RUNENV;
  else process.env.TENCENTCLOUD_RUNENV = savedRunEnv;
});

describe('node-sdk’s HTTP transport', () => {
  it('runs on the axios the overrides pin (a 0.x release with the published fixes)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require(
      require.resolve('axios/package.json', {
        paths: [require.resolve('@cloudbase/node-sdk')],
      }),
    ) as { version: string };
    const [major, minor] = version.split('.').map(Number);
    expect(major).toBe(0);
    expect(minor).toBeGreaterThanOrEqual(30);
  });
});

describe('the CloudBase store over node-sdk’s HTTP transport', () => {
  let server: FakeTcbApi;
  let backend: FakeCloudbaseDatabase;
  let store: ReturnType<typeof createCloudbaseStore>;

  beforeAll(async () => {
    backend = new FakeCloudbaseDatabase(CONTRACT_COLLECTIONS.map((c) => c.name));
    server = await startFakeTcbApi(backend, () => ({ errcode: -1, errmsg: 'no open APIs here' }));
    servers.push(server);
    const app = tcb.init({
      env: `http-contract-${(opened += 1)}`,
      secretId: 'contract-secret-id',
      secretKey: 'contract-secret-key',
      serviceUrl: server.url,
    } as Parameters<typeof tcb.init>[0]);
    const db: CloudbaseDb = app.database();
    store = createCloudbaseStore(db, { collections: CONTRACT_COLLECTIONS });
  });

  it('inserts, reads, updates with a version check, queries and commits a transaction', async () => {
    const inserted = await store.insert(ITEMS, { _id: 'a1', group: 'g', rank: 1, n: 1 });
    expect(inserted.ok).toBe(true);
    expect(await store.get(ITEMS, 'a1')).toMatchObject({ _id: 'a1', _version: 1, n: 1 });
    const twice = await store.insert(ITEMS, { _id: 'a1', group: 'g', rank: 9, n: 9 });
    expect(twice.ok ? null : twice.error.code).toBe('CONFLICT');
    const stale = await store.update(ITEMS, 'a1', { n: 2 }, { ifVersion: 7 });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    expect((await store.update(ITEMS, 'a1', { n: 2 }, { ifVersion: 1 })).ok).toBe(true);
    const moved = await store.transaction(async (tx) => {
      const doc = await tx.get<{ n: number }>(ITEMS, 'a1');
      await tx.insert(ITEMS, { _id: 'a2', group: 'g', rank: 2, n: (doc?.n ?? 0) + 1 });
      return tx.update(ITEMS, 'a1', { group: 'done' });
    });
    expect(moved.ok).toBe(true);
    const page = await store.query(ITEMS, {
      where: { group: 'g' },
      orderBy: { path: 'rank', order: 'asc' },
      limit: 10,
    });
    expect(page.docs.map((d) => d._id)).toEqual(['a2']);
    expect(await store.count(ITEMS, { group: 'done' })).toBe(1);
    // Every request went over HTTP to the fake service and was answered.
    expect(backend.requests.length).toBeGreaterThan(8);
    expect(server.unanswered).toEqual([]);
    expect(server.failures).toEqual([]);
  });
});
