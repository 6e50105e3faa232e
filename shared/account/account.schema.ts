/**
 * Accounts (账号): villagers who register themselves or are registered by their grid worker
 * (代办 on behalf, for those without a phone), and staff who bind by an invitation code
 * (邀请码). Every villager's consent to the privacy notice (隐私告知) is recorded with the
 * notice's version, because what was agreed to must be provable later.
 */
import { z } from 'zod';
import type { Role } from '../kernel/roles';
import { ROLE_LABELS, ROLES, STAFF_ROLES } from '../kernel/roles';
import { DEPARTMENT_CODES, DEPARTMENT_LABELS } from '../grid/departments.catalog';
import { gridCodeSchema } from '../grid/grid.schema';
import type { CsvColumn } from '../validation/cells';
import { cellBoolean, cellEnum, cellList, cellOptional } from '../validation/cells';
import { isValidCode, normalizeCode } from '../validation/codes';
import { entityFields } from '../validation/entity';
import {
  contactPhoneSchema,
  emptyInputSchema,
  idSchema,
  instantSchema,
  mobilePhoneSchema,
  personNameSchema,
  text,
  townIdSchema,
} from '../validation/primitives';

export type StaffRole = Exclude<Role, 'villager' | 'system'>;
export const STAFF_ROLE_CODES = STAFF_ROLES as readonly StaffRole[] as [StaffRole, ...StaffRole[]];

/** A staff account's scope can be wide (a community officer covers dozens of lanes). */
export const MAX_GRID_NODES_PER_ACCOUNT = 200;

export const departmentIdSchema = z.enum(DEPARTMENT_CODES).meta({ label: '所在部门' });

const gridNodeIdsSchema = z
  .array(idSchema)
  .max(MAX_GRID_NODES_PER_ACCOUNT)
  .refine((ids) => new Set(ids).size === ids.length, { error: '同一个网格选了两次' })
  .meta({ label: '负责网格' });

const staffRolesSchema = z
  .array(z.enum(STAFF_ROLE_CODES).meta({ label: '角色' }))
  .min(1, { error: '请至少选择一个角色' })
  .max(STAFF_ROLE_CODES.length)
  .refine((roles) => new Set(roles).size === roles.length, { error: '同一个角色选了两次' })
  .meta({ label: '角色' });

/** A department officer (部门人员) must say which department they receive matters for. */
function requireDepartment(
  value: { roles: readonly string[]; departmentId?: string | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  if (value.roles.includes('dept_officer') && value.departmentId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['departmentId'], message: '部门人员请选择所在部门' });
  }
}

/** The privacy notice's version, e.g. `2025-03` or `v2.1`. */
export const noticeVersionSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: '隐私告知的版本号格式不对' })
  .meta({ label: '隐私告知版本' });

/** The stored record of a consent: which notice, when, and whether read aloud by staff (代办). */
export const privacyConsentSchema = z.object({
  noticeVersion: noticeVersionSchema,
  consentedAt: instantSchema.meta({ label: '同意时间' }),
  via: z.enum(['self', 'proxy']).meta({ label: '同意方式' }),
  /** The grid worker who read the notice to the villager, for consents given via proxy. */
  witnessedBy: idSchema.meta({ label: '见证人' }).optional(),
});
export type PrivacyConsent = z.infer<typeof privacyConsentSchema>;

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const accountSchema = z
  .object({
    ...entityFields,
    name: personNameSchema,
    /** Mobile the person logs in / is called back on; none for villagers registered by proxy. */
    phone: mobilePhoneSchema.optional(),
    /** Another way to reach them: a family member's mobile or a house landline. */
    contactPhone: contactPhoneSchema.optional(),
    roles: z
      .array(z.enum(ROLES))
      .min(1)
      .refine((roles) => new Set(roles).size === roles.length, { error: '同一个角色出现了两次' })
      .meta({ label: '角色' }),
    /** A villager: the one node they belong to. Staff: the nodes they are responsible for. */
    gridNodeIds: gridNodeIdsSchema,
    departmentId: departmentIdSchema.optional(),
    /** Household (户) for 一户一法德明白人; set when the grid worker links family members. */
    householdId: idSchema.meta({ label: '户' }).optional(),
    householdHeadName: personNameSchema.meta({ label: '户主姓名' }).optional(),
    address: text(100, '住址').optional(),
    privacyConsent: privacyConsentSchema.optional(),
    /** The grid worker who registered this villager on their behalf (代办). */
    registeredBy: idSchema.meta({ label: '代办人' }).optional(),
    /**
     * The phone is the administrator's word (roster import, 人员名单, or an invitation naming
     * it), not just typed at self-registration, which proves nothing. Only such an account may
     * be matched by phone when a roster is imported again.
     */
    phoneTrusted: z.boolean().default(false),
    /** WeChat OPENID bound to the account; identity data, never put in a reply. */
    wxOpenId: z.string().min(1).max(128).optional(),
    status: z.enum(ACCOUNT_STATUSES).default('active'),
    /** True when the account holds any role but villager; indexed, so staff lists are one query. */
    isStaff: z.boolean().default(false),
    sample: z.boolean().default(false),
  })
  .superRefine((account, ctx) => {
    if (account.isStaff !== account.roles.some((r) => r !== 'villager')) {
      ctx.addIssue({
        code: 'custom',
        path: ['isStaff'],
        message: '账号的工作人员标记与角色不一致',
      });
    }
    requireDepartment(account, ctx);
    if (account.roles.includes('villager') && account.privacyConsent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['privacyConsent'], message: '缺少隐私告知同意记录' });
    }
  });
