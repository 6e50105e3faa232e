/**
 * Example tests of the routing ladder on a slice of Xiaodian's grid (sample data, not the
 * real roster). The fast-check properties are in routing.resolver.property.test.ts.
 */
import type { Role } from '../kernel/roles';
import type { RoutingDecision } from './routing.resolver';
import { explainRouting, matchingRules, route } from './routing.resolver';
import type { RoutingRule } from './routing.rules';
import { DEFAULT_ROUTING_RULES } from './routing.rules';
import type {
  RoutingDirectory,
  RoutingGridNode,
  RoutingStaff,
  RoutingSubmission,
} from './routing.types';

const TOWN = 'xiaodian';
const OTHER_TOWN = 'guozhuang';

const NODES: readonly RoutingGridNode[] = [
  { _id: 'n-town', townId: TOWN, parentId: null, level: 'town', name: '小店镇' },
  { _id: 'n-dg', townId: TOWN, parentId: 'n-town', level: 'community', name: '东关新村' },
  { _id: 'n-xg', townId: TOWN, parentId: 'n-town', level: 'community', name: '西关新村' },
  { _id: 'n-qj', townId: TOWN, parentId: 'n-dg', level: 'village', name: '前街村' },
  { _id: 'n-hj', townId: TOWN, parentId: 'n-dg', level: 'village', name: '后街村' },
  { _id: 'n-qj-1', townId: TOWN, parentId: 'n-qj', level: 'lane', name: '前街村一巷' },
  { _id: 'n-o-town', townId: OTHER_TOWN, parentId: null, level: 'town', name: '果庄镇' },
];

function staff(
  _id: string,
  roles: readonly Role[],
  gridNodeIds: readonly string[] = [],
  extra: Partial<RoutingStaff> = {},
): RoutingStaff {
  return { _id, townId: TOWN, roles, gridNodeIds, active: true, ...extra };
}

function dir(people: readonly RoutingStaff[], load: Record<string, number> = {}): RoutingDirectory {
  return { nodes: NODES, staff: people, openTaskCount: load };
}

const concern = (extra: Partial<RoutingSubmission> = {}): RoutingSubmission => ({
  subject: 'concern',
  townId: TOWN,
  gridNodeId: 'n-qj',
  kind: 'help',
  topic: 'other',
  ...extra,
});

const CENTRE = staff('centre-1', ['center_operator']);

