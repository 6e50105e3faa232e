/**
 * Properties of the routing resolver over random directories (random grid trees in two
 * towns, random staff with random roles, places, departments, loads and activity, empty
 * rosters included), random submissions and both the default and random rule sets. The
 * expectations are computed here independently of the resolver, from the raw data.
 */
import fc from 'fast-check';
import { CONCERN_KINDS, CONCERN_TOPICS } from '../concern/concern.kinds';
import type { Role } from '../kernel/roles';
import { TASK_KINDS } from '../task/task.status';
import type { Assignment } from './routing.resolver';
import { matchingRules, route } from './routing.resolver';
import type { RoutingRule, RuleAssignment } from './routing.rules';
import { ASSIGNMENT_SCOPES, DEFAULT_ROUTING_RULES, routingRulesSchema } from './routing.rules';
import type {
  RoutingDirectory,
  RoutingGridNode,
  RoutingStaff,
  RoutingSubmission,
} from './routing.types';
import { GRID_LEVELS, ROUTING_SUBJECTS } from './routing.types';

const TOWNS = ['xiaodian', 'guozhuang'] as const;
const STAFF_ROLE_POOL: readonly Role[] = [
  'grid_worker',
  'mediator',
  'legal_adviser',
  'dept_officer',
  'prosecutor_liaison',
  'center_operator',
];
const DEPTS = ['fire_station', 'natural_resources', 'emergency_office', 'judicial_office'] as const;
const DOMAINS = ['ecology_resources', 'food_drug_safety'] as const;

/** A random grid tree per town: node i's parent is an earlier node, the first is the root. */
const treeArb = (townId: string, prefix: string) =>
  fc.array(fc.nat(), { minLength: 1, maxLength: 9 }).map((parents) => {
    const nodes: RoutingGridNode[] = [];
    const depth: number[] = [];
    parents.forEach((p, i) => {
      const parent = i === 0 ? null : p % i;
      const d = parent === null ? 0 : (depth[parent] as number) + 1;
      depth.push(d);
      nodes.push({
        _id: `${prefix}${i}`,
        townId,
        parentId: parent === null ? null : `${prefix}${parent}`,
        level: GRID_LEVELS[Math.min(d, GRID_LEVELS.length - 1)] as RoutingGridNode['level'],
        name: `${prefix}节点${i}`,
      });
    });
    return nodes;
  });

const directoryArb: fc.Arbitrary<RoutingDirectory> = fc
  .tuple(treeArb('xiaodian', 'x'), treeArb('guozhuang', 'g'))
  .chain(([home, other]) => {
    const nodes = [...home, ...other];
    const ids = nodes.map((n) => n._id);
    const personArb = fc.record({
      townId: fc.constantFrom(...TOWNS, 'xiaodian', 'xiaodian'),
      roles: fc.subarray([...STAFF_ROLE_POOL]),
      gridNodeIds: fc.subarray(ids, { maxLength: Math.min(3, ids.length) }),
      departmentCode: fc.option(fc.constantFrom(...DEPTS), { nil: undefined }),
      active: fc.constantFrom(true, true, true, false),
      load: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
    });
    return fc.array(personArb, { maxLength: 16, size: 'max' }).map((people) => {
      const staff: RoutingStaff[] = people.map((p, i) => ({
        _id: `s${String(i).padStart(2, '0')}`,
        townId: p.townId,
        roles: p.roles,
        gridNodeIds: p.gridNodeIds,
        active: p.active,
        ...(p.departmentCode === undefined ? {} : { departmentCode: p.departmentCode }),
      }));
      const openTaskCount: Record<string, number> = {};
      people.forEach((p, i) => {
        if (p.load !== undefined) openTaskCount[`s${String(i).padStart(2, '0')}`] = p.load;
      });
      return { nodes, staff, openTaskCount };
    });
  });

