/**
 * Preloaded into the `s` child processes of test/deploy (NODE_OPTIONS=--require): every outgoing
 * TCP/TLS connection and DNS lookup is written to $NO_NETWORK_LOG and refused, so a test proves
 * that `s preview`, the plan and the dry run need no network. Unix sockets (IPC) stay allowed.
 */
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const logFile = process.env.NO_NETWORK_LOG;

function refuse(what) {
  if (logFile) fs.appendFileSync(logFile, `${process.pid} ${what}\n`);
  throw new Error(`network disabled in this test: ${what}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const isPipe =
    (typeof first === 'string' && Number.isNaN(Number(first))) ||
    (first !== null && typeof first === 'object' && typeof first.path === 'string');
  if (isPipe) return connect.apply(this, args);
  const target =
    first !== null && typeof first === 'object'
      ? `${first.host ?? first.hostname ?? '?'}:${first.port ?? '?'}`
      : `${args[1] ?? 'localhost'}:${first}`;
  return refuse(`connect ${target}`);
};

dns.lookup = (host) => refuse(`dns.lookup ${host}`);
dns.promises.lookup = async (host) => refuse(`dns.promises.lookup ${host}`);
