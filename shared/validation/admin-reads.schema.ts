/**
 * Inputs of the admin console's reads (管理后台): the staff list, the rooms, the invitations
 * (and revoking one), the rule sets and the audit reader (审计记录查询). Every list is paged
 * (`cursor`, `limit`), so a screen shows "加载更多" instead of stopping at a fixed count.
 */
import { z } from 'zod';
import { STAFF_ROLE_CODES } from '../account/account.schema';
import { AUDIT_KINDS } from '../kernel/audit-kinds';
import { SUBJECT_TYPES } from '../kernel/audit';
import { RULE_SETS } from './admin.schema';
import { idSchema, pageFields, text } from './primitives';

/** `admin.listStaff`: the town's staff, optionally of one role, searched by name or phone. */
export const listStaffInputSchema = z.strictObject({
  role: z.enum(STAFF_ROLE_CODES).optional().meta({ label: '角色' }),
  /** Part of a name, or three or more digits of a phone number. */
  search: z.string().trim().max(20).optional().meta({ label: '搜索' }),
  ...pageFields,
});
export type ListStaffInput = z.infer<typeof listStaffInputSchema>;

/** `admin.listRooms`: the town's mediation rooms (调解室) with their weekly schedules. */
export const listRoomsInputSchema = z.strictObject({ ...pageFields });
export type ListRoomsInput = z.infer<typeof listRoomsInputSchema>;

export const INVITATION_STATES = ['open', 'used', 'expired', 'revoked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** `admin.listInvitations`: issued invitation codes (邀请码), newest first. */
export const listInvitationsInputSchema = z.strictObject({
  state: z.enum(INVITATION_STATES).optional().meta({ label: '状态' }),
  ...pageFields,
});
export type ListInvitationsInput = z.infer<typeof listInvitationsInputSchema>;

/** `admin.revokeInvitation`: an unused invitation can no longer be bound. */
export const revokeInvitationInputSchema = z.strictObject({
  invitationId: idSchema.meta({ label: '邀请码' }),
  note: text(200, '作废原因'),
});
export type RevokeInvitationInput = z.infer<typeof revokeInvitationInputSchema>;

/** `admin.getRules`: one rule set (or all of them) with its version, for the rule forms. */
export const getRulesInputSchema = z.strictObject({
  ruleSet: z.enum(RULE_SETS).optional().meta({ label: '规则' }),
});
export type GetRulesInput = z.infer<typeof getRulesInputSchema>;

/**
 * `admin.listAudit`: the town's audit trail, newest first, by subject (a record), by actor
 * (a person) or neither, optionally of one kind. A subject needs both its type and its id.
 */
export const listAuditInputSchema = z
  .strictObject({
    subjectType: z.enum(SUBJECT_TYPES).optional().meta({ label: '对象类型' }),
    subjectId: idSchema.meta({ label: '对象编号' }).optional(),
    actorId: idSchema.meta({ label: '操作人' }).optional(),
    kind: z.enum(AUDIT_KINDS).optional().meta({ label: '类别' }),
    ...pageFields,
  })
  .superRefine((input, ctx) => {
    if ((input.subjectType === undefined) !== (input.subjectId === undefined)) {
      const path = input.subjectType === undefined ? 'subjectType' : 'subjectId';
      ctx.addIssue({ code: 'custom', path: [path], message: '对象类型和对象编号要一起填' });
    }
    if (input.subjectId !== undefined && input.actorId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['actorId'],
        message: '按对象或按操作人查询，一次只能选一种',
      });
    }
  });
export type ListAuditInput = z.infer<typeof listAuditInputSchema>;
