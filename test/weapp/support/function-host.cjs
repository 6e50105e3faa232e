/**
 * Runs the built cloud-function bundles (`npm run build:functions` output) the way CloudBase
 * runs them: `require('<dir>/<name>/index.js')` once per function (a cold start), then
 * `main(event, context)` per invocation, with the WeChat context in the process environment
 * and in `context.environment`, as the platform sets them. One invocation at a time, as in one
 * CloudBase instance. Plain JavaScript, so any Node binary can run it (the deployed runtime's
 * too); the parent (test/weapp/support/cloud.ts) talks to it over the IPC channel.
 *
 * Message in:  { id, fn, event, caller: { kind: 'wechat', openid, appid } | { kind: 'timer' } }
 * Message out: { id, reply } or { id, error }
 */
const path = require('node:path');

const dist = process.argv[2];
const bundles = new Map();
let queue = Promise.resolve();
let invocations = 0;

function bundle(fn) {
  if (!bundles.has(fn)) bundles.set(fn, require(path.join(dist, fn, 'index.js')));
  return bundles.get(fn);
}

/** The call's WeChat variables: set for this call, cleared of the previous call's. */
function enter(caller) {
  for (const key of Object.keys(process.env)) {
    if (
      key.startsWith('WX_') &&
      key !== 'WX_SUBSCRIBE_TEMPLATES' &&
      key !== 'WX_MINIPROGRAM_STATE'
    ) {
      delete process.env[key];
    }
  }
  const vars =
    caller.kind === 'timer'
      ? { WX_CONTEXT_KEYS: 'WX_TRIGGER_API_TOKEN_V0', WX_TRIGGER_API_TOKEN_V0: 'trigger-token' }
      : {
          WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
          WX_OPENID: caller.openid,
          WX_APPID: caller.appid,
          WX_UNIONID: '',
          WX_CLIENTIP: '127.0.0.1',
        };
  Object.assign(process.env, vars, {
    TCB_SOURCE: caller.kind === 'timer' ? 'wx_trigger' : 'wx_client',
  });
  return vars;
}

async function invoke(message) {
  const { fn, event, caller } = message;
  const vars = enter(caller);
  invocations += 1;
  const context = {
    request_id: `req-${invocations}`,
    function_name: fn,
    namespace: process.env.SCF_NAMESPACE,
    environment: JSON.stringify(vars),
  };
  return bundle(fn).main(event, context);
}

process.on('message', (message) => {
  queue = queue
    .then(() => invoke(message))
    .then(
      (reply) => process.send({ id: message.id, reply }),
      (thrown) =>
        process.send({ id: message.id, error: String((thrown && thrown.stack) || thrown) }),
    );
});
process.send({ ready: process.version });
