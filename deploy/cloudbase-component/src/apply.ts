/**
 * Applying a plan with @cloudbase/manager-node. Every call goes through `CloudBaseClient`, the
 * exact subset of manager-node's `functions` and `database` services used here, so a test can
 * pass a recording fake and check the calls and their arguments.
 *
 * A function is created when the environment does not have it (code, config and triggers in one
 * `createFunction`), else updated: code, then config, then its timer triggers replaced where the
 * name or the cron changed. Collections are created when missing and every declared index that is
 * missing is created; nothing is ever dropped (an index of the same name with other keys is
 * reported, an undeclared one is left in place).
 */
import type CloudBase from '@cloudbase/manager-node';
import { MAX_INDEXES_PER_COLLECTION as MAX_INDEXES } from '../../../functions/store/store.port';
import { intervalOfCron } from './cron';
import type { DatabasePlan, FunctionPlan, IndexKey, PlannedIndex } from './plan';

type FunctionService = CloudBase['functions'];
type DatabaseService = CloudBase['database'];
type StorageService = CloudBase['storage'];
type PermissionService = CloudBase['permission'];

export interface CloudBaseClient {
  readonly functions: Pick<
    FunctionService,
    | 'listFunctions'
    | 'getFunctionDetail'
    | 'createFunction'
    | 'updateFunctionCode'
    | 'updateFunctionConfig'
    | 'waitFunctionActive'
    | 'createFunctionTriggers'
    | 'deleteFunctionTrigger'
    | 'deleteFunction'
  >;
  readonly database: Pick<
    DatabaseService,
    'createCollectionIfNotExists' | 'describeCollection' | 'updateCollection'
  >;
  readonly storage: Pick<StorageService, 'getStorageAcl' | 'setStorageAcl'>;
  readonly permission: Pick<
    PermissionService,
    'describeResourcePermission' | 'modifyResourcePermission'
  >;
}

export type Log = (line: string) => void;

/** Every collection has this index on `_id`; it is not one of the declared ones. */
const ID_INDEX = '_id_';
const PAGE = 100;

/** Names of the functions the environment has (CloudBase allows 50; pages of 100). */
export async function listFunctionNames(client: CloudBaseClient): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.functions.listFunctions(PAGE, offset);
    for (const f of page) if (f.FunctionName) names.add(f.FunctionName);
    if (page.length < PAGE) return names;
  }
}

/** A deployed trigger's cron: `TriggerDesc` is `{"cron":"…"}` for timers, or the bare cron. */
function cronOf(desc: string | undefined): string {
  if (desc === undefined) return '';
  try {
    const parsed = JSON.parse(desc) as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'cron' in parsed) {
      return String((parsed as { cron: unknown }).cron);
    }
  } catch {
    // not JSON: the cron itself
  }
  return desc;
}

/** Two crons fire alike: the same interval, however spelt, or the same text. */
function sameSchedule(a: string, b: string): boolean {
  const interval = intervalOfCron(a);
  return interval === null ? a.trim() === b.trim() : interval === intervalOfCron(b);
}

export interface FunctionReport {
  readonly function: string;
  readonly action: 'created' | 'updated';
  readonly triggersDeleted: readonly string[];
  readonly triggersCreated: readonly string[];
  readonly warnings: readonly string[];
}

