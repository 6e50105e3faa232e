/**
 * Who uses the system (docs/domain.md §1). A person may hold several roles — in a village the
 * grid worker (网格员) is often also the mediator (调解员) — so an account carries a list.
 */

export const ROLES = [
  'villager', // 村民
  'grid_worker', // 网格员
  'mediator', // 调解员
  'legal_adviser', // 法律顾问
  'dept_officer', // 部门人员
  'prosecutor_liaison', // 检察联络员
  'prosecutor', // 检察官
  'center_operator', // 指挥中心 / 123镇长热线
  'county_officer', // 县级: reads across the towns of a county
  'admin', // 管理员
  'system', // timers and automatic routing; never a person
] as const;

export type Role = (typeof ROLES)[number];

/** Chinese name of each role, for screens and audit timelines. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  villager: '村民',
  grid_worker: '网格员',
  mediator: '调解员',
  legal_adviser: '法律顾问',
  dept_officer: '部门人员',
  prosecutor_liaison: '检察联络员',
  prosecutor: '检察官',
  center_operator: '指挥中心',
  county_officer: '县级管理人员',
  admin: '管理员',
  system: '系统',
};

/** Roles held by town staff (everyone but villagers and the system). */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'villager' && r !== 'system');

/**
 * The person (or timer) taking an action. `townId` scopes every read and write; a
 * county officer's `townId` is the county's own id and reads across its towns.
 */
export interface Actor {
  readonly accountId: string;
  readonly roles: readonly Role[];
  readonly townId: string;
}

/** The system actor used by timers and automatic routing. */
export function systemActor(townId: string): Actor {
  return { accountId: 'system', roles: ['system'], townId };
}
