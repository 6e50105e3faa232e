/**
 * Routing rules (分派规则) are data an admin can change (docs/domain.md §2 "Routing"): which kind of
 * submission goes to which role, in which department, as which task, searched from where.
 * The resolver (routing.resolver.ts) fires the highest-priority matching rule and walks the
 * grid from the place upwards; these rules never name a person, so a roster change never
 * needs a rule change.
 */
import { z } from 'zod';
import { CLUE_DOMAIN_CODES } from '../clue/clue.catalog';
import { CONCERN_KINDS, CONCERN_TOPICS } from '../concern/concern.kinds';
import { DEPARTMENT_CODES } from '../grid/departments.catalog';
import { ROLES } from '../kernel/roles';
import type { Result } from '../kernel/result';
import { TASK_KINDS } from '../task/task.status';
import { parseInput } from '../validation/parse';
import { ROUTING_SUBJECTS } from './routing.types';

/**
 * Where the resolver starts looking for the assignee:
 * - `place`: staff responsible for the submission's own grid node, then its ancestors;
 * - `community`: staff of the place's community (新村), then the town node;
 * - `town`: anyone in the town with the role (and department), wherever they sit — for
 *   departments, the prosecutor liaison and the centre, who serve the whole town.
 */
export const ASSIGNMENT_SCOPES = ['place', 'community', 'town'] as const;
export type AssignmentScope = (typeof ASSIGNMENT_SCOPES)[number];

/** Chinese name of each scope, for the admin's rule editor. */
export const ASSIGNMENT_SCOPE_LABELS: Readonly<Record<AssignmentScope, string>> = {
  place: '事发地网格（找不到再逐级上溯）',
  community: '所在新村（找不到再到镇）',
  town: '全镇',
};

/** Villagers and the system actor never receive tasks. */
const assigneeRoleSchema = z
  .enum(ROLES)
  .exclude(['villager', 'system'], { error: '请选择接收任务的人员角色' })
  .meta({ label: '接收角色' });

/** One assignment a rule makes: who (by role and department), what task, searched from where. */
export const ruleAssignmentSchema = z
  .strictObject({
    role: assigneeRoleSchema,
    departmentCode: z
      .enum(DEPARTMENT_CODES, { error: '请从列表中选择部门' })
      .optional()
      .meta({ label: '部门' }),
    taskKind: z.enum(TASK_KINDS, { error: '请选择任务类型' }).meta({ label: '任务类型' }),
    scope: z.enum(ASSIGNMENT_SCOPES, { error: '请选择查找范围' }).meta({ label: '查找范围' }),
  })
  .superRefine((assign, ctx) => {
    // Without a department, "部门人员" would mean any department's officer: surely a mistake.
    if (assign.role === 'dept_officer' && assign.departmentCode === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['departmentCode'],
        message: '转给部门人员时要选择是哪个部门',
      });
    }
  });
export type RuleAssignment = z.infer<typeof ruleAssignmentSchema>;

/** An optional filter list; an empty one would match nothing, so it must be left out instead. */
const listOf = <T extends z.ZodType>(item: T, label: string) =>
  z.array(item).min(1, { error: '至少选一项；不限的话请留空' }).max(50).optional().meta({ label });

/** When a rule applies. Each list given must contain the submission's value. */
export const ruleConditionSchema = z
  .strictObject({
    subject: z
      .enum(ROUTING_SUBJECTS, { error: '请选择适用于诉求、线索还是调解预约' })
      .meta({ label: '适用事项' }),
    kinds: listOf(z.enum(CONCERN_KINDS, { error: '请从列表中选择诉求类别' }), '诉求类别'),
    topics: listOf(z.enum(CONCERN_TOPICS, { error: '请从列表中选择诉求主题' }), '诉求主题'),
    clueDomains: listOf(z.enum(CLUE_DOMAIN_CODES, { error: '请从列表中选择线索领域' }), '线索领域'),
    emergency: z.boolean().optional().meta({ label: '是否紧急' }),
  })
  .superRefine((when, ctx) => {
    if (when.subject !== 'concern') {
      for (const field of ['kinds', 'topics'] as const) {
        if (when[field] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: '只有群众诉求才能按类别或主题分派',
          });
        }
      }
    }
    if (when.subject !== 'clue' && when.clueDomains !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clueDomains'],
        message: '只有公益诉讼线索才能按线索领域分派',
      });
    }
  });
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

/** Rule ids are stable codes (the reason on every task names them). */
const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** One routing rule. Higher `priority` wins; equal priorities are decided by `id`. */
export const routingRuleSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(RULE_ID_PATTERN, { error: '只能用小写字母、数字、点、横线和下划线' })
    .meta({ label: '规则编号' }),
  name: z.string().trim().min(1).max(30).meta({ label: '规则名称' }),
  when: ruleConditionSchema.meta({ label: '适用条件' }),
  assign: ruleAssignmentSchema.meta({ label: '主办' }),
  also: z
    .array(ruleAssignmentSchema)
    .max(5, { error: '最多 5 项' })
    .optional()
    .meta({ label: '同时告知' }),
  priority: z
    .number({ error: '要填数字' })
    .int({ error: '要填整数' })
    .min(-1000)
    .max(1000)
    .meta({ label: '优先级' }),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/** A town's whole rule set; ids must be unique because tasks cite them. */
export const routingRulesSchema = z
  .array(routingRuleSchema)
  .max(200, { error: '分派规则最多 200 条' })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `“${rule.id}”已被另一条规则使用，请换一个编号`,
        });
      }
      seen.add(rule.id);
    });
  });