/** Creates or updates one function, its config and its timer triggers. */
export async function applyFunction(
  client: CloudBaseClient,
  plan: FunctionPlan,
  log: Log,
): Promise<FunctionReport> {
  const fns = client.functions;
  const triggers = plan.triggers.map(({ name, type, config }) => ({ name, type, config }));
  const code = {
    name: plan.name,
    runtime: plan.runtime,
    handler: plan.handler,
    installDependency: plan.installDependency,
  };
  const config = {
    name: plan.name,
    memorySize: plan.memorySize,
    timeout: plan.timeout,
    envVariables: { ...plan.environment },
  };
  const exists = (await listFunctionNames(client)).has(plan.name);
  if (!exists) {
    log(`[${plan.name}] creating (${plan.runtime}, ${plan.memorySize} MB, ${plan.timeout} s)`);
    await fns.createFunction({
      func: { ...code, ...config, triggers },
      functionPath: plan.bundle.path,
      force: false,
    });
    return {
      function: plan.name,
      action: 'created',
      triggersDeleted: [],
      triggersCreated: triggers.map((t) => t.name),
      warnings: [],
    };
  }
  const warnings: string[] = [];
  const detail = await fns.getFunctionDetail(plan.name);
  if (detail.Runtime && detail.Runtime !== plan.runtime) {
    // The runtime is fixed at creation (UpdateFunctionConfiguration cannot change it).
    warnings.push(
      `${plan.name} runs ${detail.Runtime}, s.yaml says ${plan.runtime}: delete the function (s ${plan.resource} remove) and deploy again to change it`,
    );
  }
  log(`[${plan.name}] updating code`);
  await fns.updateFunctionCode({ func: code, functionPath: plan.bundle.path });
  await fns.waitFunctionActive(plan.name);
  log(`[${plan.name}] updating config (${plan.memorySize} MB, ${plan.timeout} s)`);
  await fns.updateFunctionConfig(config);
  await fns.waitFunctionActive(plan.name);

  const deployed = (detail.Triggers ?? [])
    .map((t) => ({
      name: t.TriggerName ?? t.Name,
      type: t.Type,
      cron: cronOf(t.TriggerDesc ?? t.Config),
    }))
    .filter((t) => t.type === 'timer');
  const kept = new Set(
    deployed
      .filter((d) => triggers.some((t) => t.name === d.name && sameSchedule(t.config, d.cron)))
      .map((d) => d.name),
  );
  const triggersDeleted: string[] = [];
  for (const d of deployed) {
    if (kept.has(d.name)) continue;
    log(`[${plan.name}] deleting trigger ${d.name} (${d.cron})`);
    await fns.deleteFunctionTrigger(plan.name, d.name);
    triggersDeleted.push(d.name);
  }
  const toCreate = triggers.filter((t) => !kept.has(t.name));
  if (toCreate.length > 0) {
    log(
      `[${plan.name}] creating triggers ${toCreate.map((t) => `${t.name} (${t.config})`).join(', ')}`,
    );
    await fns.createFunctionTriggers(plan.name, toCreate);
  }
  return {
    function: plan.name,
    action: 'updated',
    triggersDeleted,
    triggersCreated: toCreate.map((t) => t.name),
    warnings,
  };
}

export interface CollectionReport {
  readonly collection: string;
  readonly created: boolean;
  readonly indexesCreated: readonly string[];
  readonly indexesPresent: readonly string[];
  /** Indexes the environment has that COLLECTIONS does not declare (left in place). */
  readonly indexesUndeclared: readonly string[];
}

function sameKeys(
  a: readonly IndexKey[],
  b: readonly { Name?: string; Direction?: string }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((k, i) => k.Name === b[i]?.Name && k.Direction === String(b[i]?.Direction))
  );
}

function createIndexRequest(index: PlannedIndex) {
  return {
    CreateIndexes: [
      {
        IndexName: index.name,
        MgoKeySchema: {
          MgoIndexKeys: index.keys.map((k) => ({ Name: k.Name, Direction: k.Direction })),
          MgoIsUnique: false,
        },
      },
    ],
  };
}

/**
 * Ensures every declared collection and index. Throws after the whole pass when an index name
 * exists with other keys (the store's queries would not be served as declared).
 */
export async function applyDatabase(
  client: CloudBaseClient,
  plan: DatabasePlan,
  log: Log,
): Promise<CollectionReport[]> {
  const reports: CollectionReport[] = [];
  const conflicts: string[] = [];
  for (const collection of plan.collections) {
    const ensured = await client.database.createCollectionIfNotExists(collection.name);
    if (ensured.IsCreated) log(`[database] created collection ${collection.name}`);
    const existing = ensured.IsCreated
      ? []
      : ((await client.database.describeCollection(collection.name)).Indexes ?? []).filter(
          (i) => i.Name !== ID_INDEX,
        );
    const present: string[] = [];
    const missing: PlannedIndex[] = [];
    for (const index of collection.indexes) {
      const found = existing.find((e) => e.Name === index.name);
      if (found === undefined) missing.push(index);
      else if (sameKeys(index.keys, found.Keys ?? [])) present.push(index.name);
      else
        conflicts.push(
          `${collection.name}.${index.name} exists with other keys; drop it in the console and deploy again`,
        );
    }
    const undeclared = existing
      .map((e) => e.Name)
      .filter((name) => !collection.indexes.some((i) => i.name === name));
    if (existing.length + missing.length > MAX_INDEXES) {
      throw new Error(
        `${collection.name} would have ${existing.length + missing.length} indexes; CloudBase allows ${MAX_INDEXES} (undeclared: ${undeclared.join(', ') || 'none'})`,
      );
    }
    for (const index of missing) {
      log(`[database] creating index ${collection.name}.${index.name}`);
      await client.database.updateCollection(collection.name, createIndexRequest(index));
    }
    reports.push({
      collection: collection.name,
      created: ensured.IsCreated,
      indexesCreated: missing.map((i) => i.name),
      indexesPresent: present,
      indexesUndeclared: undeclared,
    });
  }
  if (conflicts.length > 0) throw new Error(conflicts.join('\n'));
  return reports;
}