const submissionArb = (directory: RoutingDirectory): fc.Arbitrary<RoutingSubmission> => {
  const home = directory.nodes.filter((n) => n.townId === 'xiaodian').map((n) => n._id);
  return fc
    .record({
      subject: fc.constantFrom(...ROUTING_SUBJECTS),
      gridNodeId: fc.oneof(
        { weight: 15, arbitrary: fc.constantFrom(...home) },
        { weight: 4, arbitrary: fc.constantFrom(...directory.nodes.map((n) => n._id)) },
        { weight: 1, arbitrary: fc.constant('nowhere') },
      ),
      // Mostly the place's own town; sometimes a mismatch, which must be refused.
      otherTown: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...TOWNS) },
      ),
      kind: fc.option(fc.constantFrom(...CONCERN_KINDS), { nil: undefined }),
      topic: fc.option(fc.constantFrom(...CONCERN_TOPICS), { nil: undefined }),
      clueDomain: fc.option(fc.constantFrom(...DOMAINS), { nil: undefined }),
      emergency: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ otherTown, ...rest }) => ({
      ...rest,
      townId:
        otherTown ?? directory.nodes.find((n) => n._id === rest.gridNodeId)?.townId ?? 'xiaodian',
    }));
};

const assignmentArb: fc.Arbitrary<RuleAssignment> = fc
  .record({
    role: fc.constantFrom(...STAFF_ROLE_POOL),
    departmentCode: fc.option(fc.constantFrom(...DEPTS), { nil: undefined }),
    taskKind: fc.constantFrom(...TASK_KINDS),
    scope: fc.constantFrom(...ASSIGNMENT_SCOPES),
  })
  .map((a) =>
    a.role === 'dept_officer' && a.departmentCode === undefined
      ? { ...a, departmentCode: 'judicial_office' }
      : a,
  ) as fc.Arbitrary<RuleAssignment>;

/** Random valid rule sets, with frequent priority ties and overlapping conditions. */
const randomRulesArb: fc.Arbitrary<RoutingRule[]> = fc
  .array(
    fc.record({
      subject: fc.constantFrom(...ROUTING_SUBJECTS),
      kinds: fc.option(fc.subarray([...CONCERN_KINDS], { minLength: 1 }), { nil: undefined }),
      clueDomains: fc.option(fc.subarray([...DOMAINS], { minLength: 1 }), { nil: undefined }),
      emergency: fc.option(fc.boolean(), { nil: undefined }),
      assign: assignmentArb,
      also: fc.option(fc.array(assignmentArb, { maxLength: 3 }), { nil: undefined }),
      priority: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 6 },
  )
  .map((raw) =>
    raw.map((r, i) => ({
      id: `r${i}`,
      name: `规则${i}`,
      when: {
        subject: r.subject,
        ...(r.subject === 'concern' && r.kinds !== undefined ? { kinds: r.kinds } : {}),
        ...(r.subject === 'clue' && r.clueDomains !== undefined
          ? { clueDomains: r.clueDomains }
          : {}),
        ...(r.emergency === undefined ? {} : { emergency: r.emergency }),
      },
      assign: r.assign,
      ...(r.also === undefined ? {} : { also: r.also }),
      priority: r.priority,
    })),
  );

const rulesArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant([...DEFAULT_ROUTING_RULES]) },
  { weight: 1, arbitrary: randomRulesArb },
);

const caseArb = directoryArb.chain((directory) =>
  fc.record({
    directory: fc.constant(directory),
    submission: submissionArb(directory),
    rules: rulesArb,
  }),
);

// ---- an independent oracle, computed from the raw data ----

const loadOf = (d: RoutingDirectory, id: string): number => d.openTaskCount[id] ?? 0;

function townStaff(d: RoutingDirectory, townId: string): RoutingStaff[] {
  return d.staff.filter((s) => s.active && s.townId === townId);
}

function eligible(s: RoutingStaff, a: RuleAssignment): boolean {
  return (
    s.roles.includes(a.role) &&
    (a.departmentCode === undefined || s.departmentCode === a.departmentCode)
  );
}

/** The place and its ancestors within its town, nearest first. */
function pathOf(d: RoutingDirectory, nodeId: string): RoutingGridNode[] {
  const path: RoutingGridNode[] = [];
  let node = d.nodes.find((n) => n._id === nodeId);
  const town = node?.townId;
  while (node !== undefined && node.townId === town && !path.includes(node)) {
    path.push(node);
    const parentId = node.parentId;
    node = parentId === null ? undefined : d.nodes.find((n) => n._id === parentId);
  }
  return path;
}

/** True when nobody in `pool` is less loaded than the chosen one, nor equally loaded with a smaller id. */
function isLeastLoaded(
  d: RoutingDirectory,
  chosen: string,
  pool: readonly RoutingStaff[],
): boolean {
  return pool.every(
    (s) =>
      loadOf(d, s._id) > loadOf(d, chosen) ||
      (loadOf(d, s._id) === loadOf(d, chosen) && s._id >= chosen),
  );
}

