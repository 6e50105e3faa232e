import { CONCERN_KINDS } from '../concern/concern.kinds';
import type { RoutingRule } from './routing.rules';
import {
  ASSIGNMENT_SCOPE_LABELS,
  ASSIGNMENT_SCOPES,
  DEFAULT_ROUTING_RULES,
  parseRoutingRules,
} from './routing.rules';
import { DEPARTMENT_CODES, DEPARTMENT_LABELS } from '../grid/departments.catalog';
import { matchingRules } from './routing.resolver';
import { ROUTING_SUBJECTS } from './routing.types';

const valid: RoutingRule = {
  id: 'concern.default',
  name: '一般诉求',
  when: { subject: 'concern' },
  assign: { role: 'grid_worker', taskKind: 'handle_concern', scope: 'place' },
  priority: 0,
};

/** The field paths and messages of a failed parse. */
function problems(data: unknown): { field: string; message: string }[] {
  const result = parseRoutingRules(data);
  if (result.ok) throw new Error('expected the rules to be refused');
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return [...(result.error.details?.fields ?? [])];
}

describe('DEFAULT_ROUTING_RULES', () => {
  it('passes the schema an admin’s edits must pass', () => {
    const result = parseRoutingRules(DEFAULT_ROUTING_RULES);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toEqual(DEFAULT_ROUTING_RULES);
  });

  it('has a catch-all rule for every subject, so nothing reaches the centre for want of a rule', () => {
    for (const subject of ROUTING_SUBJECTS) {
      const bare = { subject, townId: 'xiaodian', gridNodeId: 'n' };
      expect(matchingRules(bare, DEFAULT_ROUTING_RULES).length).toBeGreaterThan(0);
    }
    for (const kind of CONCERN_KINDS) {
      const concern = { subject: 'concern' as const, townId: 'xiaodian', gridNodeId: 'n', kind };
      expect(matchingRules(concern, DEFAULT_ROUTING_RULES).length).toBeGreaterThan(0);
    }
  });

  it('sends clues to the prosecutor liaison with a verification task for the place', () => {
    const [clue] = matchingRules(
      { subject: 'clue', townId: 'xiaodian', gridNodeId: 'n' },
      DEFAULT_ROUTING_RULES,
    );
    expect(clue?.assign).toMatchObject({ role: 'prosecutor_liaison', taskKind: 'review_clue' });
    expect(clue?.also).toEqual([{ role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' }]);
  });
});

describe('departments and scopes', () => {
  it('labels every department and scope in Chinese', () => {
    for (const code of DEPARTMENT_CODES) expect(DEPARTMENT_LABELS[code]).toMatch(/\p{Script=Han}/u);
    for (const scope of ASSIGNMENT_SCOPES) {
      expect(ASSIGNMENT_SCOPE_LABELS[scope]).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('parseRoutingRules', () => {
  it('accepts an empty rule set (everything then goes to the centre)', () => {
    expect(parseRoutingRules([])).toEqual({ ok: true, value: [] });
  });

  it('refuses two rules with the same id, naming the second', () => {
    expect(problems([valid, { ...valid, name: '另一条' }])).toEqual([
      {
        field: '1.id',
        message: '第2项的规则编号：“concern.default”已被另一条规则使用，请换一个编号',
      },
    ]);
  });

  it('requires a department when a rule sends work to department staff', () => {
    const dept = { role: 'dept_officer', taskKind: 'handle_concern', scope: 'town' };
    expect(problems([{ ...valid, assign: dept }])).toEqual([
      { field: '0.assign.departmentCode', message: '主办的部门：转给部门人员时要选择是哪个部门' },
    ]);
    expect(problems([{ ...valid, also: [dept] }])).toEqual([
      {
        field: '0.also.0.departmentCode',
        message: '同时告知（第1项）的部门：转给部门人员时要选择是哪个部门',
      },
    ]);
  });

  it('refuses an unknown role, department, task kind or scope, and villagers as assignees', () => {
    const fields = problems([
      {
        ...valid,
        assign: { role: 'villager', departmentCode: 'nope', taskKind: 'dance', scope: 'county' },
      },
    ]);
    expect(fields).toEqual([
      { field: '0.assign.role', message: '主办的接收角色：请选择接收任务的人员角色' },
      { field: '0.assign.departmentCode', message: '主办的部门：请从列表中选择部门' },
      { field: '0.assign.taskKind', message: '主办的任务类型：请选择任务类型' },
      { field: '0.assign.scope', message: '主办的查找范围：请选择查找范围' },
    ]);
  });

  it('refuses kind or topic filters on clues and domain filters on concerns', () => {
    const fields = problems([
      { ...valid, id: 'a', when: { subject: 'clue', kinds: ['help'], topics: ['other'] } },
      { ...valid, id: 'b', when: { subject: 'concern', clueDomains: ['food_drug_safety'] } },
    ]);
    expect(fields).toEqual([
      { field: '0.when.kinds', message: '适用条件的诉求类别：只有群众诉求才能按类别或主题分派' },
      { field: '0.when.topics', message: '适用条件的诉求主题：只有群众诉求才能按类别或主题分派' },
      {
        field: '1.when.clueDomains',
        message: '适用条件的线索领域：只有公益诉讼线索才能按线索领域分派',
      },
    ]);
  });

  it('refuses an empty filter list, which would match nothing', () => {
    expect(problems([{ ...valid, when: { subject: 'concern', kinds: [] } }])).toEqual([
      { field: '0.when.kinds', message: '适用条件的诉求类别：至少选一项；不限的话请留空' },
    ]);
  });

  it('refuses a bad id, a blank name, a fractional priority and unknown keys', () => {
    const fields = problems([{ ...valid, id: 'Bad Id', name: '  ', priority: 1.5, extra: true }]);
    expect(fields).toEqual([
      { field: '0.id', message: '第1项的规则编号：只能用小写字母、数字、点、横线和下划线' },
      { field: '0.name', message: '第1项的规则名称：请填写此项' },
      { field: '0.priority', message: '第1项的优先级：要填整数' },
      { field: '0.extra', message: '第1项：包含无法识别的内容：extra' },
    ]);
  });

  it('caps the secondary assignments of one rule at five and the rule set at 200', () => {
    const also = Array.from({ length: 6 }, () => valid.assign);
    expect(problems([{ ...valid, also }])).toEqual([
      { field: '0.also', message: '第1项的同时告知：最多 5 项' },
    ]);
    const many = Array.from({ length: 201 }, (_, i) => ({ ...valid, id: `r${i}` }));
    expect(problems(many)).toEqual([{ field: '', message: '分派规则最多 200 条' }]);
  });
});
