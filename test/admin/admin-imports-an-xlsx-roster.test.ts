/**
 * A town's roster arrives as an Excel sheet: the admin imports the .xlsx (made here with the
 * same library) through the same preview → apply flow as a CSV. Every refused row is named by
 * the row number Excel shows, with its reason; the imported worker then receives the next
 * concern of their village.
 */
import ExcelJS from 'exceljs';
import { adminFunction } from '../../functions/admin/admin.function';
import type { ImportSummary } from '../../functions/admin/import-roster';
import { ACCOUNTS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { reportStreetLight, tasksOf } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function xlsxOf(rows: readonly (readonly string[])[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员');
  for (const row of rows) sheet.addRow([...row]);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer).toString('base64');
}

const HEADER = ['姓名', '手机号', '角色', '负责网格编码'];

it('names every refused row of the sheet by its Excel row number, and writes nothing', async () => {
  const village = town.villages[0]![1]!;
  const xlsx = await xlsxOf([
    HEADER,
    ['杨网格', '13700000011', '网格员', village.code!],
    ['钱错号', '1234', '网格员', village.code!],
    ['马保安', '13700000013', '保安', village.code!],
  ]);
  const reply = await h.call(
    adminFunction,
    'importGrid',
    { mode: 'preview', staff: { xlsx } },
    { as: town.people.admin },
  );
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code).toBe('VALIDATION_FAILED');
  const messages = (reply.error.details?.fields ?? []).map((f) => f.message);
  expect(messages.some((m) => m.startsWith('人员表第3行') && m.includes('手机号'))).toBe(true);
  expect(messages.some((m) => m.startsWith('人员表第4行') && m.includes('角色'))).toBe(true);
  expect(messages.some((m) => m.startsWith('人员表第2行'))).toBe(false);
  expect((await ACCOUNTS.query(h.store, { where: { phone: '13700000011' } })).docs).toEqual([]);
});

it('previews, applies, and the imported worker gets the next concern of their village', async () => {
  const village = town.villages[0]![0]!;
  // 张网格, the village's worker so far, gets the first concern (one open task).
  const earlier = await reportStreetLight(h, town);
  expect((await tasksOf(h, earlier.id))[0]?.assigneeId).toBe(town.people.villageGridWorker._id);
  const xlsx = await xlsxOf([HEADER, ['杨网格', '13700000011', '网格员', village.code!]]);
  const preview = await h.ok<ImportSummary>(
    adminFunction,
    'importGrid',
    { mode: 'preview', staff: { xlsx } },
    { as: town.people.admin },
  );
  expect(preview.staff).toEqual({ created: 1, updated: 0, unchanged: 0 });
  expect((await ACCOUNTS.query(h.store, { where: { phone: '13700000011' } })).docs).toEqual([]);

  await h.ok(
    adminFunction,
    'importGrid',
    { mode: 'apply', staff: { xlsx } },
    { as: town.people.admin },
  );
  const [worker] = (await ACCOUNTS.query(h.store, { where: { phone: '13700000011' } })).docs;
  expect(worker).toMatchObject({
    name: '杨网格',
    roles: ['grid_worker'],
    gridNodeIds: [village._id],
  });
  // Routing picks the village's worker with the fewest open tasks: the imported one has none.
  const concern = await reportStreetLight(h, town);
  const [task] = await tasksOf(h, concern.id);
  expect(task?.assigneeId).toBe(worker!._id);
});

it('refuses a file that is not an Excel workbook, naming the table', async () => {
  const reply = await h.call(
    adminFunction,
    'importGrid',
    { mode: 'preview', staff: { xlsx: Buffer.from('不是表格').toString('base64') } },
    { as: town.people.admin },
  );
  expect(reply.ok).toBe(false);
  if (!reply.ok) {
    expect(reply.error.message).toContain('人员表');
    expect(reply.error.details?.fields?.[0]?.field).toBe('staff');
  }
});