/** Checks one assignment against the ladder; `exclude` holds those assigned before it. */
function checkAssignment(
  d: RoutingDirectory,
  submission: RoutingSubmission,
  assign: RuleAssignment | null,
  got: Assignment,
  exclude: ReadonlySet<string>,
): void {
  const pool = townStaff(d, submission.townId).filter((s) => !exclude.has(s._id));
  const person = pool.find((s) => s._id === got.assigneeId);
  expect(person).toBeDefined();
  const path = pathOf(d, submission.gridNodeId);
  const start =
    assign?.scope === 'community'
      ? Math.max(
          0,
          path.findIndex((n) => n.level === 'community' || n.level === 'town'),
        )
      : 0;
  const searchable = assign === null ? [] : assign.scope === 'town' ? [] : path.slice(start);
  const someoneOnPath = (a: RuleAssignment) =>
    searchable.some((n) => pool.some((s) => eligible(s, a) && s.gridNodeIds.includes(n._id)));

  switch (got.reason.step) {
    case 'centre': {
      expect(person?.roles).toContain('center_operator');
      expect(got.role).toBe('center_operator');
      // The centre is only a fallback: nobody the rule asked for was available.
      if (assign !== null && assign.scope === 'town') {
        expect(pool.some((s) => eligible(s, assign))).toBe(false);
      }
      if (assign !== null && assign.scope !== 'town') expect(someoneOnPath(assign)).toBe(false);
      expect(
        isLeastLoaded(
          d,
          got.assigneeId,
          pool.filter((s) => s.roles.includes('center_operator')),
        ),
      ).toBe(true);
      break;
    }
    case 'rule': {
      expect(assign?.scope).toBe('town');
      const a = assign as RuleAssignment;
      expect(eligible(person as RoutingStaff, a)).toBe(true);
      expect(got.role).toBe(a.role);
      expect(
        isLeastLoaded(
          d,
          got.assigneeId,
          pool.filter((s) => eligible(s, a)),
        ),
      ).toBe(true);
      break;
    }
    default: {
      const a = assign as RuleAssignment;
      expect(a.scope).not.toBe('town');
      expect(eligible(person as RoutingStaff, a)).toBe(true);
      expect(got.role).toBe(a.role);
      const at = searchable.findIndex((n) => n._id === got.reason.gridNodeId);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(got.reason.step).toBe(at === 0 ? 'place' : 'ancestor');
      expect(person?.gridNodeIds).toContain(got.reason.gridNodeId);
      // Nobody nearer could take it.
      for (const nearer of searchable.slice(0, at)) {
        expect(pool.some((s) => eligible(s, a) && s.gridNodeIds.includes(nearer._id))).toBe(false);
      }
      // Not more loaded than anyone eligible at the same level.
      const sameLevel = pool.filter(
        (s) => eligible(s, a) && s.gridNodeIds.includes(got.reason.gridNodeId as string),
      );
      expect(isLeastLoaded(d, got.assigneeId, sameLevel)).toBe(true);
    }
  }
}

function shuffled<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

