/**
 * Replies of the admin console's reads (管理后台), built field by field: a staff member's
 * phone is masked (the admin calls through the directory, not from this list), an invitation
 * never shows its code again (only `issueInvitation` does, once), and an audit event shows the
 * note only where it holds no case contents.
 */
import type { Account, Invitation } from '../../shared/account/account.schema';
import type { DepartmentCode } from '../../shared/grid/departments.catalog';
import type { AuditEvent, SubjectType } from '../../shared/kernel/audit';
import type { AuditKind } from '../../shared/kernel/audit-kinds';
import { AUDIT_KIND_LABELS, auditKindOf } from '../../shared/kernel/audit-kinds';
import { ROLE_LABELS } from '../../shared/kernel/roles';
import type { Role } from '../../shared/kernel/roles';
import type { RuleSet } from '../../shared/validation/admin.schema';
import type { InvitationState } from '../../shared/validation/admin-reads.schema';
import { maskPhone } from '../../shared/validation/primitives';
import { instantMs } from '../../shared/calendar/china-time';
import { DEPARTMENT_LABELS } from '../../shared/grid/departments.catalog';

/** A code with its Chinese name. */
export interface LabelledCode<C extends string = string> {
  readonly code: C;
  readonly label: string;
}

function roleLabels(roles: readonly Role[]): LabelledCode<Role>[] {
  return roles.map((code) => ({ code, label: ROLE_LABELS[code] }));
}

function departmentView(code: DepartmentCode | undefined): LabelledCode<DepartmentCode> | null {
  return code === undefined ? null : { code, label: DEPARTMENT_LABELS[code] };
}

/** A place named by id and name. */
export interface NamedNode {
  readonly id: string;
  readonly name: string;
}

/** A staff member in the admin's list. */
export interface StaffListItem {
  readonly accountId: string;
  readonly name: string;
  /** Masked (`138****5678`); null when the account has no phone. */
  readonly phone: string | null;
  readonly roles: readonly LabelledCode<Role>[];
  readonly gridNodes: readonly NamedNode[];
  readonly department: LabelledCode<DepartmentCode> | null;
  readonly active: boolean;
}

export function staffListItem(account: Account, names: ReadonlyMap<string, string>): StaffListItem {
  return {
    accountId: account._id,
    name: account.name,
    phone: account.phone === undefined ? null : maskPhone(account.phone),
    roles: roleLabels(account.roles.filter((r) => r !== 'villager')),
    gridNodes: account.gridNodeIds.map((id) => ({ id, name: names.get(id) ?? '（已删除的网格）' })),
    department: departmentView(account.departmentId),
    active: account.status === 'active',
  };
}

const INVITATION_STATE_LABELS: Readonly<Record<InvitationState, string>> = {
  open: '待绑定',
  used: '已绑定',
  expired: '已过期',
  revoked: '已作废',
};

/** Where an invitation stands at `nowIso`. */
export function invitationState(invitation: Invitation, nowIso: string): InvitationState {
  if (invitation.usedBy !== undefined) return 'used';
  if (invitation.revoked) return 'revoked';
  return instantMs(invitation.expiresAt) < instantMs(nowIso) ? 'expired' : 'open';
}

/** An issued invitation in the admin's list; the code itself is never shown again. */
export interface InvitationListItem {
  readonly invitationId: string;
  readonly state: LabelledCode<InvitationState>;
  readonly roles: readonly LabelledCode<Role>[];
  readonly gridNodes: readonly NamedNode[];
  readonly department: LabelledCode<DepartmentCode> | null;
  /** Who it is meant for, as the admin wrote it; the phone masked. */
  readonly name: string | null;
  readonly phone: string | null;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly expiresAt: string;
  /** Who bound it, and when. */
  readonly usedBy: { readonly accountId: string; readonly name: string } | null;
  readonly usedAt: string | null;
}

export function invitationListItem(
  invitation: Invitation,
  nowIso: string,
  people: ReadonlyMap<string, string>,
  nodes: ReadonlyMap<string, string>,
): InvitationListItem {
  const state = invitationState(invitation, nowIso);
  return {
    invitationId: invitation._id,
    state: { code: state, label: INVITATION_STATE_LABELS[state] },
    roles: roleLabels(invitation.roles),
    gridNodes: invitation.gridNodeIds.map((id) => ({
      id,
      name: nodes.get(id) ?? '（已删除的网格）',
    })),
    department: departmentView(invitation.departmentId),
    name: invitation.name ?? null,
    phone: invitation.phone === undefined ? null : maskPhone(invitation.phone),
    issuedAt: invitation.createdAt,
    issuedBy: people.get(invitation.issuedBy) ?? '系统',
    expiresAt: invitation.expiresAt,
    usedBy:
      invitation.usedBy === undefined
        ? null
        : { accountId: invitation.usedBy, name: people.get(invitation.usedBy) ?? '（未知）' },
    usedAt: invitation.usedAt ?? null,
  };
}

