/**
 * The caller on CloudBase comes from the WeChat context the platform puts in the environment.
 * `readWxContext` must read it exactly as wx-server-sdk's `cloud.getWXContext()` does — held
 * side by side here — and `invocationOf` tells the timer trigger from a user.
 */
import type { WxContext } from '../../functions/adapters/cloudbase/wx.context';
import tcb from '@cloudbase/node-sdk';
import {
  invocationEnv,
  invocationOf,
  readWxContext,
} from '../../functions/adapters/cloudbase/wx.context';

const CASES: Record<string, Record<string, string>> = {
  'a call from the mini-program': {
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN',
    WX_OPENID: 'oX1a2B3c4D5e6F7g8H9i0JkLmNoP',
    WX_APPID: 'wx0123456789abcdef',
    WX_UNIONID: 'oU9z8Y7x6W5v4U3t2S1r0QpOnMlK',
    WX_CLIENTIP: '10.0.0.8',
    WX_CLIENTIPV6: '::ffff:10.0.0.8',
    WX_API_TOKEN: 'secret-token',
    TCB_ENV: 'hehe-prod-1a2b3c',
    TCB_SOURCE: 'wx_client',
  },
  'a timer run with a stale OPENID left from an earlier call': {
    WX_CONTEXT_KEYS: 'WX_TRIGGER_API_TOKEN_V0',
    WX_TRIGGER_API_TOKEN_V0: 'trigger-token',
    WX_OPENID: 'stale-openid',
    SCF_NAMESPACE: 'hehe-prod-1a2b3c',
    TCB_SOURCE: 'wx_trigger',
  },
  'numbers and keys without the WX_ prefix': {
    WX_CONTEXT_KEYS: 'WX_OPENID,,CUSTOM_KEY,WX_',
    WX_OPENID: 'o-openid',
    CUSTOM_KEY: '42',
    WX_: 'edge',
    TCB_ENV: 'env-a',
  },
  'no context at all': { TCB_ENV: 'env-a' },
};

const CONTEXT_VARS = [
  'WX_CONTEXT_KEYS',
  'WX_OPENID',
  'WX_APPID',
  'WX_UNIONID',
  'WX_CLIENTIP',
  'WX_CLIENTIPV6',
  'WX_API_TOKEN',
  'WX_TRIGGER_API_TOKEN_V0',
  'WX_',
  'CUSTOM_KEY',
  'TCB_ENV',
  'SCF_NAMESPACE',
  'TCB_SOURCE',
];

/** Runs wx-server-sdk's own getWXContext over `vars` (it reads process.env). */
function sdkContext(vars: Record<string, string>): WxContext {
  const saved = new Map(CONTEXT_VARS.map((k) => [k, process.env[k]]));
  try {
    for (const k of CONTEXT_VARS) delete process.env[k];
    Object.assign(process.env, vars);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as { getWXContext(): WxContext };
    return cloud.getWXContext();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the WeChat context of an invocation', () => {
  it.each(Object.entries(CASES))('is read as wx-server-sdk reads it: %s', (_name, vars) => {
    expect(readWxContext(vars)).toEqual(sdkContext(vars));
  });

  it('never exposes the API tokens and keeps only the keys of this invocation', () => {
    const wx = readWxContext(CASES['a timer run with a stale OPENID left from an earlier call']!);
    expect(wx).toEqual({ ENV: 'hehe-prod-1a2b3c', SOURCE: 'wx_trigger' });
    const user = readWxContext(CASES['a call from the mini-program']!);
    expect(user.OPENID).toBe('oX1a2B3c4D5e6F7g8H9i0JkLmNoP');
    expect(JSON.stringify(user)).not.toContain('secret-token');
  });
});

