/** The API document names every action of every function in that function's own section. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../../functions/registry';
import { changePasswordSchema, loginSchema } from '../../functions/host/auth.routes';

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

/** Role names as the document writes them in the "who" column. */
const ROLE_WORDS = [
  'villager',
  'grid_worker',
  'mediator',
  'legal_adviser',
  'dept_officer',
  'prosecutor_liaison',
  'prosecutor',
  'center_operator',
  'county_officer',
  'admin',
] as const;

/** The table rows of a section: the actions of the first cell and the whole "who" cell. */
function rowsOf(section: string): { actions: string[]; who: string }[] {
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      const actions = [...(cells[1] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!);
      return { actions, who: cells[2] ?? '' };
    });
}

describe('functions/API.md says who may call each action as the code does', () => {
  it.each(FUNCTIONS.filter((f) => sections.has(f.name)).map((f) => [f.name, f] as const))(
    '%s: the roles named in "who" are the action’s access list',
    (name, fn) => {
      const wrong: string[] = [];
      for (const row of rowsOf(sections.get(name)!)) {
        const named = ROLE_WORDS.filter((r) => new RegExp(`\\b${r}\\b`).test(row.who));
        if (named.length === 0) continue; // "signed in", "anyone", "the assignee or the centre"
        for (const action of row.actions) {
          const access = fn.actions[action]?.access;
          if (!Array.isArray(access)) continue;
          const actual = [...access].sort().join(', ');
          if ([...named].sort().join(', ') !== actual)
            wrong.push(`${action}: doc ${named} ≠ ${actual}`);
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  it('documents the sign-in routes with the fields the server takes', () => {
    const bodyOf = (route: string) => {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`POST ${route}\``)) ?? '';
      const cell = line.split('|')[2] ?? '';
      return [...cell.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).sort();
    };
    expect(bodyOf('/api/auth/login')).toEqual(Object.keys(loginSchema.shape).sort());
    expect(bodyOf('/api/auth/password')).toEqual(Object.keys(changePasswordSchema.shape).sort());
  });
});
