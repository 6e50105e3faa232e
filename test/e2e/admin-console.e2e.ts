/**
 * 管理后台 in Chromium: the admin issues an invitation (the code shown once, the list says
 * 待绑定); the centre exports this month's 说事台账 and the test opens the downloaded .xlsx;
 * the audit reader then shows that export as a protected read.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { LEDGER_COLUMNS } from '../../functions/stats/export.views';
import { useJourney } from './support/journey';

const j = useJourney();

test('the admin issues an invitation; the centre exports the ledger and finds it in the audit', async () => {
  const admin = await j.as('张建国');
  await admin.open('/staff/admin/invitations');
  await admin.tap('invite-role-grid_worker');
  await admin.page.locator('[id^="invite-node-"] >> visible=true').first().tap();
  await admin.fill('invite-name', '新网格员');
  await admin.tap('invite-submit');
  const code = await admin.byId('invitation-code').textContent();
  expect(code?.trim()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const row = admin.page.locator('[id^="invitation-inv:"] >> visible=true').first();
  await expect(row.textContent()).resolves.toContain('待绑定');
  await admin.shot('admin-invitations.png');

  const centre = await j.as('李红梅');
  await centre.open('/staff/admin/export');
  const [download] = await Promise.all([
    centre.page.waitForEvent('download'),
    centre.tap('export-submit'),
  ]);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('说事台账');
  const header = (sheet?.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual(LEDGER_COLUMNS.map((c) => c.header));
  const done = await centre.byId('export-done').textContent();
  const rows = Number(/已导出 (\d+) 条/.exec(done ?? '')?.[1]);
  expect(sheet?.actualRowCount).toBe(rows + 1);

  await centre.open('/staff/admin/audit');
  await centre.tap('audit-kind-protected_reads');
  await expect(
    centre.page.locator('#audit-list >> visible=true').first().textContent(),
  ).resolves.toContain('导出台账');
  await centre.shot('admin-audit.png');
});