export type Account = z.infer<typeof accountSchema>;

/** Invitation codes (邀请码): 7 random characters plus a check character, no 0/O/1/I. */
export const INVITATION_CODE_LENGTH = 8;

export const invitationCodeSchema = z
  .string()
  .overwrite(normalizeCode)
  .min(1)
  .refine((code) => isValidCode(code, INVITATION_CODE_LENGTH), {
    error: `邀请码是 ${INVITATION_CODE_LENGTH} 位字母和数字，请核对后重新输入`,
  })
  .meta({ label: '邀请码' });

/** A staff invitation (员工邀请): what the invited person becomes when they bind with the code. */
export const invitationSchema = z
  .object({
    ...entityFields,
    code: invitationCodeSchema,
    roles: staffRolesSchema,
    gridNodeIds: gridNodeIdsSchema,
    departmentId: departmentIdSchema.optional(),
    name: personNameSchema.optional(),
    phone: mobilePhoneSchema.optional(),
    issuedBy: idSchema.meta({ label: '发放人' }),
    expiresAt: instantSchema.meta({ label: '有效期' }),
    usedBy: idSchema.optional(),
    usedAt: instantSchema.optional(),
    revoked: z.boolean().default(false),
  })
  .superRefine(requireDepartment);
export type Invitation = z.infer<typeof invitationSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (account function).

/** `me`: who am I; no input. */
export const meInputSchema = emptyInputSchema;

/** `places`: the communities and villages of a town, public, for forms before sign-in. */
export const placesInputSchema = z.strictObject({ townId: townIdSchema.optional() });
export type PlacesInput = z.infer<typeof placesInputSchema>;

const consentGivenSchema = z.literal(true, { error: '请先阅读并勾选同意' });

/** `register`: a villager registers themselves. */
export const registerInputSchema = z.strictObject({
  name: personNameSchema,
  phone: mobilePhoneSchema,
  /** The node they live in, usually their natural village. */
  gridNodeId: idSchema.meta({ label: '所在村' }),
  householdHeadName: personNameSchema.meta({ label: '户主姓名' }).optional(),
  privacyConsent: z
    .strictObject({ agreed: consentGivenSchema, noticeVersion: noticeVersionSchema })
    .meta({ label: '隐私告知' }),
  /** Staff: the code their admin gave them (binds at once, or activates an imported account). */
  invitationCode: invitationCodeSchema.optional(),
});
export type RegisterInput = z.infer<typeof registerInputSchema>;

/** `bindStaff`: a staff member binds their login to the invitation they were given. */
export const bindStaffInputSchema = z.strictObject({ invitationCode: invitationCodeSchema });
export type BindStaffInput = z.infer<typeof bindStaffInputSchema>;

