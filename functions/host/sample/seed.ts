/**
 * The sample town (示例镇): 小店镇（示例）, loaded from the CSV files beside this module through
 * the same roster import (`importRoster`) a real town uses, so the sample can never drift
 * from what an import accepts. Every record is flagged `sample: true`, the files say
 * 示例数据 in their header, and every name in them is invented (not the real villages or
 * people of Xiaodian). Then it adds a few demo villagers (one registered on their behalf,
 * 代办), links each room to its mediators, records the town, and gives the demo accounts
 * their passwords.
 *
 * Idempotent: once the `towns` record exists nothing is written again (`created: false`).
 * The town record is written last, so a run interrupted half-way simply runs again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account } from '../../../shared/account/account.schema';
import { systemActor } from '../../../shared/kernel/roles';
import type { Role } from '../../../shared/kernel/roles';
import { ok } from '../../../shared/kernel/result';
import { insertAccount, phoneKeyId, villagerRecord } from '../../account/account.api';
import { gridNodeId, importRoster } from '../../admin/import-roster';
import { appendEvent } from '../../runtime/changes';
import type { AppContext } from '../../runtime/context';
import { loadStaff } from '../../runtime/directory';
import { queryAll } from '../../runtime/paging';
import { setPassword } from '../passwords';
import { seedSampleArticles } from '../../learning/learning.api';
import { ACCOUNTS, ACCOUNT_KEYS, ROOMS, TOWNS } from '../../store/collections';
import { runTransaction } from '../../store/store.raw';
import { putRoom } from '../../mediation/mediation.api';
import { recordTown } from '../../admin/bootstrap-town';

export const SAMPLE_TOWN_ID = 'xiaodian-sample';
export const SAMPLE_TOWN_NAME = '小店镇（示例）';
export const SAMPLE_COUNTY_ID = 'juxian';
/** The password every demo account gets (ASCII, so it can be typed on any keyboard). */
export const DEMO_PASSWORD = 'demo-1234';
/** The privacy-notice version the demo villagers consented to. */
export const SAMPLE_NOTICE_VERSION = 'sample-1';

const FILES = {
  gridNodes: 'xiaodian-sample.grid.csv',
  staff: 'xiaodian-sample.staff.csv',
  rooms: 'xiaodian-sample.rooms.csv',
} as const;

interface SampleVillager {
  readonly name: string;
  /** None for the villager registered on their behalf (代办). */
  readonly phone?: string;
  readonly contactPhone?: string;
  readonly gridCode: string;
  readonly household: string;
  readonly householdHeadName: string;
  /** Phone of the grid worker who registered them on their behalf. */
  readonly proxyBy?: string;
}

/**
 * Demo villagers (示例村民): one in a village with its own grid worker, one in a village
 * without (routing goes up to the community), one in the community with no village workers,
 * and an elderly man without a phone registered by his grid worker.
 */
const SAMPLE_VILLAGERS: readonly SampleVillager[] = [
  {
    name: '王秀英',
    phone: '13800009001',
    gridCode: 'XD-01-01',
    household: '1',
    householdHeadName: '王长顺',
  },
  {
    name: '李大山',
    phone: '13800009002',
    gridCode: 'XD-01-07',
    household: '2',
    householdHeadName: '李大山',
  },
  {
    name: '沈桂兰',
    phone: '13800009003',
    gridCode: 'XD-09-02',
    household: '3',
    householdHeadName: '沈桂兰',
  },
  {
    name: '王长顺',
    contactPhone: '0633-6101234',
    gridCode: 'XD-01-01',
    household: '1',
    householdHeadName: '王长顺',
    proxyBy: '13800000038',
  },
];

/**
 * Phones of the demo accounts that get a password, one for each kind of user: admin,
 * centre, county, prosecutor liaison, prosecutor, 司法所 officer, legal adviser, the grid
 * worker of community 9 (which has no village workers), the village grid worker of 王家庄,
 * the 老支书 of 东岭新村, and two villagers.
 */
export const DEMO_PHONES: readonly string[] = [
  '13800000001',
  '13800000002',
  '13800000004',
  '13800000005',
  '13800000006',
  '13800000008',
  '13800000019',
  '13800000037',
  '13800000038',
  '13800000078',
  '13800009001',
  '13800009003',
];

/** A demo login: `phone` and `login` are the same number (the host's banner prints `login`). */
export interface SampleDemoAccount {
  readonly name: string;
  readonly roles: Role[];
  readonly phone: string;
  readonly login: string;
  readonly password: string;
}

export interface SampleSeedOutcome {
  readonly created: boolean;
  readonly townId: string;
  readonly demoAccounts: SampleDemoAccount[];
}

function readSample(file: string): string {
  return readFileSync(join(__dirname, file), 'utf8');
}

async function accountByPhone(ctx: AppContext, phone: string): Promise<Account | null> {
  const key = await ACCOUNT_KEYS.get(ctx.store, phoneKeyId(phone));
  return key === null ? null : ACCOUNTS.get(ctx.store, key.accountId);
}