describe('route: properties', () => {
  it('returns exactly one primary, or a loud error with a reason', () => {
    fc.assert(
      fc.property(caseArb, ({ directory, submission, rules }) => {
        const result = route(submission, directory, rules);
        const place = directory.nodes.find((n) => n._id === submission.gridNodeId);
        const placeOk = place !== undefined && place.townId === submission.townId;
        if (!placeOk) {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('VALIDATION_FAILED');
            expect(result.error.details?.fields?.[0]?.field).toBe('gridNodeId');
          }
          return;
        }
        if (result.ok) {
          expect(typeof result.value.primary.assigneeId).toBe('string');
          expect(Array.isArray(result.value.primary)).toBe(false);
          expect(result.value.primary.reason.detail.length).toBeGreaterThan(0);
          return;
        }
        // INTERNAL only when the town has no active centre operator to fall back on.
        expect(result.error.code).toBe('INTERNAL');
        expect(result.error.message).toContain('没有找到可以处理的人员');
        expect(
          townStaff(directory, submission.townId).some((s) => s.roles.includes('center_operator')),
        ).toBe(false);
        expect(result.error.details?.['submission']).toMatchObject({
          gridNodeId: submission.gridNodeId,
        });
      }),
      { numRuns: 400 },
    );
  });

  it('gives the primary to an active staff member of the town who fits the rule fired, nearest and least loaded first', () => {
    fc.assert(
      fc.property(caseArb, ({ directory, submission, rules }) => {
        const result = route(submission, directory, rules);
        if (!result.ok) return;
        const fired = matchingRules(submission, rules)[0] ?? null;
        expect(result.value.primary.reason.ruleId).toBe(fired?.id ?? null);
        checkAssignment(
          directory,
          submission,
          fired?.assign ?? null,
          result.value.primary,
          new Set(),
        );
        if (fired !== null) expect(result.value.primary.taskKind).toBe(fired.assign.taskKind);
      }),
      { numRuns: 400 },
    );
  });

  it('never repeats the primary (or anyone) among the secondaries, each of which fits its rule', () => {
    fc.assert(
      fc.property(caseArb, ({ directory, submission, rules }) => {
        const result = route(submission, directory, rules);
        if (!result.ok) return;
        const { primary, secondary, unassigned } = result.value;
        const ids = [primary.assigneeId, ...secondary.map((s) => s.assigneeId)];
        expect(new Set(ids).size).toBe(ids.length);
        expect(secondary.map((s) => s.assigneeId)).not.toContain(primary.assigneeId);
        // Replay the rule's secondary assignments in order: each is made when someone not yet
        // assigned can take it (on the ladder or at the centre), and noted otherwise.
        const fired = matchingRules(submission, rules)[0];
        const exclude = new Set([primary.assigneeId]);
        const made = [...secondary];
        const noted = [...unassigned];
        for (const a of fired?.also ?? []) {
          if (anyoneFor(directory, submission, a, exclude)) {
            const next = made.shift() as Assignment;
            expect(next).toBeDefined();
            expect(next.taskKind).toBe(a.taskKind);
            expect(next.reason.ruleId).toBe(fired?.id);
            checkAssignment(directory, submission, a, next, exclude);
            exclude.add(next.assigneeId);
          } else {
            const note = noted.shift();
            expect(note).toMatchObject({ ruleId: fired?.id, role: a.role, taskKind: a.taskKind });
          }
        }
        expect(made).toEqual([]);
        expect(noted).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same answer for the same input, whatever order staff, nodes and rules come in', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) =>
          fc.record({
            c: fc.constant(c),
            staff: shuffled(c.directory.staff),
            nodes: shuffled(c.directory.nodes),
            rules: shuffled(c.rules),
          }),
        ),
        ({ c, staff, nodes, rules }) => {
          const first = route(c.submission, c.directory, c.rules);
          expect(route(c.submission, c.directory, c.rules)).toEqual(first);
          const reordered = route(c.submission, { ...c.directory, staff, nodes }, rules);
          expect(reordered).toEqual(first);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the task with the chosen person when a colleague gets busier', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.nat({ max: 15 }),
        fc.integer({ min: 1, max: 5 }),
        (c, pick, extra) => {
          const { directory, submission, rules } = c;
          const result = route(submission, directory, rules);
          if (!result.ok || directory.staff.length === 0) return;
          const chosen = result.value.primary.assigneeId;
          const other = (directory.staff[pick % directory.staff.length] as RoutingStaff)._id;
          if (other === chosen) return;
          const busier = {
            ...directory,
            openTaskCount: {
              ...directory.openTaskCount,
              [other]: loadOf(directory, other) + extra,
            },
          };
          const again = route(submission, busier, rules);
          expect(again.ok && again.value.primary.assigneeId).toBe(chosen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('generates only rule sets the admin schema accepts', () => {
    fc.assert(
      fc.property(randomRulesArb, (rules) => {
        expect(routingRulesSchema.safeParse(rules).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

/** Whether anyone not yet assigned could take this assignment, on its ladder or at the centre. */
function anyoneFor(
  d: RoutingDirectory,
  submission: RoutingSubmission,
  a: RuleAssignment,
  exclude: ReadonlySet<string>,
): boolean {
  const pool = townStaff(d, submission.townId).filter((s) => !exclude.has(s._id));
  if (pool.some((s) => s.roles.includes('center_operator'))) return true;
  if (a.scope === 'town') return pool.some((s) => eligible(s, a));
  const path = pathOf(d, submission.gridNodeId);
  const start =
    a.scope === 'community'
      ? Math.max(
          0,
          path.findIndex((n) => n.level === 'community' || n.level === 'town'),
        )
      : 0;
  return path
    .slice(start)
    .some((n) => pool.some((s) => eligible(s, a) && s.gridNodeIds.includes(n._id)));
}
