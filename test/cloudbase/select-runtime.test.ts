/**
 * One module decides, from the environment, which runtime a function's `main` gets: CloudBase
 * inside a CloudBase (SCF) container, the embedded one everywhere else. `main` builds it once
 * and answers INTERNAL — never a stack trace — when it cannot start.
 */
import { accountFunction } from '../../functions/account/account.function';
import {
  createEmbeddedRuntime,
  embeddedFunctionRuntime,
  runtimeKind,
  silentLogger,
} from '../../functions/adapters/select';
import type { createMain as CreateMain } from '../../functions/adapters/main';
import { createTestTown } from '../factories/town';

describe('which runtime an environment gets', () => {
  it('is CloudBase in a CloudBase container, as node-sdk and wx-server-sdk detect it', () => {
    expect(runtimeKind({ TENCENTCLOUD_RUNENV: 'SCF', SCF_NAMESPACE: 'hehe-1a2b' })).toBe(
      'cloudbase',
    );
    expect(runtimeKind({ TCB_ENV: 'hehe-1a2b' })).toBe('cloudbase');
    expect(runtimeKind({ TENCENTCLOUD_RUNENV: 'WX_LOCAL_SCF' })).toBe('cloudbase');
  });

  it('is embedded everywhere else', () => {
    expect(runtimeKind({})).toBe('embedded');
    expect(runtimeKind({ DATA_DIR: './data', SCF_NAMESPACE: '', TCB_ENV: '' })).toBe('embedded');
  });

  it('can be forced, and refuses a value it does not know', () => {
    expect(runtimeKind({ HEHE_RUNTIME: 'embedded', TCB_ENV: 'hehe-1a2b' })).toBe('embedded');
    expect(runtimeKind({ HEHE_RUNTIME: 'cloudbase' })).toBe('cloudbase');
    expect(() => runtimeKind({ HEHE_RUNTIME: 'lambda' })).toThrow('HEHE_RUNTIME');
  });
});

describe('main on the embedded runtime', () => {
  it('takes the caller from the context it is handed', async () => {
    const embedded = createEmbeddedRuntime({ dataDir: ':memory:', log: silentLogger });
    try {
      const town = await createTestTown(embedded.store);
      const runtime = embeddedFunctionRuntime(embedded);
      const me = await runtime.handle(
        accountFunction,
        { action: 'me', data: {} },
        {
          identity: { kind: 'account', accountId: town.people.villager._id },
        },
      );
      expect(me.ok).toBe(true);
      const anonymous = await runtime.handle(
        accountFunction,
        { action: 'me', data: {} },
        undefined,
      );
      expect(anonymous.ok ? null : anonymous.error.code).toBe('UNAUTHENTICATED');
    } finally {
      await embedded.close();
    }
  });
});

describe('createMain', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  function freshMain(): typeof CreateMain {
    let createMain: typeof CreateMain | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ({ createMain } = require('../../functions/adapters/main') as {
        createMain: typeof CreateMain;
      });
    });
    return createMain!;
  }

  it('answers INTERNAL when the runtime cannot start, and starts it on a later call', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.HEHE_RUNTIME = 'lambda';
    process.env.DATA_DIR = ':memory:';
    const main = freshMain()(accountFunction);
    const failed = await main({ action: 'me', data: {} });
    expect(failed).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' },
    });
    const line = JSON.parse(String(stderr.mock.calls[0]?.[0])) as { msg: string; fn: string };
    expect(line).toMatchObject({ level: 'error', fn: 'account', msg: 'runtime failed to start' });

    process.env.HEHE_RUNTIME = 'embedded';
    const bad = await main({ nope: true });
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION_FAILED');
    const places = await main({ action: 'places', data: { townId: 'town-x' } });
    expect(places.ok).toBe(true);
  });
});