function routed(
  submission: RoutingSubmission,
  directory: RoutingDirectory,
  rules: readonly RoutingRule[] = DEFAULT_ROUTING_RULES,
): RoutingDecision {
  const result = route(submission, directory, rules);
  if (!result.ok)
    throw new Error(`expected a routing, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('route: the ladder', () => {
  it('gives a concern to the grid worker of the village it happened in', () => {
    const d = routed(
      concern(),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('gw-dg', ['grid_worker'], ['n-dg']),
        CENTRE,
      ]),
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'gw-qj',
      role: 'grid_worker',
      taskKind: 'handle_concern',
      reason: { ruleId: 'concern.default', step: 'place', gridNodeId: 'n-qj', candidateCount: 1 },
    });
    expect(d.primary.reason.detail).toBe('规则「一般诉求」→ 前街村的网格员');
    expect(d.secondary).toEqual([]);
  });

  it('climbs to the community grid worker when the village has none, and says so', () => {
    const d = routed(concern(), dir([staff('gw-dg', ['grid_worker'], ['n-dg']), CENTRE]));
    expect(d.primary.assigneeId).toBe('gw-dg');
    expect(d.primary.reason.step).toBe('ancestor');
    expect(d.primary.reason.gridNodeId).toBe('n-dg');
    expect(d.primary.reason.detail).toBe(
      '规则「一般诉求」→ 东关新村的网格员（前街村没有可分派的网格员，上溯到新村）',
    );
  });

  it('names every level it climbed past, from a lane up to the town', () => {
    const d = routed(
      concern({ gridNodeId: 'n-qj-1' }),
      dir([staff('gw-town', ['grid_worker'], ['n-town'])]),
    );
    expect(d.primary.assigneeId).toBe('gw-town');
    expect(d.primary.reason.detail).toContain(
      '前街村一巷、前街村、东关新村没有可分派的网格员，上溯到镇',
    );
  });

  it('does not count a grid worker of a sibling village', () => {
    const d = routed(concern(), dir([staff('gw-hj', ['grid_worker'], ['n-hj']), CENTRE]));
    expect(d.primary.assigneeId).toBe('centre-1');
  });

  it('falls back to the governance centre when nobody on the path can take it', () => {
    const d = routed(concern(), dir([staff('med-qj', ['mediator'], ['n-qj']), CENTRE]));
    expect(d.primary).toMatchObject({
      assigneeId: 'centre-1',
      role: 'center_operator',
      taskKind: 'handle_concern',
      reason: { step: 'centre', ruleId: 'concern.default', gridNodeId: null },
    });
    expect(d.primary.reason.detail).toBe(
      '规则「一般诉求」→ 前街村、东关新村、小店镇都没有可分派的网格员，转指挥中心分派',
    );
  });

  it('fails loudly with INTERNAL when not even the centre has anyone', () => {
    const result = route(
      concern(),
      dir([staff('med-qj', ['mediator'], ['n-qj'])]),
      DEFAULT_ROUTING_RULES,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.message).toContain('没有找到可以处理的人员');
    expect(result.error.details).toMatchObject({
      submission: { subject: 'concern', townId: TOWN, gridNodeId: 'n-qj', kind: 'help' },
      ruleFired: 'concern.default',
      rulesTried: ['concern.default'],
      searchedGridNodeIds: ['n-qj', 'n-dg', 'n-town'],
      wanted: { role: 'grid_worker', departmentCode: null, scope: 'place' },
    });
  });

  it('ignores inactive staff and staff of another town', () => {
    const d = routed(
      concern(),
      dir([
        staff('gw-gone', ['grid_worker'], ['n-qj'], { active: false }),
        staff('gw-other', ['grid_worker'], ['n-qj'], { townId: OTHER_TOWN }),
        staff('centre-other', ['center_operator'], [], { townId: OTHER_TOWN }),
        CENTRE,
      ]),
    );
    expect(d.primary.assigneeId).toBe('centre-1');
  });

  it('routes a submission to the centre when no rule matches at all', () => {
    const d = routed(concern(), dir([staff('gw-qj', ['grid_worker'], ['n-qj']), CENTRE]), []);
    expect(d.primary).toMatchObject({
      assigneeId: 'centre-1',
      role: 'center_operator',
      taskKind: 'handle_concern',
      reason: { ruleId: null, ruleName: '无适用规则', step: 'centre' },
    });
    expect(d.primary.reason.detail).toBe('没有适用的分派规则，转指挥中心分派');
    expect(d.matchedRuleIds).toEqual([]);
  });

  it('uses the subject’s own task kind on the no-rule fallback', () => {
    const clue = routed({ subject: 'clue', townId: TOWN, gridNodeId: 'n-qj' }, dir([CENTRE]), []);
    expect(clue.primary.taskKind).toBe('review_clue');
    const booking = routed(
      { subject: 'booking', townId: TOWN, gridNodeId: 'n-qj' },
      dir([CENTRE]),
      [],
    );
    expect(booking.primary.taskKind).toBe('mediate');
  });
});

describe('route: choosing among several', () => {
  it('picks the grid worker with the fewest open tasks and says how many were compared', () => {
    const d = routed(
      concern(),
      dir(
        [
          staff('gw-a', ['grid_worker'], ['n-qj']),
          staff('gw-b', ['grid_worker'], ['n-qj']),
          staff('gw-c', ['grid_worker'], ['n-qj']),
        ],
        { 'gw-a': 5, 'gw-b': 2, 'gw-c': 3 },
      ),
    );
    expect(d.primary.assigneeId).toBe('gw-b');
    expect(d.primary.reason).toMatchObject({ candidateCount: 3, openTaskCount: 2 });
    expect(d.primary.reason.detail).toBe(
      '规则「一般诉求」→ 前街村的网格员（3人中待办任务最少，2件）',
    );
  });

  it('breaks a tie in load by id, whatever order the roster lists them', () => {
    const a = staff('gw-a', ['grid_worker'], ['n-qj']);
    const b = staff('gw-b', ['grid_worker'], ['n-qj']);
    expect(routed(concern(), dir([b, a], { 'gw-a': 1, 'gw-b': 1 })).primary.assigneeId).toBe(
      'gw-a',
    );
    expect(routed(concern(), dir([a, b], { 'gw-a': 1, 'gw-b': 1 })).primary.assigneeId).toBe(
      'gw-a',
    );
  });

  it('prefers a nearer worker over a less loaded one further up', () => {
    const d = routed(
      concern(),
      dir([staff('gw-qj', ['grid_worker'], ['n-qj']), staff('gw-dg', ['grid_worker'], ['n-dg'])], {
        'gw-qj': 9,
        'gw-dg': 0,
      }),
    );
    expect(d.primary.assigneeId).toBe('gw-qj');
  });

  it('reads missing, negative and non-numeric loads as no open tasks', () => {
    const people = [
      staff('gw-a', ['grid_worker'], ['n-qj']),
      staff('gw-b', ['grid_worker'], ['n-qj']),
    ];
    expect(
      routed(concern(), dir(people, { 'gw-a': Number.NaN, 'gw-b': 0 })).primary.assigneeId,
    ).toBe('gw-a');
    expect(routed(concern(), dir(people, { 'gw-a': 1, 'gw-b': -4 })).primary.assigneeId).toBe(
      'gw-b',
    );
    expect(routed(concern(), dir(people, { 'gw-a': 1 })).primary.assigneeId).toBe('gw-b');
  });
});

describe('route: Xiaodian’s default rules', () => {
  it('sends a clue to the town’s prosecutor liaison and a verification task to the place’s grid worker', () => {
    const d = routed(
      { subject: 'clue', townId: TOWN, gridNodeId: 'n-qj', clueDomain: 'ecology_resources' },
      dir([
        staff('liaison', ['prosecutor_liaison'], ['n-town']),
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        CENTRE,
      ]),
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'liaison',
      role: 'prosecutor_liaison',
      taskKind: 'review_clue',
      reason: {
        ruleId: 'clue.default',
        step: 'rule',
        detail: '规则「公益诉讼线索」→ 本镇的检察联络员',
      },
    });
    expect(d.secondary).toHaveLength(1);
    expect(d.secondary[0]).toMatchObject({
      assigneeId: 'gw-qj',
      role: 'grid_worker',
      taskKind: 'verify_clue',
      reason: { step: 'place', detail: '规则「公益诉讼线索」同时告知→ 前街村的网格员' },
    });
  });

  it('has a different grid worker verify a clue when the liaison is also the place’s grid worker', () => {
    const d = routed(
      { subject: 'clue', townId: TOWN, gridNodeId: 'n-qj' },
      dir([
        staff('both', ['prosecutor_liaison', 'grid_worker'], ['n-qj']),
        staff('gw-dg', ['grid_worker'], ['n-dg']),
      ]),
    );
    expect(d.primary.assigneeId).toBe('both');
    expect(d.secondary.map((s) => s.assigneeId)).toEqual(['gw-dg']);
  });

  it('sends a dispute to the grid worker (the village mediator in practice), not straight to a room', () => {
    const d = routed(
      concern({ kind: 'dispute', topic: 'mediation' }),
      dir([staff('gw-qj', ['grid_worker'], ['n-qj']), staff('med-qj', ['mediator'], ['n-qj'])]),
    );
    expect(d.primary).toMatchObject({ assigneeId: 'gw-qj', reason: { ruleId: 'concern.dispute' } });
    expect(d.secondary).toEqual([]);
  });

  it('keeps a land dispute in the village instead of sending it to the land office', () => {
    const d = routed(
      concern({ kind: 'dispute', topic: 'land_resources' }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('ziran-1', ['dept_officer'], [], { departmentCode: 'natural_resources' }),
      ]),
    );
    expect(d.primary.assigneeId).toBe('gw-qj');
    expect(d.matchedRuleIds).toEqual(['concern.dispute', 'concern.land', 'concern.default']);
  });

  it('gives a fire-safety concern to the grid worker and tells 消防 as well', () => {
    const d = routed(
      concern({ topic: 'fire_safety', kind: 'report' }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('xf-1', ['dept_officer'], [], { departmentCode: 'fire_station' }),
        staff('yj-1', ['dept_officer'], [], { departmentCode: 'emergency_office' }),
      ]),
    );
    expect(d.primary.assigneeId).toBe('gw-qj');
    expect(d.secondary).toHaveLength(1);
    expect(d.secondary[0]).toMatchObject({
      assigneeId: 'xf-1',
      role: 'dept_officer',
      taskKind: 'handle_concern',
      reason: { step: 'rule', detail: '规则「消防类诉求」同时告知→ 本镇的消防人员' },
    });
  });

  it('sends a land concern to the 自然资源和规划所 officer, not to another department', () => {
    const d = routed(
      concern({ topic: 'land_resources', kind: 'complaint' }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('hw-1', ['dept_officer'], [], { departmentCode: 'sanitation' }),
        staff('ziran-1', ['dept_officer'], [], { departmentCode: 'natural_resources' }),
      ]),
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'ziran-1',
      reason: { step: 'rule', ruleId: 'concern.land' },
    });
  });

  it('hands a department’s matter to the centre when the department has nobody on the roster', () => {
    const d = routed(
      concern({ topic: 'traffic' }),
      dir([staff('gw-qj', ['grid_worker'], ['n-qj']), CENTRE]),
    );
    expect(d.primary.assigneeId).toBe('centre-1');
    expect(d.primary.reason.detail).toBe(
      '规则「交通类诉求」→ 本镇没有可分派的交警队人员，转指挥中心分派',
    );
  });

  it('sends an emergency to the grid worker and the centre (and 应急办) at once', () => {
    const d = routed(
      concern({ emergency: true }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        CENTRE,
        staff('yj-1', ['dept_officer'], [], { departmentCode: 'emergency_office' }),
      ]),
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'gw-qj',
      reason: { ruleId: 'concern.emergency' },
    });
    expect(d.secondary.map((s) => [s.assigneeId, s.taskKind])).toEqual([
      ['centre-1', 'supervise'],
      ['yj-1', 'handle_concern'],
    ]);
    expect(d.unassigned).toEqual([]);
  });

  it('notes, rather than drops, a secondary the centre already covers', () => {
    // No grid worker: the only centre operator takes the emergency, so "tell the centre" and
    // "tell 应急办" have nobody left; both are noted as covered by the centre.
    const d = routed(concern({ emergency: true }), dir([CENTRE]));
    expect(d.primary).toMatchObject({ assigneeId: 'centre-1', reason: { step: 'centre' } });
    expect(d.secondary).toEqual([]);
    expect(d.unassigned.map((u) => [u.role, u.departmentCode, u.taskKind])).toEqual([
      ['center_operator', undefined, 'supervise'],
      ['dept_officer', 'emergency_office', 'handle_concern'],
    ]);
    expect(d.unassigned[1]?.detail).toBe(
      '规则「紧急诉求」同时告知应急办人员：没有其他可分派的人员，已由指挥中心一并处理',
    );
  });

  it('asks for the roster to be fixed when a secondary has nowhere to go and no centre exists', () => {
    const d = routed(
      concern({ topic: 'fire_safety' }),
      dir([staff('gw-qj', ['grid_worker'], ['n-qj'])]),
    );
    expect(d.primary.assigneeId).toBe('gw-qj');
    expect(d.secondary).toEqual([]);
    expect(d.unassigned).toEqual([
      {
        ruleId: 'concern.fire-safety',
        ruleName: '消防类诉求',
        role: 'dept_officer',
        departmentCode: 'fire_station',
        taskKind: 'handle_concern',
        detail:
          '规则「消防类诉求」同时告知消防人员：没有找到可分派的人员，本镇也没有其他指挥中心人员，请管理员补充人员名册',
      },
    ]);
  });

  it('sends a booking to the mediator of the room’s place', () => {
    const d = routed(
      { subject: 'booking', townId: TOWN, gridNodeId: 'n-dg' },
      dir([staff('med-qj', ['mediator'], ['n-qj']), staff('med-dg', ['mediator'], ['n-dg'])]),
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'med-dg',
      taskKind: 'mediate',
      reason: { step: 'place' },
    });
  });

  it('sends a legal-service question to the legal adviser covering the village', () => {
    const d = routed(
      concern({ topic: 'legal_service', kind: 'consultation' }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('adviser', ['legal_adviser'], ['n-qj', 'n-hj']),
      ]),
    );
    expect(d.primary).toMatchObject({ assigneeId: 'adviser', role: 'legal_adviser' });
  });
});

describe('route: rules as data', () => {
  const base = { when: { subject: 'concern' as const }, priority: 0 };
  const toGrid = {
    role: 'grid_worker' as const,
    taskKind: 'handle_concern' as const,
    scope: 'place' as const,
  };
  const toMediator = {
    role: 'mediator' as const,
    taskKind: 'mediate' as const,
    scope: 'place' as const,
  };

  it('fires the highest-priority matching rule', () => {
    const rules: RoutingRule[] = [
      { ...base, id: 'a', name: '网格', assign: toGrid },
      { ...base, id: 'b', name: '调解', assign: toMediator, priority: 5 },
    ];
    const d = routed(
      concern(),
      dir([staff('gw', ['grid_worker'], ['n-qj']), staff('med', ['mediator'], ['n-qj'])]),
      rules,
    );
    expect(d.primary.assigneeId).toBe('med');
    expect(d.matchedRuleIds).toEqual(['b', 'a']);
  });

  it('breaks a priority tie by rule id, whatever order the rules are stored in', () => {
    const a = { ...base, id: 'a', name: '网格', assign: toGrid };
    const b = { ...base, id: 'b', name: '调解', assign: toMediator };
    const people = dir([
      staff('gw', ['grid_worker'], ['n-qj']),
      staff('med', ['mediator'], ['n-qj']),
    ]);
    expect(routed(concern(), people, [b, a]).primary.reason.ruleId).toBe('a');
    expect(routed(concern(), people, [a, b]).primary.reason.ruleId).toBe('a');
  });

  it('does not match a kind, topic or domain filter when the submission has none', () => {
    const rules: RoutingRule[] = [
      {
        id: 'k',
        name: '按类别',
        when: { subject: 'concern', kinds: ['help'] },
        assign: toGrid,
        priority: 0,
      },
      {
        id: 't',
        name: '按主题',
        when: { subject: 'concern', topics: ['other'] },
        assign: toGrid,
        priority: 0,
      },
      {
        id: 'd',
        name: '按领域',
        when: { subject: 'clue', clueDomains: ['food_drug_safety'] },
        assign: toGrid,
        priority: 0,
      },
    ];
    expect(matchingRules({ subject: 'concern', townId: TOWN, gridNodeId: 'n-qj' }, rules)).toEqual(
      [],
    );
    expect(matchingRules(concern({ kind: null, topic: null }), rules)).toEqual([]);
    expect(matchingRules(concern(), rules).map((r) => r.id)).toEqual(['k', 't']);
    expect(
      matchingRules(
        { subject: 'clue', townId: TOWN, gridNodeId: 'n-qj', clueDomain: 'food_drug_safety' },
        rules,
      ).map((r) => r.id),
    ).toEqual(['d']);
  });

  it('treats a missing emergency flag as not an emergency', () => {
    const rules: RoutingRule[] = [
      {
        id: 'calm',
        name: '平常',
        when: { subject: 'concern', emergency: false },
        assign: toGrid,
        priority: 0,
      },
    ];
    expect(matchingRules(concern(), rules)).toHaveLength(1);
    expect(matchingRules(concern({ emergency: null }), rules)).toHaveLength(1);
    expect(matchingRules(concern({ emergency: true }), rules)).toHaveLength(0);
  });

  it('starts a community-scoped search at the community, skipping the village’s own staff', () => {
    const rules: RoutingRule[] = [
      { ...base, id: 'c', name: '新村调委会', assign: { ...toMediator, scope: 'community' } },
    ];
    const d = routed(
      concern({ gridNodeId: 'n-qj-1' }),
      dir([staff('med-qj', ['mediator'], ['n-qj']), staff('med-dg', ['mediator'], ['n-dg'])]),
      rules,
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'med-dg',
      reason: { step: 'place', gridNodeId: 'n-dg' },
    });
    expect(d.primary.reason.detail).toBe('规则「新村调委会」→ 东关新村的调解员');
  });

  it('climbs from the community to the town for a community-scoped rule', () => {
    const rules: RoutingRule[] = [
      { ...base, id: 'c', name: '新村调委会', assign: { ...toMediator, scope: 'community' } },
    ];
    const d = routed(concern(), dir([staff('med-town', ['mediator'], ['n-town'])]), rules);
    expect(d.primary).toMatchObject({ assigneeId: 'med-town', reason: { step: 'ancestor' } });
    expect(d.primary.reason.detail).toContain('东关新村没有可分派的调解员，上溯到镇');
  });

  it('matches a department only when the staff member belongs to it', () => {
    const rules: RoutingRule[] = [
      {
        ...base,
        id: 's',
        name: '司法所',
        assign: {
          role: 'dept_officer',
          departmentCode: 'judicial_office',
          taskKind: 'handle_concern',
          scope: 'town',
        },
      },
    ];
    const d = routed(
      concern(),
      dir(
        [
          staff('pcs', ['dept_officer'], [], { departmentCode: 'police_station' }),
          staff('sf', ['dept_officer'], [], { departmentCode: 'judicial_office' }),
        ],
        {
          sf: 10,
        },
      ),
      rules,
    );
    expect(d.primary.assigneeId).toBe('sf');
  });

  it('names a non-department role by its department too, e.g. a 司法所 mediator', () => {
    const rules: RoutingRule[] = [
      {
        ...base,
        id: 's',
        name: '司法所调解',
        assign: {
          role: 'mediator',
          departmentCode: 'judicial_office',
          taskKind: 'mediate',
          scope: 'town',
        },
      },
    ];
    const d = routed(
      concern(),
      dir([
        staff('m1', ['mediator']),
        staff('m2', ['mediator'], [], { departmentCode: 'judicial_office' }),
      ]),
      rules,
    );
    expect(d.primary.assigneeId).toBe('m2');
    expect(d.primary.reason.detail).toBe('规则「司法所调解」→ 本镇的司法所的调解员');
  });

  it('starts a community-scoped search at the place when the grid has no community above it', () => {
    const rules: RoutingRule[] = [
      { ...base, id: 'c', name: '新村调委会', assign: { ...toMediator, scope: 'community' } },
    ];
    const orphan: RoutingGridNode = {
      _id: 'lone',
      townId: TOWN,
      parentId: null,
      level: 'village',
      name: '孤村',
    };
    const d = routed(
      concern({ gridNodeId: 'lone' }),
      { nodes: [...NODES, orphan], staff: [staff('m', ['mediator'], ['lone'])], openTaskCount: {} },
      rules,
    );
    expect(d.primary).toMatchObject({
      assigneeId: 'm',
      reason: { step: 'place', gridNodeId: 'lone' },
    });
  });

  it('names an unknown department by its code rather than failing', () => {
    const rules = [
      {
        ...base,
        id: 'x',
        name: '新部门',
        assign: {
          role: 'dept_officer',
          departmentCode: 'newdept',
          taskKind: 'handle_concern',
          scope: 'town',
        },
      },
    ] as unknown as RoutingRule[];
    const d = routed(
      concern(),
      dir([staff('nd', ['dept_officer'], [], { departmentCode: 'newdept' })]),
      rules,
    );
    expect(d.primary.reason.detail).toBe('规则「新部门」→ 本镇的newdept人员');
  });
});

describe('route: the place must be in the town', () => {
  it('rejects a grid node of another town on the gridNodeId field', () => {
    const result = route(concern({ gridNodeId: 'n-o-town' }), dir([CENTRE]), DEFAULT_ROUTING_RULES);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.message).toBe('所选的地点不属于本镇，请重新选择');
    expect(result.error.details?.fields).toEqual([
      { field: 'gridNodeId', message: '所选的地点不属于本镇，请重新选择' },
    ]);
  });

  it('rejects an unknown grid node on the gridNodeId field', () => {
    const result = route(concern({ gridNodeId: 'nowhere' }), dir([CENTRE]), DEFAULT_ROUTING_RULES);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.details?.fields?.[0]?.field).toBe('gridNodeId');
  });

  it('stops climbing at a parent that belongs to another town', () => {
    const nodes: RoutingGridNode[] = [
      { _id: 'v', townId: TOWN, parentId: 'n-o-town', level: 'village', name: '错挂村' },
      ...NODES,
    ];
    const d = routed(concern({ gridNodeId: 'v' }), {
      nodes,
      staff: [staff('gw-other', ['grid_worker'], ['n-o-town']), CENTRE],
      openTaskCount: {},
    });
    expect(d.primary.assigneeId).toBe('centre-1');
  });
});

describe('explainRouting', () => {
  it('lists the lead, those told as well, what could not be assigned and the rules passed over', () => {
    const d = routed(
      concern({ topic: 'fire_safety', kind: 'dispute' }),
      dir([
        staff('gw-qj', ['grid_worker'], ['n-qj']),
        staff('xf-1', ['dept_officer'], [], { departmentCode: 'fire_station' }),
      ]),
    );
    expect(explainRouting(d)).toEqual([
      '主办：规则「涉消纠纷」→ 前街村的网格员',
      '同时告知：规则「涉消纠纷」同时告知→ 本镇的消防人员',
      '另有 3 条规则也适用，但优先级较低：concern.dispute、concern.fire-safety、concern.default',
    ]);
    const noted = routed(concern({ emergency: true }), dir([CENTRE]));
    expect(explainRouting(noted)).toContain(`未能分派：${noted.unassigned[0]?.detail ?? ''}`);
  });

  it('adds no "other rules" line when only one rule matched', () => {
    const d = routed(
      { subject: 'booking', townId: TOWN, gridNodeId: 'n-qj' },
      dir([staff('m', ['mediator'], ['n-qj'])]),
    );
    expect(explainRouting(d)).toEqual(['主办：规则「调解预约」→ 前街村的调解员']);
  });
});
