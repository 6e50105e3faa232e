/**
 * Kinds of audit events (审计记录) the audit reader filters by: a kind is a set of actions, and
 * `changes` is every action that is none of the others (a record's state changed).
 */
export const AUDIT_KINDS = [
  'changes',
  'protected_reads',
  'pushes',
  'imports',
  'rule_changes',
  'sign_ins',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const AUDIT_KIND_LABELS: Readonly<Record<AuditKind, string>> = {
  changes: '业务变更',
  protected_reads: '查看敏感信息',
  pushes: '消息推送',
  imports: '名单导入',
  rule_changes: '规则修改',
  sign_ins: '账号开通与登录',
};

/** The actions of each kind but `changes`. */
const ACTIONS_OF: Readonly<Record<Exclude<AuditKind, 'changes'>, readonly string[]>> = {
  protected_reads: ['read_protected', 'read_audit', 'export_ledger'],
  pushes: ['push_sent'],
  imports: ['import'],
  rule_changes: ['set_rules'],
  sign_ins: ['sign_in', 'register', 'proxy_register', 'bind_staff', 'activate_staff'],
};

/** The kind an audit event's action belongs to. */
export function auditKindOf(action: string): AuditKind {
  for (const [kind, actions] of Object.entries(ACTIONS_OF)) {
    if (actions.includes(action)) return kind as AuditKind;
  }
  return 'changes';
}