/** One rule set as the rule forms read it: the town's own body, or the defaults. */
export interface RuleSetView {
  readonly ruleSet: LabelledCode<RuleSet>;
  /** 0 while the town uses the built-in defaults; send it back as `expectedVersion`. */
  readonly version: number;
  readonly custom: boolean;
  readonly body: unknown;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** Subjects whose audit notes may hold case contents (a handler's words, a reporter's name). */
const CASE_SUBJECTS: ReadonlySet<SubjectType> = new Set(['concern', 'clue', 'booking', 'task']);

const SUBJECT_LABELS: Readonly<Record<SubjectType, string>> = {
  concern: '说事',
  booking: '调解预约',
  clue: '公益诉讼线索',
  task: '任务',
  account: '账号',
  room: '调解室',
  article: '普法文章',
  lecture: '法德讲堂',
  grid: '网格',
  rules: '规则',
  push: '消息推送',
  audit: '审计记录',
};

/** What an action is called in the audit reader; an unnamed one shows its code. */
const ACTION_LABELS: Readonly<Record<string, string>> = {
  submit: '提交',
  assign: '分派',
  accept: '受理',
  start: '开始办理',
  resolve: '办结',
  transfer: '转交',
  reject: '不予受理',
  requestExtension: '延长期限',
  escalate: '督办',
  supervise: '督办',
  join: '也遇到了',
  leave: '不再关注',
  archive: '归档',
  book: '预约调解',
  assign_mediators: '指定调解员',
  read_protected: '查看完整电话',
  read_audit: '查看审计记录',
  export_ledger: '导出台账',
  push_sent: '发送消息',
  import: '导入名单',
  set_rules: '修改规则',
  register: '注册',
  proxy_register: '代办登记',
  bind_staff: '绑定工作人员',
  activate_staff: '激活工作人员',
  sign_in: '登录',
  issue_invitation: '发放邀请码',
  revoke_invitation: '作废邀请码',
  create_staff: '新增工作人员',
  update_staff: '修改工作人员',
  sign_up: '报名讲堂',
  cancel_sign_up: '取消报名',
  mingbairen_achieved: '成为法德明白人',
  route_unassigned: '无人可派',
};

/** An audit event in the audit reader. */
export interface AuditListItem {
  readonly eventId: string;
  readonly at: string;
  readonly kind: LabelledCode<AuditKind>;
  readonly subject: { readonly type: LabelledCode<SubjectType>; readonly id: string };
  /** A villager acting on a case reads as 村民 with no id. */
  readonly actor: {
    readonly accountId: string | null;
    readonly name: string;
    readonly role: LabelledCode<Role>;
  };
  readonly action: string;
  /** The action in Chinese (its code when it has no name yet). */
  readonly actionLabel: string;
  readonly from: string | null;
  readonly to: string | null;
  /** The event's note; null for a case record's event (its words stay on the case). */
  readonly note: string | null;
}

/** Whether an event's actor is a villager acting on a case, whom the reader does not name. */
export function hidesActor(event: AuditEvent): boolean {
  return CASE_SUBJECTS.has(event.subjectType) && event.actorRole === 'villager';
}

export function auditListItem(
  event: AuditEvent,
  people: ReadonlyMap<string, string>,
): AuditListItem {
  const kind = auditKindOf(event.action);
  const hidden = hidesActor(event);
  const actorName = hidden
    ? '村民'
    : event.actorRole === 'system'
      ? '系统'
      : (people.get(event.actorId) ?? '（其他镇或已删除）');
  return {
    eventId: event._id,
    at: event.at,
    kind: { code: kind, label: AUDIT_KIND_LABELS[kind] },
    subject: {
      type: { code: event.subjectType, label: SUBJECT_LABELS[event.subjectType] },
      id: event.subjectId,
    },
    actor: {
      accountId: hidden ? null : event.actorId,
      name: actorName,
      role: { code: event.actorRole, label: ROLE_LABELS[event.actorRole] },
    },
    action: event.action,
    actionLabel: ACTION_LABELS[event.action] ?? event.action,
    from: event.from,
    to: event.to,
    note: CASE_SUBJECTS.has(event.subjectType) ? null : (event.note ?? null),
  };
}
