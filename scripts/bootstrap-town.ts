/**
 * 建镇: sets a town up before anyone can sign in — loads its roster (the same CSV/JSON as the
 * admin's importGrid), records the town and prints the first administrator's invitation code.
 * Runs on whichever store the environment selects (functions/adapters/select.ts): the local
 * host's SQLite (DATA_DIR) or, with HEHE_RUNTIME=cloudbase, TCB_ENV and TENCENTCLOUD_SECRETID/
 * TENCENTCLOUD_SECRETKEY, the CloudBase database.
 *
 *   tsx scripts/bootstrap-town.ts --town-id xiaodian --town-name 小店镇 --county-id juxian \
 *     --admin-name 张建国 --grid grid.csv [--staff staff.csv] [--rooms rooms.csv]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectRuntime } from '../functions/adapters/select';
import { bootstrapTown } from '../functions/admin/bootstrap-town';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'town-id': { type: 'string' },
      'town-name': { type: 'string' },
      'county-id': { type: 'string' },
      'admin-name': { type: 'string' },
      grid: { type: 'string' },
      staff: { type: 'string' },
      rooms: { type: 'string' },
      'valid-days': { type: 'string' },
    },
  });
  const required = ['town-id', 'town-name', 'county-id', 'admin-name', 'grid'] as const;
  const missing = required.filter((name) => !values[name]);
  if (missing.length > 0) {
    console.error(`缺少参数 / missing: ${missing.map((m) => `--${m}`).join(' ')}`);
    process.exit(2);
  }
  const read = (path: string | undefined) => (path ? readFileSync(path, 'utf8') : undefined);
  const runtime = await selectRuntime(process.env);
  const outcome = await bootstrapTown(
    runtime.ctx,
    {
      townId: values['town-id'] as string,
      townName: values['town-name'] as string,
      countyId: values['county-id'] as string,
      adminName: values['admin-name'] as string,
      ...(values['valid-days'] ? { validDays: Number(values['valid-days']) } : {}),
    },
    {
      gridNodes: read(values.grid),
      ...(values.staff ? { staff: read(values.staff) } : {}),
      ...(values.rooms ? { rooms: read(values.rooms) } : {}),
    },
  );
  if (!outcome.ok) {
    console.error(`没有建成 / not set up: ${outcome.error.message}`);
    const fields = (outcome.error.details as { fields?: { field: string; message: string }[] })
      ?.fields;
    for (const f of fields ?? []) console.error(`  ${f.field}: ${f.message}`);
    process.exit(1);
  }
  const { adminInvitation: inv } = outcome.value;
  console.log(`已建好「${values['town-name']}」（${runtime.kind}）。`);
  console.log(
    `第一位管理员（${inv.name ?? ''}）的邀请码：${inv.code}，有效期至 ${inv.expiresAt}。`,
  );
  console.log(
    '请管理员在小程序里注册（选本镇的村），再到「我的 → 个人设置 → 工作人员绑定」输入邀请码。',
  );
  console.log('这个邀请码只显示这一次，请当面交给管理员。');
}

main().catch((thrown) => {
  console.error(thrown);
  process.exit(1);
});
