/**
 * The layering rules of .dependency-cruiser.cjs fire when broken. Each probe below is a
 * two-file tree that breaks exactly one rule (written to a temporary folder laid out like the
 * repository); dependency-cruiser runs over it with the project's own configuration, and the
 * test expects that rule to name that import. A control tree of allowed imports gives none.
 * `npm run deps:validate` then shows the real tree breaks none of them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

interface Probe {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  /** The import as written in `from` (default: a relative path to `to`). */
  readonly specifier?: string;
}

/** One probe per rule: `from` imports `to`, and `rule` must name it. */
const PROBES: readonly Probe[] = [
  { rule: 'shared-is-pure', from: 'shared/p1/a.ts', to: 'node:fs', specifier: 'node:fs' },
  { rule: 'functions-not-into-miniapp', from: 'functions/p2/a.ts', to: 'miniapp/p2/b.ts' },
  {
    rule: 'miniapp-not-into-functions',
    from: 'miniapp/p3/a.ts',
    to: 'functions/concern/concern.api.ts',
  },
  {
    rule: 'runtime-and-store-import-no-sibling',
    from: 'functions/runtime/p4.ts',
    to: 'functions/clue/clue.api.ts',
  },
  {
    rule: 'runtime-and-store-import-no-sibling',
    from: 'functions/store/p4.ts',
    to: 'functions/adapters/p4.ts',
  },
  {
    rule: 'concepts-never-import-schedulers-or-read-models',
    from: 'functions/clue/p5.ts',
    to: 'functions/deadlines/p5.ts',
  },
  {
    rule: 'concepts-are-reached-through-their-api',
    from: 'functions/task/p6.ts',
    to: 'functions/concern/concern.records.ts',
  },
  {
    rule: 'concepts-are-reached-through-their-api',
    from: 'functions/stats/p6.ts',
    to: 'functions/mediation/mediation.records.ts',
  },
  {
    rule: 'registry-imports-function-definitions-only',
    from: 'functions/registry.ts',
    to: 'functions/stats/p7.ts',
  },
  {
    rule: 'only-entry-points-import-the-host',
    from: 'functions/adapters/cloudbase/p8.ts',
    to: 'functions/host/p8.ts',
  },
  {
    rule: 'only-entries-choose-adapters',
    from: 'functions/learning/p9.ts',
    to: 'functions/adapters/main.ts',
  },
  {
    rule: 'writers-are-made-in-collections-files',
    from: 'functions/concern/p10.ts',
    to: 'functions/store/store.writer.ts',
  },
  {
    rule: 'a-folder-writes-only-its-own-collections',
    from: 'functions/mediation/p11.ts',
    to: 'functions/concern/concern.collections.ts',
  },
  {
    rule: 'a-folder-writes-only-its-own-collections',
    from: 'functions/deadlines/p11.ts',
    to: 'functions/runtime/runtime.collections.ts',
  },
  { rule: 'no-circular', from: 'functions/learning/p12a.ts', to: 'functions/learning/p12b.ts' },
  {
    rule: 'not-to-unresolvable',
    from: 'functions/learning/p13.ts',
    to: './p13-missing',
    specifier: './p13-missing',
  },
];

/** Imports every rule allows: a concept's public file, its own writers, runtime, shared. */
const ALLOWED: readonly Omit<Probe, 'rule'>[] = [
  { from: 'functions/task/ok1.ts', to: 'functions/concern/concern.api.ts' },
  { from: 'functions/concern/ok2.ts', to: 'functions/concern/concern.collections.ts' },
  { from: 'functions/concern/concern.collections.ts', to: 'functions/store/store.writer.ts' },
  { from: 'functions/deadlines/ok3.ts', to: 'functions/mediation/mediation.api.ts' },
  { from: 'functions/concern/ok4.ts', to: 'functions/runtime/tasks.ts' },
  { from: 'functions/runtime/ok5.ts', to: 'functions/store/collections.ts' },
  { from: 'functions/concern/index.ts', to: 'functions/adapters/main.ts' },
  { from: 'functions/registry.ts', to: 'functions/concern/concern.function.ts' },
  { from: 'functions/host/ok6.ts', to: 'functions/adapters/select.ts' },
  { from: 'miniapp/ok7.ts', to: 'shared/ok7.ts' },
];

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

function relativeSpecifier(from: string, to: string): string {
  const fromParts = dirname(from).split('/');
  const toParts = to.replace(/\.ts$/, '').split('/');
  let common = 0;
  while (common < fromParts.length && fromParts[common] === toParts[common]) common += 1;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/** Writes the tree: each `from` imports its `to`; every `to` that is a file exists. */
function writeTree(dir: string, edges: readonly (Omit<Probe, 'rule'> & { rule?: string })[]): void {
  const files = new Map<string, string[]>();
  const touch = (path: string) => {
    if (!files.has(path)) files.set(path, []);
  };
  for (const edge of edges) {
    touch(edge.from);
    if (edge.specifier === undefined) touch(edge.to);
    const spec = edge.specifier ?? relativeSpecifier(edge.from, edge.to);
    files.get(edge.from)?.push(`import '${spec}';`);
  }
  // The cycle's way back.
  files.get('functions/learning/p12b.ts')?.push(`import './p12a';`);
  for (const [path, lines] of files) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), `${lines.join('\n')}\nexport const probe = 1;\n`);
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
  );
}

function cruise(dir: string): Violation[] {
  const bin = join(root, 'node_modules', '.bin', 'depcruise');
  let out: string;
  try {
    out = execFileSync(
      bin,
      [
        'shared',
        'functions',
        'miniapp',
        '--config',
        join(root, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (failed) {
    // depcruise exits non-zero when it finds violations; its JSON is still on stdout.
    out = (failed as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

describe('the layering rules', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('each rule names the import that breaks it', () => {
    dir = mkdtempSync(join(tmpdir(), 'hehe-deps-'));
    writeTree(dir, PROBES);
    const found = cruise(dir);
    for (const probe of PROBES) {
      const hit = found.some(
        (v) =>
          v.rule.name === probe.rule &&
          v.from === probe.from &&
          (v.to === probe.to ||
            v.to.endsWith(probe.to.replace(/^node:/, '')) ||
            v.to === probe.specifier),
      );
      expect({ probe, hit }).toEqual({ probe, hit: true });
    }
  });

  it('allowed imports break no rule', () => {
    dir = mkdtempSync(join(tmpdir(), 'hehe-deps-'));
    writeTree(dir, ALLOWED);
    expect(cruise(dir)).toEqual([]);
  });
});
