/**
 * What a submission costs as the roster grows (not a unit test: timings depend on the
 * machine). Two towns in the same run: the sample town (about 100 active staff) and the same
 * town with 9,900 more grid workers, two each on 4,950 more grid nodes elsewhere in the town
 * (imported through the real roster import). The villager's `concern.submit` to her own
 * village goes through dispatch in the process (synchronous=NORMAL, so the disk's fsync does
 * not hide what the roster costs); the figure is the mean per call, and the target is the
 * large roster's ≤ 1.3 × the small one's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import type { EmbeddedRuntime } from '../../functions/adapters/select';
import { importRoster } from '../../functions/admin/import-roster';
import { concernFunction } from '../../functions/concern/concern.function';
import { SAMPLE_TOWN_ID, seedSampleTown } from '../../functions/host/sample/seed';
import { rebuildTaskLoads } from '../../functions/runtime/directory';
import { dispatch } from '../../functions/runtime/dispatch';
import { ACCOUNT_KEYS, ACCOUNTS } from '../../functions/store/collections';
import { systemActor } from '../../shared/kernel/roles';

const PLACE = `grid:${SAMPLE_TOWN_ID}:XD-01-01`;

/** Villages of the sample town other than the villager's, where the new grid nodes go. */
const OTHER_VILLAGES = ['XD-02-01', 'XD-03-01', 'XD-04-01', 'XD-05-01', 'XD-06-01', 'XD-07-01'];

/** A number written in letters (names take only Chinese characters and letters). */
function letters(n: number): string {
  let out = '';
  let left = n;
  do {
    out = String.fromCharCode(65 + (left % 26)) + out;
    left = Math.floor(left / 26);
  } while (left > 0);
  return out;
}

const GRID_HEADER =
  '网格编码 code,上级网格编码 parent_code,层级 level,名称 name,户数 households,示例数据 sample';
const STAFF_HEADER =
  '姓名 name,手机号 phone,角色 roles,负责网格编码 grid_codes,所在部门 department,示例数据 sample';
/** Rows per import (the import takes at most 2,000 of a table at once). */
const CHUNK = 1000;

async function importRows(rt: EmbeddedRuntime, table: 'gridNodes' | 'staff', rows: string[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const header = table === 'gridNodes' ? GRID_HEADER : STAFF_HEADER;
    const done = await importRoster(
      rt.ctx,
      { townId: SAMPLE_TOWN_ID, actor: systemActor(SAMPLE_TOWN_ID) },
      { mode: 'apply', [table]: [header, ...rows.slice(i, i + CHUNK)].join('\n') },
    );
    if (!done.ok) throw new Error(`roster import: ${JSON.stringify(done.error).slice(0, 300)}`);
  }
}

async function growRoster(rt: EmbeddedRuntime, extraStaff: number): Promise<void> {
  const nodes = Math.ceil(extraStaff / 2);
  const grid: string[] = [];
  const staff: string[] = [];
  for (let i = 0; i < nodes; i += 1) {
    const parent = OTHER_VILLAGES[i % OTHER_VILLAGES.length];
    grid.push(`XD-B-${i},${parent},街,测试街${letters(i)},,是`);
  }
  for (let i = 0; i < extraStaff; i += 1) {
    staff.push(
      `测试网格员${letters(i)},139${String(i).padStart(8, '0')},网格员,XD-B-${Math.floor(i / 2)},,是`,
    );
  }
  await importRows(rt, 'gridNodes', grid);
  await importRows(rt, 'staff', staff);
}

/** A town of the sample roster plus `extraStaff`, ready to take submissions. */
async function town(extraStaff: number) {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-roster-bench-'));
  const rt = createEmbeddedRuntime({ dataDir: dir, log: silentLogger, synchronous: 'NORMAL' });
  await seedSampleTown(rt.ctx);
  if (extraStaff > 0) await growRoster(rt, extraStaff);
  await rebuildTaskLoads(rt.ctx, SAMPLE_TOWN_ID);
  const staff = await ACCOUNTS.count(rt.ctx.store, { townId: SAMPLE_TOWN_ID, isStaff: true });
  const villager = (await ACCOUNT_KEYS.get(rt.ctx.store, 'phone:13800009001'))!.accountId;
  let n = 0;
  const submit = async () => {
    n += 1;
    const reply = await dispatch(
      rt.ctx,
      concernFunction,
      {
        action: 'submit',
        requestId: `roster-bench-${String(n).padStart(8, '0')}`,
        data: {
          kind: 'help',
          topic: 'other',
          text: `村东头的路灯坏了一个星期了，晚上走路看不见（第${n}件）`,
          place: { gridNodeId: PLACE, text: '村东头大槐树旁' },
        },
      },
      { kind: 'account', accountId: villager },
    );
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  };
  return {
    staff,
    submit,
    async close() {
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RosterFigures {
  readonly smallStaff: number;
  readonly smallMs: number;
  readonly largeStaff: number;
  readonly largeMs: number;
}

/**
 * Both towns in one process, measured in alternating rounds so a change in the machine's load
 * falls on both alike; the figure is each town's mean milliseconds per submission.
 */
export async function runRosterBench(runs = 300): Promise<RosterFigures> {
  const small = await town(0);
  const large = await town(9900);
  try {
    for (let i = 0; i < 30; i += 1) {
      await small.submit();
      await large.submit();
    }
    const spent = { small: 0, large: 0 };
    const rounds = 10;
    for (let r = 0; r < rounds; r += 1) {
      for (const [name, t] of [
        ['small', small],
        ['large', large],
      ] as const) {
        const start = performance.now();
        for (let i = 0; i < runs / rounds; i += 1) await t.submit();
        spent[name] += performance.now() - start;
      }
    }
    return {
      smallStaff: small.staff,
      smallMs: spent.small / runs,
      largeStaff: large.staff,
      largeMs: spent.large / runs,
    };
  } finally {
    await small.close();
    await large.close();
  }
}