export interface CollectionAclReport {
  /** Collections whose permission was changed, with what it was. */
  readonly changed: readonly { readonly collection: string; readonly before: string }[];
  readonly unchanged: readonly string[];
}

/**
 * Sets every declared collection's permission (数据库权限) to the plan's — ADMINONLY, 所有用户不可
 * 读写: the mini-program never reads the database itself, only the functions (with admin
 * rights) do — when it differs. Asked in pages of 100 (the API's limit).
 */
export async function applyCollectionAcl(
  client: CloudBaseClient,
  plan: DatabasePlan,
  log: Log,
): Promise<CollectionAclReport> {
  const names = plan.collections.map((c) => c.name);
  const current = new Map<string, string>();
  for (let i = 0; i < names.length; i += PAGE) {
    const page = await client.permission.describeResourcePermission({
      resourceType: 'collection',
      resources: names.slice(i, i + PAGE),
    });
    for (const p of page.Data?.PermissionList ?? []) {
      if (p.Resource !== undefined) current.set(p.Resource, String(p.Permission ?? ''));
    }
  }
  const changed: { collection: string; before: string }[] = [];
  const unchanged: string[] = [];
  for (const name of names) {
    const before = current.get(name) ?? '(none)';
    if (before === plan.collectionAcl) {
      unchanged.push(name);
      continue;
    }
    log(`[database] permission of ${name} ${before} -> ${plan.collectionAcl}`);
    await client.permission.modifyResourcePermission({
      resourceType: 'collection',
      resource: name,
      permission: plan.collectionAcl,
    });
    changed.push({ collection: name, before });
  }
  return { changed, unchanged };
}

/** Sets the storage permission the plan names when it differs; answers what it was. */
export async function applyStorageAcl(
  client: CloudBaseClient,
  plan: DatabasePlan,
  log: Log,
): Promise<{ readonly before: string; readonly after: string }> {
  const before = await client.storage.getStorageAcl();
  if (before !== plan.storageAcl) {
    log(`[storage] permission ${before} -> ${plan.storageAcl}`);
    await client.storage.setStorageAcl(plan.storageAcl);
  }
  return { before, after: plan.storageAcl };
}

/** What `s info` shows of a function: its state on CloudBase, or that it is not deployed. */
export async function describeFunction(
  client: CloudBaseClient,
  name: string,
): Promise<Record<string, unknown>> {
  if (!(await listFunctionNames(client)).has(name)) return { function: name, deployed: false };
  const d = await client.functions.getFunctionDetail(name);
  return {
    function: name,
    deployed: true,
    status: d.Status,
    runtime: d.Runtime,
    memorySize: d.MemorySize,
    timeout: d.Timeout,
    modified: d.ModTime,
    environment: (d.Environment?.Variables ?? []).map((v) => v.Key),
    triggers: (d.Triggers ?? []).map(
      (t) => `${t.TriggerName ?? t.Name} ${cronOf(t.TriggerDesc ?? t.Config)}`,
    ),
  };
}

/** What `s info` shows of the database: per declared collection, the declared indexes it lacks. */
export async function describeDatabase(
  client: CloudBaseClient,
  plan: DatabasePlan,
): Promise<Record<string, unknown>> {
  const collections: Record<string, unknown>[] = [];
  for (const c of plan.collections) {
    try {
      const info = await client.database.describeCollection(c.name);
      const names = new Set((info.Indexes ?? []).map((i) => i.Name));
      collections.push({
        name: c.name,
        indexes: info.IndexNum ?? names.size,
        missing: c.indexes.filter((i) => !names.has(i.name)).map((i) => i.name),
      });
    } catch (error) {
      collections.push({ name: c.name, error: (error as Error).message });
    }
  }
  return { database: plan.resource, collections, limitPerCollection: MAX_INDEXES };
}
