/**
 * `s deploy` through the component, with manager-node replaced by a recording fake that keeps a
 * small model of an environment (its functions, triggers, collections and indexes): the calls,
 * in order, with the argument shapes manager-node takes. Credentials come from the s access or
 * the environment; a plan with problems, a dry run and `s plan` never ask for them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudBaseClient } from '../../deploy/cloudbase-component/src/apply';
import { createManagerClient } from '../../deploy/cloudbase-component/src/client';
import type {
  ComponentInputs,
  ComponentLogger,
} from '../../deploy/cloudbase-component/src/component';
import CloudBaseComponent from '../../deploy/cloudbase-component/src/component';
import { cronForInterval, intervalOfCron } from '../../deploy/cloudbase-component/src/cron';
import { timerTriggerName } from '../../deploy/cloudbase-component/src/plan';
import type { TencentCredentials } from '../../deploy/cloudbase-component/src/credentials';
import { resolveCredentials } from '../../deploy/cloudbase-component/src/credentials';
import { COLLECTIONS } from '../../functions/store/collections';
import { TIMERS } from '../../functions/registry';
import type { RenderedResource } from './s-cli';
import { renderedResources } from './s-cli';

type Fns = CloudBaseClient['functions'];
type Db = CloudBaseClient['database'];
type Storage = CloudBaseClient['storage'];
type Call = [method: string, ...args: unknown[]];

interface DeployedTrigger {
  TriggerName: string;
  Type: string;
  TriggerDesc: string;
}
interface DeployedIndex {
  Name: string;
  Keys: { Name: string; Direction: string }[];
}

/** A fake environment: what exists, and every call made, in order. */
class FakeEnvironment {
  readonly calls: Call[] = [];
  readonly functions = new Map<string, { Runtime: string; Triggers: DeployedTrigger[] }>();
  readonly collections = new Map<string, DeployedIndex[]>();
  /** A new environment's storage lets every user read every file. */
  storageAcl = 'READONLY';
  /** Collection permissions (数据库权限); a new collection starts as CloudBase's default. */
  readonly collectionAcl = new Map<string, string>();

