/**
 * A small test town: 镇 → 2 新村 → 3 自然村 each, with staff for every role of docs/domain.md §1.
 * Records are validated with the shared schemas before they are stored, so a factory can
 * never drift from what the product writes. `villageGridWorker` covers only the first village
 * of the first community, so routing up the grid can be seen from the second village.
 */
import type { Account } from '../../shared/account/account.schema';
import { accountSchema } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import { gridNodeSchema } from '../../shared/grid/grid.schema';
import type { Role } from '../../shared/kernel/roles';
import type { Store, StoredDoc } from '../../functions/store/store.port';

const T0 = '2025-11-01T09:00:00+08:00';

export interface TestTown {
  readonly townId: string;
  readonly town: StoredDoc<GridNode>;
  readonly communities: StoredDoc<GridNode>[];
  /** villages[c][v]: village v of community c. */
  readonly villages: StoredDoc<GridNode>[][];
  readonly people: {
    readonly villager: StoredDoc<Account>;
    readonly neighbour: StoredDoc<Account>;
    /** A villager of the second community. */
    readonly farVillager: StoredDoc<Account>;
    readonly villageGridWorker: StoredDoc<Account>;
    readonly communityGridWorker: StoredDoc<Account>;
    readonly otherCommunityGridWorker: StoredDoc<Account>;
    readonly mediator: StoredDoc<Account>;
    readonly legalAdviser: StoredDoc<Account>;
    readonly landOfficer: StoredDoc<Account>;
    readonly fireOfficer: StoredDoc<Account>;
    readonly liaison: StoredDoc<Account>;
    readonly prosecutor: StoredDoc<Account>;
    readonly centre: StoredDoc<Account>;
    readonly admin: StoredDoc<Account>;
    readonly county: StoredDoc<Account>;
  };
}

async function put<T extends object>(
  store: Store,
  collection: string,
  doc: T & { _id: string },
): Promise<StoredDoc<T>> {
  const result = await store.insert<T>(collection, doc);
  if (!result.ok) throw new Error(`factory insert failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

function node(
  townId: string,
  id: string,
  level: GridNode['level'],
  name: string,
  parent: GridNode | null,
): GridNode {
  return gridNodeSchema.parse({
    _id: id,
    townId,
    createdAt: T0,
    updatedAt: T0,
    _version: 0,
    code: id.replace(/[^A-Za-z0-9_-]/g, '-'),
    name,
    level,
    parentId: parent?._id ?? null,
    ancestorIds: parent === null ? [] : [...parent.ancestorIds, parent._id],
    households: level === 'village' ? 120 : undefined,
    sample: false,
  });
}

let phoneSeq = 0;

/** Builds an account record (validated), without storing it. */
export function accountRecord(
  townId: string,
  id: string,
  name: string,
  roles: Role[],
  gridNodeIds: string[],
  extra: Partial<Account> = {},
): Account {
  phoneSeq += 1;
  return accountSchema.parse({
    _id: id,
    townId,
    createdAt: T0,
    updatedAt: T0,
    _version: 0,
    name,
    phone: `139${String(10_000_000 + phoneSeq).slice(-8)}`,
    roles,
    gridNodeIds,
    privacyConsent: roles.includes('villager')
      ? { noticeVersion: 'v1', consentedAt: T0, via: 'self' }
      : undefined,
    isStaff: roles.some((r) => r !== 'villager'),
    ...extra,
  });
}

/** Creates the test town in `store`; ids are prefixed with `townId` so two towns never clash. */
export async function createTestTown(store: Store, townId = 'town-a'): Promise<TestTown> {
  const p = (s: string) => `${townId}-${s}`;
  const strip = <T extends { _version: number }>(d: T) => {
    const { _version: _drop, ...rest } = d;
    return rest;
  };
  const townNode = node(townId, p('town'), 'town', '小店镇', null);
  const town = await put<GridNode>(store, 'grid_nodes', strip(townNode) as GridNode);
  const communities: StoredDoc<GridNode>[] = [];
  const villages: StoredDoc<GridNode>[][] = [];
  for (const [c, cname] of ['东关新村', '西岭新村'].entries()) {
    const community = await put<GridNode>(
      store,
      'grid_nodes',
      strip(node(townId, p(`c${c}`), 'community', cname, townNode)) as GridNode,
    );
    communities.push(community);
    const row: StoredDoc<GridNode>[] = [];
    for (const v of [0, 1, 2]) {
      const village = node(
        townId,
        p(`c${c}v${v}`),
        'village',
        `${cname.slice(0, 2)}${['前', '后', '南'][v]}村`,
        community,
      );
      row.push(await put<GridNode>(store, 'grid_nodes', strip(village) as GridNode));
    }
    villages.push(row);
  }
  const v00 = villages[0]![0]!._id;
  const v01 = villages[0]![1]!._id;
  const v10 = villages[1]![0]!._id;
  const acct = async (
    id: string,
    name: string,
    roles: Role[],
    nodes: string[],
    extra: Partial<Account> = {},
  ) =>
    put<Account>(
      store,
      'accounts',
      strip(accountRecord(townId, p(id), name, roles, nodes, extra)) as Account,
    );
  const people = {
    villager: await acct('villager', '王秀兰', ['villager'], [v00], { householdId: p('hh1') }),
    neighbour: await acct('neighbour', '李大山', ['villager'], [v01]),
    farVillager: await acct('far-villager', '赵春生', ['villager'], [v10]),
    villageGridWorker: await acct('gw-v00', '张网格', ['grid_worker', 'mediator'], [v00]),
    communityGridWorker: await acct('gw-c0', '刘新村', ['grid_worker'], [communities[0]!._id]),
    otherCommunityGridWorker: await acct('gw-c1', '陈西岭', ['grid_worker'], [communities[1]!._id]),
    mediator: await acct('mediator', '孙老支书', ['mediator'], [communities[0]!._id]),
    legalAdviser: await acct(
      'adviser',
      '周律师',
      ['legal_adviser'],
      [communities[0]!._id, communities[1]!._id],
    ),
    landOfficer: await acct('land', '吴国土', ['dept_officer'], [town._id], {
      departmentId: 'natural_resources',
    }),
    fireOfficer: await acct('fire', '郑消防', ['dept_officer'], [town._id], {
      departmentId: 'fire_station',
    }),
    liaison: await acct('liaison', '冯联络', ['prosecutor_liaison'], [town._id]),
    prosecutor: await acct('prosecutor', '韩检察', ['prosecutor'], [town._id]),
    centre: await acct('centre', '钱热线', ['center_operator'], [town._id]),
    admin: await acct('admin', '褚管理', ['admin'], [town._id]),
    county: await acct('county', '卫县级', ['county_officer'], [town._id]),
  };
  return { townId, town, communities, villages, people };
}