/**
 * `proxyRegister`: a grid worker registers a villager who has no phone (代办). No phone and
 * no ID card: the household head's name, the relation to them and the address identify the
 * person well enough in a village; a contact phone (a child's mobile, a landline) is optional.
 */
export const proxyRegisterInputSchema = z.strictObject({
  name: personNameSchema,
  gridNodeId: idSchema.meta({ label: '所在村' }),
  householdHeadName: personNameSchema.meta({ label: '户主姓名' }).optional(),
  relationToHead: text(10, '与户主关系').optional(),
  address: text(100, '住址').optional(),
  contactPhone: contactPhoneSchema.optional(),
  note: text(200, '备注').optional(),
  privacyConsent: z
    .strictObject({
      agreed: consentGivenSchema,
      noticeVersion: noticeVersionSchema,
      readAloud: z.literal(true, { error: '请确认已把隐私告知读给本人听，并征得本人同意' }),
    })
    .meta({ label: '隐私告知' }),
});
export type ProxyRegisterInput = z.infer<typeof proxyRegisterInputSchema>;

/** `upsertStaff` (admin): create a staff account (no `accountId`) or change one. */
export const upsertStaffInputSchema = z
  .strictObject({
    accountId: idSchema.meta({ label: '账号' }).optional(),
    name: personNameSchema,
    phone: mobilePhoneSchema,
    roles: staffRolesSchema,
    gridNodeIds: gridNodeIdsSchema,
    departmentId: departmentIdSchema.optional(),
    active: z.boolean().default(true).meta({ label: '是否启用' }),
  })
  .superRefine(requireDepartment);
export type UpsertStaffInput = z.infer<typeof upsertStaffInputSchema>;

/** `issueInvitation` (admin): a code for a new staff member, valid for a few days. */
export const issueInvitationInputSchema = z
  .strictObject({
    roles: staffRolesSchema,
    gridNodeIds: gridNodeIdsSchema,
    departmentId: departmentIdSchema.optional(),
    name: personNameSchema.optional(),
    phone: mobilePhoneSchema.optional(),
    validDays: z.number().int().min(1).max(30).default(7).meta({ label: '有效天数' }),
  })
  .superRefine(requireDepartment);
export type IssueInvitationInput = z.infer<typeof issueInvitationInputSchema>;

// ---------------------------------------------------------------------------------------
// Staff import (导入人员): one row per person; grid nodes by their roster codes.

export const staffImportRowSchema = z
  .strictObject({
    name: personNameSchema,
    phone: mobilePhoneSchema,
    roles: cellList(cellEnum(STAFF_ROLE_CODES, ROLE_LABELS), STAFF_ROLE_CODES.length)
      .refine((roles) => roles.length > 0, { error: '请至少填写一个角色' })
      .meta({ label: '角色' }),
    gridNodeCodes: cellList(gridCodeSchema, MAX_GRID_NODES_PER_ACCOUNT).meta({
      label: '负责网格编码',
    }),
    departmentId: cellOptional(cellEnum(DEPARTMENT_CODES, DEPARTMENT_LABELS)).meta({
      label: '所在部门',
    }),
    sample: cellBoolean(false).meta({ label: '示例数据' }),
  })
  .superRefine(requireDepartment);
export type StaffImportRow = z.infer<typeof staffImportRowSchema>;

/** Columns of the staff import file, headers in Chinese and English. */
export const STAFF_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'name', zh: '姓名', en: 'name', required: true, note: '' },
  { key: 'phone', zh: '手机号', en: 'phone', required: true, note: '11 位手机号' },
  {
    key: 'roles',
    zh: '角色',
    en: 'roles',
    required: true,
    note: '网格员、调解员、法律顾问、部门人员、检察联络员、检察官、指挥中心、县级管理人员、管理员；多个用顿号隔开',
  },
  {
    key: 'gridNodeCodes',
    zh: '负责网格编码',
    en: 'grid_codes',
    required: false,
    note: '网格导入表里的编码；多个用顿号隔开',
  },
  {
    key: 'departmentId',
    zh: '所在部门',
    en: 'department',
    required: false,
    note: '部门人员必填，例如 司法所、派出所',
  },
  { key: 'sample', zh: '示例数据', en: 'sample', required: false, note: '是 / 否' },
];