  client(): CloudBaseClient {
    const record = (method: string, ...args: unknown[]) => this.calls.push([method, ...args]);
    const functions: Fns = {
      listFunctions: async (...args: Parameters<Fns['listFunctions']>) => {
        record('listFunctions', ...args);
        const [limit = 20, offset = 0] = args;
        return [...this.functions.keys()]
          .slice(offset, offset + limit)
          .map((FunctionName) => ({ FunctionName }));
      },
      getFunctionDetail: async (...args: Parameters<Fns['getFunctionDetail']>) => {
        record('getFunctionDetail', ...args);
        const f = this.functions.get(args[0]);
        if (!f) throw Object.assign(new Error('not found'), { code: 'ResourceNotFound.Function' });
        return { FunctionName: args[0], ...f } as never;
      },
      createFunction: async (...args: Parameters<Fns['createFunction']>) => {
        record('createFunction', ...args);
        const { func } = args[0];
        this.functions.set(func.name, {
          Runtime: func.runtime ?? '',
          Triggers: (func.triggers ?? []).map((t) => ({
            TriggerName: t.name,
            Type: t.type,
            TriggerDesc: JSON.stringify({ cron: t.config }),
          })),
        });
        return { RequestId: 'r' } as never;
      },
      updateFunctionCode: async (...args: Parameters<Fns['updateFunctionCode']>) => {
        record('updateFunctionCode', ...args);
        return { RequestId: 'r' };
      },
      updateFunctionConfig: async (...args: Parameters<Fns['updateFunctionConfig']>) => {
        record('updateFunctionConfig', ...args);
        return { RequestId: 'r' };
      },
      waitFunctionActive: async (...args: Parameters<Fns['waitFunctionActive']>) => {
        record('waitFunctionActive', ...args);
      },
      createFunctionTriggers: async (...args: Parameters<Fns['createFunctionTriggers']>) => {
        record('createFunctionTriggers', ...args);
        const f = this.functions.get(args[0]);
        for (const t of args[1] ?? [])
          f?.Triggers.push({
            TriggerName: t.name,
            Type: t.type,
            TriggerDesc: JSON.stringify({ cron: t.config }),
          });
        return { RequestId: 'r' };
      },
      deleteFunctionTrigger: async (...args: Parameters<Fns['deleteFunctionTrigger']>) => {
        record('deleteFunctionTrigger', ...args);
        const f = this.functions.get(args[0]);
        if (f) f.Triggers = f.Triggers.filter((t) => t.TriggerName !== args[1]);
        return { RequestId: 'r' };
      },
      deleteFunction: async (...args: Parameters<Fns['deleteFunction']>) => {
        record('deleteFunction', ...args);
        this.functions.delete(String(args[0]));
        return { RequestId: 'r' };
      },
    };
    const database: Db = {
      createCollectionIfNotExists: async (
        ...args: Parameters<Db['createCollectionIfNotExists']>
      ) => {
        record('createCollectionIfNotExists', ...args);
        const created = !this.collections.has(args[0]);
        if (created)
          this.collections.set(args[0], [
            { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] },
          ]);
        return {
          RequestId: 'r',
          IsCreated: created,
          ExistsResult: { RequestId: 'r', Exists: !created },
        };
      },
      describeCollection: async (...args: Parameters<Db['describeCollection']>) => {
        record('describeCollection', ...args);
        const indexes = this.collections.get(args[0]) ?? [];
        return { RequestId: 'r', Indexes: indexes, IndexNum: indexes.length } as never;
      },
      updateCollection: async (...args: Parameters<Db['updateCollection']>) => {
        record('updateCollection', ...args);
        for (const c of args[1].CreateIndexes ?? []) {
          this.collections
            .get(args[0])
            ?.push({ Name: c.IndexName, Keys: c.MgoKeySchema.MgoIndexKeys });
        }
      },
    };
    const storage = {
      getStorageAcl: async () => {
        record('getStorageAcl');
        return this.storageAcl;
      },
      setStorageAcl: async (...args: unknown[]) => {
        record('setStorageAcl', ...args);
        this.storageAcl = String(args[0]);
        return { RequestId: 'r' };
      },
    } as unknown as Storage;
    const permission = {
      describeResourcePermission: async (options: {
        resourceType: string;
        resources?: string[];
      }) => {
        record('describeResourcePermission', options.resources?.length ?? 0);
        return {
          RequestId: 'r',
          Data: {
            TotalCount: options.resources?.length ?? 0,
            PermissionList: (options.resources ?? []).map((name) => ({
              ResourceType: options.resourceType,
              Resource: name,
              Permission: this.collectionAcl.get(name) ?? 'PRIVATE',
            })),
          },
        };
      },
      modifyResourcePermission: async (options: {
        resourceType: string;
        resource: string;
        permission: string;
      }) => {
        record(
          'modifyResourcePermission',
          options.resourceType,
          options.resource,
          options.permission,
        );
        this.collectionAcl.set(options.resource, options.permission);
        return { RequestId: 'r', Data: { Success: true } };
      },
    } as unknown as CloudBaseClient['permission'];
    return { functions, database, storage, permission };
  }

  methods(): string[] {
    return this.calls.map(([method]) => method);
  }
}

const ENV = { TCB_ENV_ID: 'hehe-deploy-test', TCB_REGION: 'ap-shanghai' };
const KEYS = { SecretID: 'AKIDfake', SecretKey: 'fake-key' };

let resources: Record<string, RenderedResource>;
let root: string;
const logged: string[] = [];
const logger: ComponentLogger = {
  info: (m) => logged.push(`info ${m}`),
  warn: (m) => logged.push(`warn ${m}`),
};

beforeAll(() => {
  resources = renderedResources(ENV);
  // A project folder with s.yaml's bundle folders, as npm run build:functions leaves them.
  root = mkdtempSync(join(tmpdir(), 'hehe-deploy-'));
  writeFileSync(join(root, 's.yaml'), '# resolved by the test\n');
  for (const [name, r] of Object.entries(resources)) {
    if (r.props.kind !== 'function') continue;
    const dir = join(root, r.props.src as string);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), 'exports.main = async () => ({ ok: true });\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ permissions: { openapi: [] }, triggers: r.props.triggers ?? [] }),
    );
  }
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  logged.length = 0;
});

