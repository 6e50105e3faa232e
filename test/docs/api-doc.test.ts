/** The API document names every action of every function in that function's own section. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../../functions/registry';

const doc = readFileSync(join(__dirname, '../../functions/API.md'), 'utf8');
/** Sections by their heading's first word: `## concern (说事/诉求)` → `concern`. */
const sections = new Map(
  doc
    .split(/^## /m)
    .slice(1)
    .map((s) => [s.split(/[\s(]/)[0] ?? '', s] as const),
);

describe('functions/API.md', () => {
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))(
    'documents every action of %s',
    (name, fn) => {
      // Timer functions share the "Timers" section, one table row each.
      const section = sections.get(name) ?? sections.get('Timers') ?? '';
      const rows = sections.has(name)
        ? section
        : (section.split('\n').find((l) => l.startsWith(`| \`${name}\``)) ?? '');
      expect(rows).not.toBe('');
      for (const action of Object.keys(fn.actions)) expect(rows).toContain(`\`${action}\``);
    },
  );
});