describe('what an invocation is', () => {
  it('is the timer only when the timer trigger itself started the run', () => {
    expect(invocationOf({ SOURCE: 'wx_trigger' })).toEqual({ kind: 'timer' });
    // Another function calling on a timer's behalf, or a forged SOURCE in the context chain.
    expect(invocationOf({ SOURCE: 'wx_trigger,scf' })).toEqual({
      kind: 'call',
      identity: { kind: 'anonymous' },
      openid: null,
    });
  });

  it('is the WeChat user when the context carries an OPENID', () => {
    expect(invocationOf({ SOURCE: 'wx_client', OPENID: 'o-abc' })).toEqual({
      kind: 'call',
      identity: { kind: 'wechat', openid: 'o-abc' },
      openid: 'o-abc',
    });
    expect(invocationOf({ SOURCE: 'wx_devtools', OPENID: 'o-dev' }).kind).toBe('call');
  });

  it('is anonymous without an OPENID (HTTP API, console test) or with an unusable one', () => {
    for (const wx of [
      { SOURCE: 'wx_http' },
      {},
      { SOURCE: 'wx_client', OPENID: '' },
      { OPENID: 12345 },
    ]) {
      expect(invocationOf(wx)).toEqual({
        kind: 'call',
        identity: { kind: 'anonymous' },
        openid: null,
      });
    }
  });
});

describe('the environment of one invocation (instance concurrency)', () => {
  const processEnv = {
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
    WX_OPENID: 'o-another-call',
    WX_APPID: 'wx0123456789abcdef',
    TCB_ENV: 'hehe-prod-1a2b3c',
  };
  // The fields SCF gives every invocation's context.
  const context = {
    memory_limit_in_mb: 256,
    time_limit_in_ms: 10_000,
    request_id: 'req-1',
    function_version: '$LATEST',
    function_name: 'concern',
    namespace: 'hehe-prod-1a2b3c',
    environment: JSON.stringify({
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_OPENID: 'o-this-call',
      TCB_SOURCE: 'wx_client',
    }),
  };

  it('takes the call’s own variables from context.environment over the process’s', () => {
    const wx = readWxContext(invocationEnv(processEnv, context));
    expect(wx).toMatchObject({ OPENID: 'o-this-call' });
    // A key of this call's list that its context lacks is not taken from the process.
    expect(wx.APPID).toBeUndefined();
    expect(invocationOf(wx)).toMatchObject({ kind: 'call', openid: 'o-this-call' });
  });

  it('agrees with node-sdk’s getCloudbaseContext on the keys the context carries', () => {
    const saved = new Map(CONTEXT_VARS.map((k) => [k, process.env[k]]));
    try {
      for (const k of CONTEXT_VARS) delete process.env[k];
      Object.assign(process.env, processEnv);
      const sdk = tcb.getCloudbaseContext(context) as unknown as Record<string, string>;
      const ours = invocationEnv(processEnv, context);
      // node-sdk would fill WX_APPID from the process; on purpose, we do not.
      for (const key of ['WX_OPENID', 'WX_CONTEXT_KEYS', 'TCB_SOURCE']) {
        expect([key, ours[key]]).toEqual([key, sdk[key]]);
      }
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('keeps the process environment when the context has no readable environment', () => {
    for (const platformContext of [
      undefined,
      null,
      {},
      { environment: '' },
      { environment: '{not json' },
      { environment: '[1,2]' },
      'a string',
    ]) {
      expect(invocationEnv(processEnv, platformContext)).toBe(processEnv);
    }
  });

  it('never fills a call’s WeChat variables from another call’s left in the process', () => {
    // This call has no OPENID (the HTTP API, a console test): it must not get the other one.
    const env = invocationEnv(processEnv, {
      environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_APPID: 'wx-new' }),
    });
    expect(env).toMatchObject({ WX_APPID: 'wx-new', TCB_ENV: 'hehe-prod-1a2b3c' });
    expect(env.WX_OPENID).toBeUndefined();
    expect(invocationOf(readWxContext(env))).toEqual({
      kind: 'call',
      identity: { kind: 'anonymous' },
      openid: null,
    });
    // The list of key names may come from the process; the values it names may not.
    const listless = invocationEnv(processEnv, {
      environment: JSON.stringify({ WX_OPENID: 'o-this-call' }),
    });
    expect(readWxContext(listless)).toMatchObject({ OPENID: 'o-this-call' });
    expect(readWxContext(listless).APPID).toBeUndefined();
    // Only string values are taken from the context.
    const mixed = invocationEnv(processEnv, {
      environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 42 }),
    });
    expect(mixed.WX_OPENID).toBeUndefined();
  });
});