function setup(env: Record<string, string | undefined> = {}) {
  const fake = new FakeEnvironment();
  const connected: { target: unknown; credentials: TencentCredentials }[] = [];
  const component = new CloudBaseComponent(
    { logger },
    {
      env,
      connect: async (target, credentials) => {
        connected.push({ target, credentials });
        return fake.client();
      },
    },
  );
  const getCredential = jest.fn(async () => ({ __provider: 'Custom', ...KEYS }));
  const inputs = (resource: string, args: string[] = []): ComponentInputs => ({
    props: resources[resource]?.props,
    args,
    yaml: { path: join(root, 's.yaml') },
    resource: { name: resource },
    getCredential,
  });
  return { fake, component, inputs, connected, getCredential };
}

describe('deploying a function', () => {
  test('creates a missing function with code, config and its timer trigger in one call', async () => {
    const { fake, component, inputs, connected } = setup();
    const report = await component.deploy(inputs('outbox'));
    const props = resources.outbox!.props;
    const outbox = TIMERS.find((t) => t.fn === 'outbox')!;
    expect(fake.calls).toEqual([
      ['listFunctions', 100, 0],
      [
        'createFunction',
        {
          func: {
            name: 'outbox',
            runtime: props.runtime,
            handler: 'index.main',
            installDependency: false,
            memorySize: props.memorySize,
            timeout: props.timeout,
            envVariables: props.environment,
            triggers: [
              {
                name: timerTriggerName(outbox),
                type: 'timer',
                config: cronForInterval(outbox.everyMs),
              },
            ],
          },
          functionPath: join(root, props.src as string),
          force: false,
        },
      ],
    ]);
    expect(report).toMatchObject({
      function: 'outbox',
      action: 'created',
      triggersCreated: [timerTriggerName(outbox)],
    });
    expect(connected).toEqual([
      {
        target: { envId: ENV.TCB_ENV_ID, region: ENV.TCB_REGION },
        credentials: { secretId: KEYS.SecretID, secretKey: KEYS.SecretKey },
      },
    ]);
  });

  test('updates an existing function: code, config, then replaces a changed or stale trigger', async () => {
    const { fake, component, inputs } = setup();
    const props = resources.deadlines!.props;
    const trigger = (props.triggers as { name: string; type: string; config: string }[])[0]!;
    fake.functions.set('deadlines', {
      Runtime: props.runtime as string,
      Triggers: [
        {
          TriggerName: trigger.name,
          Type: 'timer',
          TriggerDesc: JSON.stringify({ cron: '0 */5 * * * * *' }),
        },
        { TriggerName: 'old-devtools-timer', Type: 'timer', TriggerDesc: '0 0 2 * * * *' },
      ],
    });
    const report = await component.deploy(inputs('deadlines'));
    const functionPath = join(root, props.src as string);
    expect(fake.calls).toEqual([
      ['listFunctions', 100, 0],
      ['getFunctionDetail', 'deadlines'],
      [
        'updateFunctionCode',
        {
          func: {
            name: 'deadlines',
            runtime: props.runtime,
            handler: 'index.main',
            installDependency: false,
          },
          functionPath,
        },
      ],
      ['waitFunctionActive', 'deadlines'],
      [
        'updateFunctionConfig',
        {
          name: 'deadlines',
          memorySize: props.memorySize,
          timeout: props.timeout,
          envVariables: props.environment,
        },
      ],
      ['waitFunctionActive', 'deadlines'],
      ['deleteFunctionTrigger', 'deadlines', trigger.name],
      ['deleteFunctionTrigger', 'deadlines', 'old-devtools-timer'],
      ['createFunctionTriggers', 'deadlines', [trigger]],
    ]);
    expect(report).toMatchObject({
      action: 'updated',
      triggersDeleted: [trigger.name, 'old-devtools-timer'],
      triggersCreated: [trigger.name],
    });
    expect(fake.functions.get('deadlines')?.Triggers).toEqual([
      {
        TriggerName: trigger.name,
        Type: 'timer',
        TriggerDesc: JSON.stringify({ cron: trigger.config }),
      },
    ]);
  });

  test('leaves an unchanged trigger alone, however its cron is spelt, and warns of a runtime change', async () => {
    const { fake, component, inputs } = setup();
    const props = resources.reminders!.props;
    const trigger = (props.triggers as { name: string; config: string }[])[0]!;
    // Deployed by hand with a step of 1 hour: the same schedule as s.yaml's.
    const sameSchedule = '0 0 */1 * * * *';
    expect(intervalOfCron(sameSchedule)).toBe(intervalOfCron(trigger.config));
    fake.functions.set('reminders', {
      Runtime: 'Nodejs18.15',
      Triggers: [
        {
          TriggerName: trigger.name,
          Type: 'timer',
          TriggerDesc: JSON.stringify({ cron: sameSchedule }),
        },
      ],
    });
    const report = await component.deploy(inputs('reminders'));
    expect(fake.methods()).toEqual([
      'listFunctions',
      'getFunctionDetail',
      'updateFunctionCode',
      'waitFunctionActive',
      'updateFunctionConfig',
      'waitFunctionActive',
    ]);
    expect(report).toMatchObject({ triggersDeleted: [], triggersCreated: [] });
    expect(logged.filter((l) => l.startsWith('warn'))).toEqual([
      `warn reminders runs Nodejs18.15, s.yaml says ${props.runtime as string}: delete the function (s reminders remove) and deploy again to change it`,
    ]);
  });

  test('pages through the environment’s functions to find an existing one', async () => {
    const { fake, component, inputs } = setup();
    for (let i = 0; i < 100; i++)
      fake.functions.set(`other${i}`, { Runtime: 'Nodejs20.19', Triggers: [] });
    fake.functions.set('task', { Runtime: resources.task!.props.runtime as string, Triggers: [] });
    const report = await component.deploy(inputs('task'));
    expect(fake.calls.slice(0, 2)).toEqual([
      ['listFunctions', 100, 0],
      ['listFunctions', 100, 100],
    ]);
    expect(report).toMatchObject({ action: 'updated' });
  });

  test('asks the cloud to install dependencies only when the bundle declares some', async () => {
    const { fake, component, inputs } = setup();
    const src = join(root, resources.account!.props.src as string);
    writeFileSync(
      join(src, 'package.json'),
      JSON.stringify({ name: 'account', dependencies: { 'wx-server-sdk': '4.0.2' } }),
    );
    await component.deploy(inputs('account'));
    writeFileSync(join(src, 'package.json'), JSON.stringify({ name: 'account', main: 'index.js' }));
    const create = fake.calls.find(([m]) => m === 'createFunction')?.[1] as {
      func: { installDependency: boolean };
    };
    expect(create.func.installDependency).toBe(true);
  });
});

