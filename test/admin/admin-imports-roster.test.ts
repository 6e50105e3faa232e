/**
 * An admin loads the town's roster — grid nodes, staff and rooms — from CSV files with
 * Chinese headers (or JSON rows). A bad row refuses the whole import, naming the row and
 * the field; importing the same file twice creates nothing the second time.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import type { ImportSummary } from '../../functions/admin/import-roster';
import { CHUNK_SIZE, gridNodeId, importRoster } from '../../functions/admin/import-roster';
import { appError } from '../../shared/kernel/errors';
import { err } from '../../shared/kernel/result';
import { STAFF_CSV_COLUMNS } from '../../shared/account/account.schema';
import { GRID_CSV_COLUMNS } from '../../shared/grid/grid.schema';
import { ROOM_CSV_COLUMNS } from '../../shared/mediation/mediation.schema';
import { csvHeaders } from '../../shared/validation/cells';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { asDb } from '../../functions/store/store.raw';
import { ACCOUNTS, AUDIT_EVENTS, GRID_NODES, ROOMS } from '../../functions/store/collections';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const gridCsv = (townCode: string) =>
  [
    '网格编码,上级网格编码,层级,名称,户数,示例数据',
    `XD-03,${townCode},新村,南坪新村,,否`,
    'XD-03-01,XD-03,自然村,杨家庄,86,否',
    'XD-03-02,XD-03,自然村,柳树屯,54,否',
    'XD-03-01-S1,XD-03-01,街,前街,,否',
    'XD-03-01-S1-L1,XD-03-01-S1,巷,东一巷,,否',
    'XD-03-02-L1,XD-03-02,巷,井台巷,,否',
  ].join('\n');

const staffCsv = [
  csvHeaders(STAFF_CSV_COLUMNS).join(','),
  '杨网格,13700000001,网格员、调解员,XD-03-01,,否',
  '南新村,137 0000 0002,网格员,XD-03,,否',
  '吕司法,13700000003,部门人员,,司法所,否',
].join('\n');

const roomsCsv = [
  csvHeaders(ROOM_CSV_COLUMNS).join(','),
  '南坪新村老支书调解室,老支书调解室,XD-03,新村,,南坪新村党群服务中心,0633-1234567,周二、周四,09:00-11:30,30,1,否',
  '杨家庄群众说话室,群众说话室,XD-03-01,自然村,赡养纠纷、邻里纠纷,杨家庄公共法律服务点,,周五,14:00-17:00,60,2,否',
].join('\n');

async function gridCount(): Promise<number> {
  return (await h.store.query('grid_nodes', { where: { townId: town.townId }, limit: 1000 })).docs
    .length;
}

async function importAll(mode: 'preview' | 'apply' = 'apply') {
  return h.call<ImportSummary>(
    adminFunction,
    'importGrid',
    { mode, gridNodes: gridCsv(town.town.code), staff: staffCsv, rooms: roomsCsv },
    { as: town.people.admin },
  );
}

describe('importing a roster', () => {
  it('imports a CSV with Chinese headers: the tree with its ancestors, staff accounts and rooms', async () => {
    const reply = await importAll();
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.data.gridNodes).toEqual({ created: 6, updated: 0, unchanged: 0 });
    expect(reply.data.staff).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(reply.data.rooms).toEqual({ created: 2, updated: 0, unchanged: 0 });

    const lane = await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-01-S1-L1'));
    expect(lane?.ancestorIds).toEqual([
      town.town._id,
      gridNodeId(town.townId, 'XD-03'),
      gridNodeId(town.townId, 'XD-03-01'),
      gridNodeId(town.townId, 'XD-03-01-S1'),
    ]);
    const shortLane = await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-02-L1'));
    expect(shortLane?.parentId).toBe(gridNodeId(town.townId, 'XD-03-02'));
    expect((await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-01')))?.households).toBe(
      86,
    );

    const staff = await ACCOUNTS.query(h.store, { where: { phone: '13700000002' } });
    expect(staff.docs[0]).toMatchObject({
      name: '南新村',
      roles: ['grid_worker'],
      isStaff: true,
      gridNodeIds: [gridNodeId(town.townId, 'XD-03')],
    });
    expect(await h.store.get('account_keys', 'phone:13700000002')).not.toBeNull();
    const officer = await ACCOUNTS.query(h.store, { where: { phone: '13700000003' } });
    expect(officer.docs[0]?.departmentId).toBe('judicial_office');

    const rooms = await ROOMS.query(h.store, {
      where: { townId: town.townId },
      orderBy: { path: 'name', order: 'asc' },
    });
    const talk = rooms.docs.find((r) => r.kind === 'talk_room');
    expect(talk?.schedule).toEqual([{ weekday: 5, start: '14:00', end: '17:00' }]);
    expect(talk?.disputeTypes).toEqual(['elderly_support', 'neighbour']);
    const elder = rooms.docs.find((r) => r.kind === 'old_secretary');
    expect(elder?.disputeTypes).toEqual(['neighbour', 'land', 'village_affairs']);
    expect(elder?.schedule).toHaveLength(2);

    const events = await AUDIT_EVENTS.query(h.store, {
      where: { townId: town.townId },
      orderBy: { path: 'at', order: 'asc' },
    });
    expect(
      events.docs.some((e) => e.action === 'import' && e.actorId === town.people.admin._id),
    ).toBe(true);
  });

  it('is idempotent: the same files again create nothing and rewrite nothing', async () => {
    await importAll();
    const nodes = await gridCount();
    const lane = await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-01-S1-L1'));
    const again = await importAll();
    expect(again.ok && again.data).toMatchObject({
      gridNodes: { created: 0, updated: 0, unchanged: 6 },
      staff: { created: 0, updated: 0, unchanged: 3 },
      rooms: { created: 0, updated: 0, unchanged: 2 },
      batches: 0,
    });
    expect(await gridCount()).toBe(nodes);
    const after = await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-01-S1-L1'));
    expect(after?._version).toBe(lane?._version);
    expect(
      (await h.store.query('accounts', { where: { phone: '13700000001' } })).docs,
    ).toHaveLength(1);
  });

  it('updates by code: a renamed village and a moved worker, nothing duplicated', async () => {
    await importAll();
    const renamed = gridCsv(town.town.code).replace('杨家庄,86', '杨家新庄,90');
    const moved = staffCsv.replace(
      '杨网格,13700000001,网格员、调解员,XD-03-01',
      '杨网格,13700000001,网格员,XD-03-02',
    );
    const reply = await h.call<ImportSummary>(
      adminFunction,
      'importGrid',
      { mode: 'apply', gridNodes: renamed, staff: moved },
      { as: town.people.admin },
    );
    expect(reply.ok && [reply.data.gridNodes.updated, reply.data.staff.updated]).toEqual([1, 1]);
    const village = await GRID_NODES.get(h.store, gridNodeId(town.townId, 'XD-03-01'));
    expect([village?.name, village?.households]).toEqual(['杨家新庄', 90]);
    const worker = await ACCOUNTS.query(h.store, { where: { phone: '13700000001' } });
    expect(worker.docs[0]?.roles).toEqual(['grid_worker']);
    expect(worker.docs[0]?.gridNodeIds).toEqual([gridNodeId(town.townId, 'XD-03-02')]);
  });

  it('previews without writing', async () => {
    const before = await gridCount();
    const reply = await importAll('preview');
    expect(reply.ok && reply.data).toMatchObject({
      mode: 'preview',
      batches: 0,
      gridNodes: { created: 6 },
    });
    expect(await gridCount()).toBe(before);
  });

  it('takes JSON rows keyed by field or header', async () => {
    const reply = await h.call<ImportSummary>(
      adminFunction,
      'importGrid',
      {
        mode: 'apply',
        gridNodes: [
          { code: 'XD-05', parentCode: town.town.code, level: 'community', name: '北岗新村' },
          {
            '网格编码 code': 'XD-05-01',
            上级网格编码: 'XD-05',
            层级: '自然村',
            name: '岗上村',
            households: 40,
          },
        ],
      },
      { as: town.people.admin },
    );
    expect(reply.ok && reply.data.gridNodes.created).toBe(2);
  });

  it('writes a large import in transactions of at most CHUNK_SIZE operations', async () => {
    const rows = [
      `${csvHeaders(GRID_CSV_COLUMNS).join(',')}`,
      `XD-09,${town.town.code},新村,大新村,,否`,
    ];
    for (let i = 1; i <= CHUNK_SIZE + 20; i += 1)
      rows.push(`XD-09-${i},XD-09,自然村,新庄${i}号,,否`);
    const reply = await h.call<ImportSummary>(
      adminFunction,
      'importGrid',
      { mode: 'apply', gridNodes: rows.join('\n') },
      { as: town.people.admin },
    );
    expect(reply.ok && reply.data.batches).toBe(2);
    expect(reply.ok && reply.data.gridNodes.created).toBe(CHUNK_SIZE + 21);
  });
});

describe('a bad import is refused whole', () => {
  it('names every bad row and field in Chinese and writes nothing', async () => {
    const before = await gridCount();
    const accountsBefore = await h.store.count('accounts', { townId: town.townId, isStaff: true });
    const grid = [
      '网格编码 code,上级网格编码 parent_code,层级 level,名称 name,户数 households,示例数据 sample',
      `XD-07,${town.town.code},新村,东湖新村,,否`,
      'XD-07-01,XD-99,自然村,湖边村,,否',
      'XD-07-02,XD-07,村子,湖西村,,否',
      'XD-07-03,XD-07,自然村,湖东村,,否',
    ].join('\n');
    const staff = [
      csvHeaders(STAFF_CSV_COLUMNS).join(','),
      '湖网格,1370000,网格员,XD-07-03,,否',
    ].join('\n');
    const reply = await h.call(
      adminFunction,
      'importGrid',
      { mode: 'apply', gridNodes: grid, staff },
      { as: town.people.admin },
    );
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('VALIDATION_FAILED');
    expect(reply.error.message).toContain('没有导入任何数据');
    const fields = reply.error.details?.fields ?? [];
    expect(fields).toEqual(
      expect.arrayContaining([
        {
          field: 'gridNodes.1.parentCode',
          message: expect.stringMatching(
            /^网格表第3行 上级网格编码：找不到编码为“XD-99”的上级网格/,
          ),
        },
        {
          field: 'gridNodes.2.level',
          message: expect.stringMatching(
            /^网格表第4行 层级：请填写以下之一：镇、新村、自然村、街、巷/,
          ),
        },
        { field: 'staff.0.phone', message: '人员表第2行 手机号：请填写正确的 11 位手机号' },
      ]),
    );
    expect(fields).toHaveLength(3);
    expect(await gridCount()).toBe(before);
    expect(await h.store.count('accounts', { townId: town.townId, isStaff: true })).toBe(
      accountsBefore,
    );
  });

  it('reports unknown columns, repeated codes, wrong room levels and missing grid codes', async () => {
    const grid = [
      '网格编码,上级网格编码,层级,名称,颜色',
      `XD-08,${town.town.code},新村,西湖新村,红`,
      `XD-08,${town.town.code},新村,西湖新村二,蓝`,
    ].join('\n');
    const reply = await h.call(
      adminFunction,
      'importGrid',
      { mode: 'apply', gridNodes: grid },
      { as: town.people.admin },
    );
    const messages = reply.ok ? [] : (reply.error.details?.fields ?? []).map((f) => f.message);
    expect(messages).toEqual([
      '网格表第1行：不认识的列“颜色”，请使用导入模板里的表头',
      '网格表第3行 网格编码重复了',
    ]);

    const dup = await h.call(
      adminFunction,
      'importGrid',
      {
        mode: 'apply',
        gridNodes: [
          { code: 'XD-08', parentCode: town.town.code, level: '新村', name: '西湖新村' },
          { code: 'XD-08', parentCode: town.town.code, level: '新村', name: '西湖新村二' },
        ],
        rooms: [
          {
            name: '西湖老支书调解室',
            kind: '老支书调解室',
            gridNodeCode: town.villages[0]![0]!.code,
            level: '自然村',
            address: '村委会',
            weekdays: '周一',
            hours: '09:00-10:00',
            slotMinutes: 30,
            seatsPerSlot: 1,
          },
          {
            name: '无处调解室',
            kind: '群众说话室',
            gridNodeCode: 'XD-404',
            level: '自然村',
            address: '村委会',
            weekdays: '周一',
            hours: '09:00-10:00',
            slotMinutes: 30,
            seatsPerSlot: 1,
          },
        ],
      },
      { as: town.people.admin },
    );
    const dupFields = dup.ok ? [] : (dup.error.details?.fields ?? []);
    expect(dupFields).toEqual([
      { field: 'gridNodes.1.code', message: '网格表第2条 网格编码重复了' },
      { field: 'rooms.0.level', message: '调解室表第1条 所在层级：老支书调解室只设在新村一级' },
      {
        field: 'rooms.1.gridNodeCode',
        message: '调解室表第2条 所在网格编码：找不到编码为“XD-404”的网格',
      },
    ]);
  });

  it('refuses a village hung under a village and a room whose hours are shorter than a slot', async () => {
    const reply = await h.call(
      adminFunction,
      'importGrid',
      {
        gridNodes: [
          {
            code: 'XD-06-01',
            parentCode: town.villages[0]![0]!.code,
            level: '自然村',
            name: '错挂村',
          },
        ],
        rooms: [
          {
            name: '短时调解室',
            kind: '群众说话室',
            gridNodeCode: town.villages[0]![0]!.code,
            level: '自然村',
            address: '村委会',
            weekdays: '周一',
            hours: '09:00-09:20',
            slotMinutes: 30,
            seatsPerSlot: 1,
          },
        ],
      },
      { as: town.people.admin },
    );
    const fields = reply.ok ? [] : (reply.error.details?.fields ?? []);
    expect(fields.map((f) => f.field)).toEqual(['gridNodes.0.level', 'rooms.0.hours']);
    expect(fields[0]?.message).toContain('自然村不能挂在自然村下面');
    expect(fields[1]?.message).toContain('这个时段比一场调解的时长还短');
  });

  it('refuses a second town row and a town with a parent', async () => {
    const reply = await h.call(
      adminFunction,
      'importGrid',
      { gridNodes: [{ code: 'XD-T2', parentCode: town.town.code, level: '镇', name: '另一个镇' }] },
      { as: town.people.admin },
    );
    const messages = reply.ok ? [] : (reply.error.details?.fields ?? []).map((f) => f.message);
    expect(messages).toEqual([
      '已有的网格“小店镇”（town-a-town）：一个镇只能有一行“镇”',
      '网格表第1条 上级网格编码：镇是最上一级，上级网格编码请留空',
      '网格表第1条 层级：一个镇只能有一行“镇”',
    ]);
  });

  it('refuses a phone that belongs to another town', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const reply = await h.call(
      adminFunction,
      'importGrid',
      {
        staff: [
          {
            name: '外镇人',
            phone: other.people.villager.phone,
            roles: '网格员',
            gridNodeCodes: town.villages[0]![0]!.code,
          },
        ],
      },
      { as: town.people.admin },
    );
    expect(reply.ok ? null : reply.error.details?.fields?.[0]?.message).toBe(
      '人员表第1条 手机号：这个手机号已经是别的镇的账号，请核对',
    );
  });

  it('refuses a file that cannot be read as CSV, and an empty import', async () => {
    const broken = await h.call(
      adminFunction,
      'importGrid',
      { gridNodes: '网格编码,名称\n"XD-01,未闭合' },
      { as: town.people.admin },
    );
    expect(broken.ok ? null : broken.error.details?.fields?.[0]?.message).toContain(
      'CSV 文件读不出来',
    );
    const empty = await h.call(
      adminFunction,
      'importGrid',
      { gridNodes: '' },
      { as: town.people.admin },
    );
    expect(empty.ok ? null : empty.error.details?.fields?.[0]?.message).toBe(
      '导入的文件里没有内容',
    );
  });
});

describe('an import interrupted by a concurrent change', () => {
  it('says how many batches were written, and importing again finishes the job', async () => {
    const rows = [
      `${csvHeaders(GRID_CSV_COLUMNS).join(',')}`,
      `XD-09,${town.town.code},新村,大新村,,否`,
    ];
    for (let i = 1; i <= CHUNK_SIZE + 5; i += 1)
      rows.push(`XD-09-${i},XD-09,自然村,新庄${i}号,,否`);
    let transactions = 0;
    // The second transaction fails as a lost ifVersion race would on CloudBase.
    const store = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
        return (fn: Parameters<typeof target.transaction>[0]) => {
          transactions += 1;
          if (transactions === 2) return Promise.resolve(err(appError('CONFLICT')));
          return target.transaction(fn);
        };
      },
    });
    const request = { mode: 'apply' as const, gridNodes: rows.join('\n') };
    const admin = {
      townId: town.townId,
      actor: {
        accountId: town.people.admin._id,
        roles: town.people.admin.roles,
        townId: town.townId,
      },
    };
    const broken = await importRoster({ ...h.ctx, store: asDb(store) }, admin, request);
    expect(broken.ok ? null : [broken.error.code, broken.error.details?.batchesWritten]).toEqual([
      'CONFLICT',
      1,
    ]);
    expect(broken.ok ? '' : broken.error.message).toContain('重复导入不会产生重复记录');
    const again = await importRoster(h.ctx, admin, request);
    expect(again.ok && again.value.gridNodes).toEqual({
      created: 6,
      updated: 0,
      unchanged: CHUNK_SIZE,
    });
    expect(await gridCount()).toBe(town.villages.flat().length + 3 + CHUNK_SIZE + 6);
  });
});

describe('who may import', () => {
  it('refuses villagers and the centre', async () => {
    for (const as of [town.people.villager, town.people.centre]) {
      const reply = await h.call(adminFunction, 'importGrid', { gridNodes: gridCsv('x') }, { as });
      expect(reply.ok ? null : reply.error.code).toBe('FORBIDDEN');
    }
    const anonymous = await h.call(
      adminFunction,
      'importGrid',
      { gridNodes: gridCsv('x') },
      { as: null },
    );
    expect(anonymous.ok ? null : anonymous.error.code).toBe('UNAUTHENTICATED');
  });
});
