/**
 * The centre exports the month's concerns as the town's ledger (说事台账): an .xlsx the test
 * reads back with exceljs — Chinese headers, one row per concern of the period in order, dates
 * in China time, phones masked, a confidential reporter not named — and the export is audited.
 * The admin (no case contents) and the county officer cannot export.
 */
import ExcelJS from 'exceljs';
import type { ExportedFile } from '../../functions/stats/export-concerns';
import { LEDGER_COLUMNS, XLSX_MIME } from '../../functions/stats/export-concerns';
import { statsFunction } from '../../functions/stats/stats.function';
import { AUDIT_EVENTS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { reportStreetLight } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  // 2025-10-31 23:30 China time: still October in China, already past 15:00 UTC.
  h = createHarness('2025-10-31T23:30:00+08:00');
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function rowsOf(file: ExportedFile): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('说事台账');
  if (sheet === undefined) throw new Error('no 说事台账 sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

it('exports the month’s concerns with Chinese headers, China-time dates and masked phones', async () => {
  await reportStreetLight(h, town, { text: '十月最后一晚报的路灯，不该进十一月的台账' });
  h.clock.set('2025-11-03T08:15:00+08:00');
  await reportStreetLight(h, town);
  h.clock.advance(3_600_000);
  await reportStreetLight(h, town, {
    text: '邻居家的狗夜里一直叫，想请人协调一下',
    confidential: true,
  });
  h.clock.set('2025-12-01T00:10:00+08:00');
  await reportStreetLight(h, town, { text: '十二月的不进十一月的台账' });

  const file = await h.ok<ExportedFile>(
    statsFunction,
    'exportConcerns',
    { from: '2025-11-01', to: '2025-11-30' },
    { as: town.people.centre },
  );
  expect(file).toMatchObject({ mimeType: XLSX_MIME, rows: 2, truncated: false });
  expect(file.fileName).toBe('说事台账_2025-11-01_2025-11-30.xlsx');

  const rows = await rowsOf(file);
  expect(rows[0]).toEqual(LEDGER_COLUMNS.map((c) => c.header));
  expect(rows).toHaveLength(3);
  const col = (name: string) => LEDGER_COLUMNS.findIndex((c) => c.header === name);
  const [first, second] = [rows[1]!, rows[2]!];
  expect(first[col('提交时间')]).toBe('2025-11-03 08:15');
  expect(first[col('类别')]).toBe('求助');
  expect(first[col('说事内容')]).toBe('村东头的路灯坏了一个星期了，晚上走路看不见');
  expect(first[col('说事人')]).toBe('王秀兰');
  const phone = town.people.villager.phone!;
  expect(first[col('联系电话')]).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  expect(first[col('承办人')]).toBe('张网格');
  expect(first[col('办结期限')]).toMatch(/^2025-11-06 23:59$/);
  expect(second[col('提交时间')]).toBe('2025-11-03 09:15');
  expect(second[col('说事人')]).toBe('保密');
  expect(second[col('联系电话')]).toBe('');
  expect(JSON.stringify(rows)).not.toContain(phone);

  const exports = await AUDIT_EVENTS.query(h.store, {
    where: { subjectType: 'audit', subjectId: town.townId },
  });
  expect(exports.docs.map((e) => [e.action, e.actorId])).toEqual([
    ['export_ledger', town.people.centre._id],
  ]);
});

it('filters by status, and refuses the admin and the county officer', async () => {
  h.clock.set('2025-11-03T08:15:00+08:00');
  await reportStreetLight(h, town);
  const none = await h.ok<ExportedFile>(
    statsFunction,
    'exportConcerns',
    { from: '2025-11-01', to: '2025-11-30', status: 'resolved' },
    { as: town.people.centre },
  );
  expect(none.rows).toBe(0);
  expect(await rowsOf(none)).toHaveLength(1);
  for (const who of [town.people.admin, town.people.county, town.people.villager]) {
    const reply = await h.call(
      statsFunction,
      'exportConcerns',
      { from: '2025-11-01', to: '2025-11-30' },
      { as: who },
    );
    expect(reply.ok || reply.error.code).toBe('FORBIDDEN');
  }
  const backwards = await h.call(
    statsFunction,
    'exportConcerns',
    { from: '2025-11-30', to: '2025-11-01' },
    { as: town.people.centre },
  );
  expect(backwards.ok).toBe(false);
  if (!backwards.ok) expect(backwards.error.details?.fields?.[0]?.field).toBe('to');
});