describe('deploying the database', () => {
  test('creates missing collections and only the declared indexes they lack, in CloudBase’s shape', async () => {
    const { fake, component, inputs } = setup();
    const [first, second] = COLLECTIONS.filter((c) => c.indexes.length >= 2);
    // `first` exists with its first index already there and one undeclared index.
    const have = first!.indexes[0]!;
    fake.collections.set(first!.name, [
      { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] },
      {
        Name: have.name,
        Keys: have.fields.map((f) => ({ Name: f.path, Direction: f.order === 'asc' ? '1' : '-1' })),
      },
      { Name: 'hand_made', Keys: [{ Name: 'note', Direction: '1' }] },
    ]);
    const result = await component.deploy(inputs('database'));

    const ensured = fake.calls
      .filter(([m]) => m === 'createCollectionIfNotExists')
      .map(([, name]) => name);
    expect(ensured).toEqual(COLLECTIONS.map((c) => c.name));
    expect(fake.calls.filter(([m]) => m === 'describeCollection')).toEqual([
      ['describeCollection', first!.name],
    ]);
    const created = fake.calls.filter(([m]) => m === 'updateCollection');
    const expected = COLLECTIONS.flatMap((c) =>
      c.indexes
        .filter((i) => i.name !== have.name)
        .map((i) => [
          'updateCollection',
          c.name,
          {
            CreateIndexes: [
              {
                IndexName: i.name,
                MgoKeySchema: {
                  MgoIndexKeys: i.fields.map((f) => ({
                    Name: f.path,
                    Direction: f.order === 'asc' ? '1' : '-1',
                  })),
                  MgoIsUnique: false,
                },
              },
            ],
          },
        ]),
    );
    expect(created).toEqual(expected);
    expect(result.collectionsCreated).toEqual(
      COLLECTIONS.filter((c) => c !== first).map((c) => c.name),
    );
    expect(result.indexesUndeclared).toEqual([`${first!.name}.hand_made`]);
    expect(fake.collections.get(second!.name)?.map((i) => i.Name)).toEqual([
      '_id_',
      ...second!.indexes.map((i) => i.name),
    ]);

    // Storage is made private: photos are read only through a function's temporary links.
    expect(fake.calls.filter(([m]) => m.endsWith('StorageAcl'))).toEqual([
      ['getStorageAcl'],
      ['setStorageAcl', 'PRIVATE'],
    ]);
    expect(result.storageAcl).toBe('PRIVATE (was READONLY)');

    // Every collection is admin-only (所有用户不可读写): the mini-program never reads the
    // database itself. One describe (≤ 100 collections a page), one change per collection.
    const names = COLLECTIONS.map((c) => c.name);
    expect(fake.calls.filter(([m]) => m === 'describeResourcePermission')).toEqual([
      ['describeResourcePermission', names.length],
    ]);
    expect(fake.calls.filter(([m]) => m === 'modifyResourcePermission')).toEqual(
      names.map((n) => ['modifyResourcePermission', 'collection', n, 'ADMINONLY']),
    );
    expect(String(result.collectionAcl)).toMatch(/^ADMINONLY \(changed: /);

    // A second deploy finds everything in place and creates nothing.
    const again = setup();
    for (const [name, indexes] of fake.collections) again.fake.collections.set(name, indexes);
    again.fake.storageAcl = fake.storageAcl;
    for (const [name, acl] of fake.collectionAcl) again.fake.collectionAcl.set(name, acl);
    const redeploy = await again.component.deploy(again.inputs('database'));
    expect(again.fake.methods().filter((m) => m === 'updateCollection')).toEqual([]);
    expect(again.fake.methods().filter((m) => m === 'setStorageAcl')).toEqual([]);
    expect(redeploy.storageAcl).toBe('PRIVATE');
    expect(again.fake.methods().filter((m) => m === 'modifyResourcePermission')).toEqual([]);
    expect(redeploy.collectionAcl).toBe('ADMINONLY');
  });

  test('reports an index of the same name with other keys after ensuring the rest', async () => {
    const { fake, component, inputs } = setup();
    const spec = COLLECTIONS.find((c) => c.indexes.length > 0)!;
    const index = spec.indexes[0]!;
    fake.collections.set(spec.name, [
      { Name: index.name, Keys: [{ Name: 'somethingElse', Direction: '-1' }] },
    ]);
    await expect(component.deploy(inputs('database'))).rejects.toThrow(
      `${spec.name}.${index.name} exists with other keys; drop it in the console and deploy again`,
    );
    expect(fake.calls.filter(([m]) => m === 'createCollectionIfNotExists')).toHaveLength(
      COLLECTIONS.length,
    );
  });

  test('refuses to go past 20 indexes in a collection', async () => {
    const { fake, component, inputs } = setup();
    const spec = COLLECTIONS.find((c) => c.indexes.length > 0)!;
    fake.collections.set(
      spec.name,
      Array.from({ length: 20 }, (_, i) => ({
        Name: `old${i}`,
        Keys: [{ Name: `f${i}`, Direction: '1' }],
      })),
    );
    await expect(component.deploy(inputs('database'))).rejects.toThrow(
      new RegExp(
        `^${spec.name} would have ${20 + spec.indexes.length} indexes; CloudBase allows 20`,
      ),
    );
  });
});