/** Adds the demo villagers that are not there yet (by phone, or by name for the phoneless). */
async function addVillagers(ctx: AppContext): Promise<void> {
  const townId = SAMPLE_TOWN_ID;
  const existing = await queryAll(ctx, ACCOUNTS, {
    where: { townId, isStaff: false },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  for (const v of SAMPLE_VILLAGERS) {
    if (existing.some((a) => a.name === v.name && a.sample)) continue;
    const witness = v.proxyBy === undefined ? null : await accountByPhone(ctx, v.proxyBy);
    const now = ctx.clock.nowIso();
    const record = villagerRecord(ctx, {
      townId,
      name: v.name,
      phone: v.phone,
      contactPhone: v.contactPhone,
      gridNodeId: gridNodeId(townId, v.gridCode),
      householdId: `hh:${townId}:${v.household}`,
      householdHeadName: v.householdHeadName,
      consent: {
        noticeVersion: SAMPLE_NOTICE_VERSION,
        consentedAt: now,
        via: witness === null ? 'self' : 'proxy',
        ...(witness === null ? {} : { witnessedBy: witness._id }),
      },
      registeredBy: witness?._id,
      sample: true,
    });
    const written = await runTransaction(ctx.store, async (tx) => {
      const stored = await insertAccount(tx, record);
      if (!stored.ok) return stored;
      return appendEvent(ctx, tx, {
        townId,
        subjectType: 'account',
        subjectId: record._id,
        actorId: witness?._id ?? 'system',
        actorRole: witness === null ? 'system' : 'grid_worker',
        action: witness === null ? 'register' : 'proxy_register',
        from: null,
        to: 'active',
        at: now,
        note: `示例数据：演示村民（隐私告知版本 ${SAMPLE_NOTICE_VERSION}）`,
        visibleToReporter: true,
      });
    });
    if (!written.ok) throw new Error(`sample villager ${v.name}: ${written.error.message}`);
  }
}

/** Links every room to the mediators responsible for its grid node (it had none yet). */
async function assignMediators(ctx: AppContext): Promise<void> {
  const townId = SAMPLE_TOWN_ID;
  const [rooms, staff] = await Promise.all([
    queryAll(ctx, ROOMS, { where: { townId }, orderBy: { path: 'name', order: 'asc' } }),
    loadStaff(ctx, townId),
  ]);
  const mediators = staff.filter((s) => s.roles.includes('mediator'));
  for (const room of rooms) {
    if (room.mediatorIds.length > 0) continue;
    const ids = mediators.filter((m) => m.gridNodeIds.includes(room.gridNodeId)).map((m) => m._id);
    if (ids.length === 0) continue;
    const written = await runTransaction(ctx.store, async (tx) => {
      const { _version: version, ...body } = room;
      const updated = await putRoom(
        tx,
        { ...body, mediatorIds: ids },
        { _id: room._id, _version: version },
      );
      if (!updated.ok) return updated;
      const event = await appendEvent(ctx, tx, {
        townId,
        subjectType: 'room',
        subjectId: room._id,
        actorId: 'system',
        actorRole: 'system',
        action: 'assign_mediators',
        from: null,
        to: null,
        at: ctx.clock.nowIso(),
        note: `示例数据：为${room.name}指定 ${ids.length} 名调解员`,
        visibleToReporter: false,
      });
      return event.ok ? ok(undefined) : event;
    });
    if (!written.ok) throw new Error(`sample room ${room.name}: ${written.error.message}`);
  }
}

/** The demo accounts as they are stored (names and roles from the records). */
async function demoAccounts(ctx: AppContext): Promise<SampleDemoAccount[]> {
  const accounts = await Promise.all(DEMO_PHONES.map((phone) => accountByPhone(ctx, phone)));
  return accounts
    .filter((a): a is Account => a !== null && a.phone !== undefined)
    .map((a) => ({
      name: a.name,
      roles: [...a.roles],
      phone: a.phone as string,
      login: a.phone as string,
      password: DEMO_PASSWORD,
    }));
}

/**
 * Seeds the sample town once. Returns whether it was created now, its town id, and the
 * demo accounts (phone and password) — passwords are set only when the town is created,
 * so a password someone changed later is never reset.
 */
export async function seedSampleTown(ctx: AppContext): Promise<SampleSeedOutcome> {
  const townId = SAMPLE_TOWN_ID;
  if ((await TOWNS.get(ctx.store, townId)) !== null) {
    return { created: false, townId, demoAccounts: await demoAccounts(ctx) };
  }
  const imported = await importRoster(
    ctx,
    { townId, actor: systemActor(townId) },
    {
      mode: 'apply',
      gridNodes: readSample(FILES.gridNodes),
      staff: readSample(FILES.staff),
      rooms: readSample(FILES.rooms),
    },
  );
  // The sample files ship with the code: one that does not import is a bug, not user input.
  if (!imported.ok) throw new Error(`sample town import failed: ${JSON.stringify(imported.error)}`);
  await addVillagers(ctx);
  await assignMediators(ctx);
  // Legal-education articles and 法德讲堂 lectures written for the sample (idempotent).
  await seedSampleArticles(ctx, townId);
  const town = await recordTown(ctx, {
    _id: townId,
    name: SAMPLE_TOWN_NAME,
    countyId: SAMPLE_COUNTY_ID,
    sample: true,
  });
  if (!town.ok) return { created: false, townId, demoAccounts: await demoAccounts(ctx) };
  const accounts = await demoAccounts(ctx);
  for (const demo of accounts) {
    const key = await ACCOUNT_KEYS.get(ctx.store, phoneKeyId(demo.phone));
    const set = key === null ? null : await setPassword(ctx, key.accountId, demo.password);
    if (set !== null && !set.ok)
      throw new Error(`sample password for ${demo.name}: ${set.error.message}`);
  }
  return { created: true, townId, demoAccounts: accounts };
}