/** Validates a rule set an admin saved (or a stored one read back) before routing uses it. */
export function parseRoutingRules(data: unknown): Result<RoutingRule[]> {
  return parseInput(routingRulesSchema, data);
}

/**
 * Xiaodian's starting rules. Priorities: 0 the catch-all per subject, 10 topic rules that
 * name a specialist, 20 topic rules that bring in a department, 30–40 disputes, 100+
 * emergencies.
 *
 * Disputes (矛盾纠纷) go to the grid worker of the place, not to a mediator: in Xiaodian the
 * village grid worker is the village mediator (网格服务员（调解员）), the first rung of the
 * ladder (自然村调解小组 → 新村调委会 → 镇调委会 → 司法所 → 法庭), and mediation is voluntary
 * (人民调解法), so a formal `mediate` task waits until the parties book a room (a `booking`,
 * routed to the room's mediator). Land or family disputes therefore start in the village
 * too; only fire-safety disputes also bring in 消防, whose 涉消调委会 sits at the fire station.
 */
export const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = [
  {
    id: 'concern.default',
    name: '一般诉求',
    when: { subject: 'concern' },
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    priority: 0,
  },
  {
    id: 'concern.legal-service',
    name: '法律服务',
    when: { subject: 'concern', topics: ['legal_service'] },
    // Ten legal advisers (法律顾问) each cover villages; one is found from the place upwards.
    assign: { role: 'legal_adviser', taskKind: 'handle_concern', scope: 'place' },
    priority: 10,
  },
  {
    id: 'concern.fire-safety',
    name: '消防类诉求',
    when: { subject: 'concern', topics: ['fire_safety'] },
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    also: [
      {
        role: 'dept_officer',
        departmentCode: 'fire_station',
        taskKind: 'handle_concern',
        scope: 'town',
      },
    ],
    priority: 20,
  },
  {
    id: 'concern.land',
    name: '自然资源和规划',
    when: { subject: 'concern', topics: ['land_resources'] },
    assign: {
      role: 'dept_officer',
      departmentCode: 'natural_resources',
      taskKind: 'handle_concern',
      scope: 'town',
    },
    priority: 20,
  },
  {
    id: 'concern.traffic',
    name: '交通类诉求',
    when: { subject: 'concern', topics: ['traffic'] },
    assign: {
      role: 'dept_officer',
      departmentCode: 'traffic_police',
      taskKind: 'handle_concern',
      scope: 'town',
    },
    priority: 20,
  },
  {
    id: 'concern.sanitation',
    name: '环境卫生',
    when: { subject: 'concern', topics: ['sanitation'] },
    assign: {
      role: 'dept_officer',
      departmentCode: 'sanitation',
      taskKind: 'handle_concern',
      scope: 'town',
    },
    priority: 20,
  },
  {
    id: 'concern.civil-affairs',
    name: '民政类诉求',
    when: { subject: 'concern', topics: ['civil_affairs'] },
    assign: {
      role: 'dept_officer',
      departmentCode: 'civil_affairs',
      taskKind: 'handle_concern',
      scope: 'town',
    },
    priority: 20,
  },
  {
    id: 'concern.social-security',
    name: '社会保障',
    when: { subject: 'concern', topics: ['social_security'] },
    assign: {
      role: 'dept_officer',
      departmentCode: 'human_resources',
      taskKind: 'handle_concern',
      scope: 'town',
    },
    priority: 20,
  },
  {
    id: 'concern.dispute',
    name: '矛盾纠纷',
    when: { subject: 'concern', kinds: ['dispute'] },
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    priority: 30,
  },
  {
    id: 'concern.dispute-fire',
    name: '涉消纠纷',
    when: { subject: 'concern', kinds: ['dispute'], topics: ['fire_safety'] },
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    also: [
      {
        role: 'dept_officer',
        departmentCode: 'fire_station',
        taskKind: 'handle_concern',
        scope: 'town',
      },
    ],
    priority: 40,
  },
  {
    id: 'concern.emergency',
    name: '紧急诉求',
    when: { subject: 'concern', emergency: true },
    // The grid worker is nearest and goes at once; the centre watches it (督办 supervision).
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    also: [
      { role: 'center_operator', taskKind: 'supervise', scope: 'town' },
      {
        role: 'dept_officer',
        departmentCode: 'emergency_office',
        taskKind: 'handle_concern',
        scope: 'town',
      },
    ],
    priority: 100,
  },
  {
    id: 'concern.emergency-fire',
    name: '紧急消防险情',
    when: { subject: 'concern', emergency: true, topics: ['fire_safety'] },
    assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
    also: [
      { role: 'center_operator', taskKind: 'supervise', scope: 'town' },
      {
        role: 'dept_officer',
        departmentCode: 'fire_station',
        taskKind: 'handle_concern',
        scope: 'town',
      },
      {
        role: 'dept_officer',
        departmentCode: 'emergency_office',
        taskKind: 'handle_concern',
        scope: 'town',
      },
    ],
    priority: 110,
  },
  {
    id: 'clue.default',
    name: '公益诉讼线索',
    when: { subject: 'clue' },
    // The town's liaison reviews; the grid worker of the place verifies on the spot (核实),
    // the grid's "千里眼、顺风耳".
    assign: { role: 'prosecutor_liaison', taskKind: 'review_clue', scope: 'town' },
    also: [{ role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' }],
    priority: 0,
  },
  {
    id: 'booking.default',
    name: '调解预约',
    when: { subject: 'booking' },
    // A booking's place is where the room sits, so this finds the room's own mediator first.
    assign: { role: 'mediator', taskKind: 'mediate', scope: 'place' },
    priority: 0,
  },
];