describe('what never reaches CloudBase', () => {
  test('a dry run and s plan return the plan without credentials or a connection', async () => {
    const { fake, component, inputs, getCredential, connected } = setup();
    const dry = await component.deploy(inputs('outbox', ['--dry-run']));
    const plan = await component.plan(inputs('outbox'));
    expect(dry).toEqual({ dryRun: true, ...plan });
    expect(plan).toMatchObject({ function: 'outbox', problems: [] });
    expect(getCredential).not.toHaveBeenCalled();
    expect(connected).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  test('a plan with problems is refused before credentials are read', async () => {
    const { fake, component, inputs, getCredential } = setup();
    const broken = {
      ...inputs('account'),
      props: { ...resources.account!.props, timeout: 120, envId: '' },
    };
    await expect(component.deploy(broken)).rejects.toThrow(
      'account: not deployed, the plan has problems:\n- no CloudBase environment id: set TCB_ENV_ID (in the shell or in .env)\n- timeout 120 s is outside 1–60 s',
    );
    expect(getCredential).not.toHaveBeenCalled();
    expect(fake.calls).toEqual([]);
  });

  test('s remove deletes a function but never the database', async () => {
    const { fake, component, inputs } = setup();
    fake.functions.set('clue', { Runtime: 'Nodejs20.19', Triggers: [] });
    expect(await component.remove(inputs('clue'))).toEqual({ function: 'clue', removed: true });
    expect(await component.remove(inputs('database'))).toEqual({
      database: 'database',
      removed: false,
    });
    expect(fake.calls).toEqual([['deleteFunction', 'clue']]);
  });

  test('s info shows a function’s state and the declared indexes the database lacks', async () => {
    const { fake, component, inputs } = setup();
    expect(await component.info(inputs('stats'))).toEqual({ function: 'stats', deployed: false });
    const info = await component.info(inputs('database'));
    const collections = info.collections as { name: string; missing: string[] }[];
    expect(collections.map((c) => c.name)).toEqual(COLLECTIONS.map((c) => c.name));
    expect(collections.map((c) => c.missing)).toEqual(
      COLLECTIONS.map((c) => c.indexes.map((i) => i.name)),
    );
    expect(fake.methods().every((m) => m === 'listFunctions' || m === 'describeCollection')).toBe(
      true,
    );
  });
});

describe('credentials', () => {
  test('come from the s access as `s config add` stores them, with a token when there is one', async () => {
    expect(
      await resolveCredentials(
        async () => ({ __provider: 'Custom', ...KEYS, SecurityToken: 't' }),
        {},
      ),
    ).toEqual({
      secretId: KEYS.SecretID,
      secretKey: KEYS.SecretKey,
      token: 't',
    });
  });

  test('fall back to TENCENTCLOUD_* variables when the access is missing', async () => {
    const env = { TENCENTCLOUD_SECRETID: 'AKIDenv', TENCENTCLOUD_SECRETKEY: 'env-key' };
    const missing = async () => {
      throw new Error('Not found access: default');
    };
    expect(await resolveCredentials(missing, env)).toEqual({
      secretId: 'AKIDenv',
      secretKey: 'env-key',
    });
    await expect(resolveCredentials(missing, {})).rejects.toThrow(
      /no Tencent Cloud API key \(Not found access: default\)/,
    );
    await expect(resolveCredentials(async () => ({ AccessKeyID: 'alibaba' }), {})).rejects.toThrow(
      /the access has no SecretID\/SecretKey/,
    );
  });

  test('build a manager-node client without touching the network', async () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const client = await createManagerClient(
      { envId: 'e', region: 'ap-shanghai' },
      { secretId: 'a', secretKey: 'b' },
    );
    expect(typeof client.functions.createFunction).toBe('function');
    expect(typeof client.database.updateCollection).toBe('function');
    expect(connect).not.toHaveBeenCalled();
    connect.mockRestore();
  });
});
