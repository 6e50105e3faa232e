/**
 * The sample town (示例镇) loads through the roster import: 9 communities and 62 natural
 * villages, every room kind of the mediation catalog, someone in every role, every record
 * marked as sample, demo logins with passwords — and a second run creates nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountFunction } from '../../functions/account/account.function';
import type { MeView } from '../../functions/account/account.views';
import { adminFunction } from '../../functions/admin/admin.function';
import { DEMO_PASSWORD, SAMPLE_TOWN_ID, seedSampleTown } from '../../functions/host/sample/seed';
import { queryAll } from '../../functions/runtime/paging';
import { ACCOUNTS, ACCOUNT_KEYS, GRID_NODES, ROOMS } from '../../functions/store/collections';
import type { SeedFn } from '../../functions/host/server';
import type { ImportSummary } from '../../functions/admin/import-roster';
import type { Account } from '../../shared/account/account.schema';
import { accountSchema } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import { gridNodeSchema } from '../../shared/grid/grid.schema';
import { STAFF_ROLES } from '../../shared/kernel/roles';
import { ROOM_KIND_CODES } from '../../shared/mediation/mediation.catalog';
import { roomSchema } from '../../shared/mediation/mediation.schema';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';

let h: Harness;
const SAMPLE_DIR = join(__dirname, '../../functions/host/sample');

beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

const townId = SAMPLE_TOWN_ID;

const grid = () =>
  queryAll(h.ctx, GRID_NODES, {
    where: { townId },
    orderBy: { path: 'parentId', order: 'asc' },
  });
const rooms = () =>
  queryAll(h.ctx, ROOMS, { where: { townId }, orderBy: { path: 'name', order: 'asc' } });
const accounts = async () => [
  ...(await queryAll(h.ctx, ACCOUNTS, {
    where: { townId, isStaff: true },
    orderBy: { path: 'createdAt', order: 'asc' },
  })),
  ...(await queryAll(h.ctx, ACCOUNTS, {
    where: { townId, isStaff: false },
    orderBy: { path: 'createdAt', order: 'asc' },
  })),
];

describe('seeding the sample town', () => {
  let first: Awaited<ReturnType<typeof seedSampleTown>>;

  // Seeding hashes every demo password with scrypt: past jest's 5 s default on a loaded
  // two-core machine (it timed out so in the HTTP pass of a fresh-clone run); a hang guard.
  beforeAll(async () => {
    first = await seedSampleTown(h.ctx);
  }, 60_000);

  it('creates the town record, marked as sample', async () => {
    expect(first.created).toBe(true);
    expect(first.townId).toBe(townId);
    expect(await h.store.get('towns', townId)).toMatchObject({
      name: '小店镇（示例）',
      countyId: 'juxian',
      sample: true,
    });
  });

  it('has 9 communities and 62 natural villages, with streets and lanes in one village', async () => {
    const nodes = await grid();
    const at = (level: GridNode['level']) => nodes.filter((n) => n.level === level);
    expect(at('town')).toHaveLength(1);
    expect(at('community')).toHaveLength(9);
    expect(at('village')).toHaveLength(62);
    expect(at('street').length).toBeGreaterThan(0);
    expect(at('lane').length).toBeGreaterThan(0);
    for (const n of nodes) expect(gridNodeSchema.safeParse(n).success).toBe(true);
  });

  it('has a room of every kind in the catalog, each with a weekly schedule', async () => {
    const all = await rooms();
    expect(new Set(all.map((r) => r.kind))).toEqual(new Set(ROOM_KIND_CODES));
    for (const r of all) {
      expect(roomSchema.safeParse(r).success).toBe(true);
      expect(r.schedule.length).toBeGreaterThan(0);
    }
    const elders = all.filter((r) => r.kind === 'old_secretary');
    expect(elders).toHaveLength(9);
    expect(all.filter((r) => r.kind === 'talk_room')).toHaveLength(62);
    expect(all.filter((r) => r.kind === 'police_judicial')).toHaveLength(10);
    expect(elders.every((r) => r.mediatorIds.length > 0)).toBe(true);
  });

  it('has someone in every role, 10 legal advisers, and villages left without a village grid worker', async () => {
    const people = await accounts();
    for (const p of people) expect(accountSchema.safeParse(p).success).toBe(true);
    for (const role of [...STAFF_ROLES, 'villager']) {
      expect(people.some((p) => p.roles.includes(role as Account['roles'][number]))).toBe(true);
    }
    expect(people.filter((p) => p.roles.includes('legal_adviser'))).toHaveLength(10);
    const departments = new Set(people.map((p) => p.departmentId).filter(Boolean));
    expect(departments.size).toBe(12);
    const villages = (await grid()).filter((n) => n.level === 'village');
    const covered = new Set(
      people.filter((p) => p.roles.includes('grid_worker')).flatMap((p) => p.gridNodeIds),
    );
    const uncovered = villages.filter((v) => !covered.has(v._id));
    expect(uncovered.length).toBeGreaterThan(0);
    expect(uncovered.length).toBeLessThan(villages.length);
    const proxied = people.find((p) => p.privacyConsent?.via === 'proxy');
    expect(proxied?.phone).toBeUndefined();
    expect(proxied?.privacyConsent?.witnessedBy).toBeDefined();
  });

  it('marks every grid node, room and account as sample', async () => {
    const records = [...(await grid()), ...(await rooms()), ...(await accounts())];
    expect(records.length).toBeGreaterThan(300);
    expect(records.filter((r) => r.sample !== true)).toEqual([]);
  });

  it('returns demo logins with ASCII passwords and their phone keys, one per kind of user', async () => {
    expect(first.demoAccounts.length).toBeGreaterThanOrEqual(10);
    const roles = new Set(first.demoAccounts.flatMap((a) => a.roles));
    for (const role of [
      'villager',
      'grid_worker',
      'mediator',
      'center_operator',
      'admin',
      'prosecutor',
    ]) {
      expect(roles.has(role as Account['roles'][number])).toBe(true);
    }
    for (const demo of first.demoAccounts) {
      expect(demo.password).toBe(DEMO_PASSWORD);
      expect(demo.password).toMatch(/^[\x21-\x7e]{8,}$/);
      expect(demo.login).toBe(demo.phone);
      const key = await ACCOUNT_KEYS.get(h.store, `phone:${demo.phone}`);
      expect(key).not.toBeNull();
      expect(await h.store.get('credentials', key!.accountId)).not.toBeNull();
    }
  });

  it('lets the demo admin import the same sample files again without changing anything', async () => {
    const admin = first.demoAccounts.find((a) => a.roles.includes('admin'))!;
    const key = await ACCOUNT_KEYS.get(h.store, `phone:${admin.phone}`);
    const file = (name: string) => readFileSync(join(SAMPLE_DIR, name), 'utf8');
    const summary = await h.ok<ImportSummary>(
      adminFunction,
      'importGrid',
      {
        mode: 'apply',
        gridNodes: file('xiaodian-sample.grid.csv'),
        staff: file('xiaodian-sample.staff.csv'),
        rooms: file('xiaodian-sample.rooms.csv'),
      },
      { as: { _id: key!.accountId } },
    );
    expect(summary.gridNodes).toEqual({ created: 0, updated: 0, unchanged: 78 });
    expect(summary.staff.created + summary.staff.updated).toBe(0);
    expect(summary.rooms.created + summary.rooms.updated).toBe(0);
    expect(summary.batches).toBe(0);
  });

  it('lets a demo villager see their village, town and consent', async () => {
    const villager = first.demoAccounts.find((a) => a.roles.includes('villager'))!;
    const key = await ACCOUNT_KEYS.get(h.store, `phone:${villager.phone}`);
    const me = await h.ok<MeView>(accountFunction, 'me', {}, { as: { _id: key!.accountId } });
    expect(me.town.name).toBe('小店镇（示例）');
    expect(me.village).not.toBeNull();
    expect(me.privacyConsent?.noticeVersion).toBe('sample-1');
  });

  it('creates nothing on a second run', async () => {
    const before = [(await grid()).length, (await rooms()).length, (await accounts()).length];
    // The host calls the seed through its own SeedFn type (functions/host/server.ts).
    const hostSeed: SeedFn = seedSampleTown;
    const second = await hostSeed(h.ctx);
    expect(second.created).toBe(false);
    expect(second.demoAccounts.map((a) => a.login)).toEqual(first.demoAccounts.map((a) => a.phone));
    expect([(await grid()).length, (await rooms()).length, (await accounts()).length]).toEqual(
      before,
    );
  });

  it('refuses the demo villager at the admin function', async () => {
    const villager = first.demoAccounts.find((a) => a.roles.includes('villager'))!;
    const key = await ACCOUNT_KEYS.get(h.store, `phone:${villager.phone}`);
    const reply = await h.call(
      adminFunction,
      'importGrid',
      { gridNodes: 'x' },
      {
        as: { _id: key!.accountId },
      },
    );
    expect(reply.ok ? null : reply.error.code).toBe('FORBIDDEN');
  });
});
