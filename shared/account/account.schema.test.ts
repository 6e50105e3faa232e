import type { Result } from '../kernel/result';
import { makeCode } from '../validation/codes';
import { parseInput } from '../validation/parse';
import {
  accountSchema,
  bindStaffInputSchema,
  INVITATION_CODE_LENGTH,
  invitationSchema,
  issueInvitationInputSchema,
  meInputSchema,
  proxyRegisterInputSchema,
  registerInputSchema,
  STAFF_CSV_COLUMNS,
  staffImportRowSchema,
  upsertStaffInputSchema,
} from './account.schema';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

const stored = {
  townId: 'xiaodian',
  createdAt: '2025-03-08T09:00:00+08:00',
  updatedAt: '2025-03-08T09:00:00+08:00',
  _version: 0,
};
const consent = { noticeVersion: '2025-03', consentedAt: '2025-03-08T09:00:00+08:00', via: 'self' };
const villager = {
  ...stored,
  _id: 'acc-1',
  name: '张三',
  phone: '13812345678',
  roles: ['villager'],
  gridNodeIds: ['v-1'],
  privacyConsent: consent,
};
let seed = 0;
const code = () => makeCode(INVITATION_CODE_LENGTH, (max) => (seed++ * 7) % max);

describe('accounts', () => {
  test('a villager account parses, with its consent record', () => {
    const result = parseInput(accountSchema, villager);
    expect(result.ok && result.value).toMatchObject({
      status: 'active',
      sample: false,
      privacyConsent: consent,
    });
  });

  test('a villager without a recorded consent is refused', () => {
    const { privacyConsent: _c, ...bare } = villager;
    expect(fields(parseInput(accountSchema, bare))).toEqual([
      { field: 'privacyConsent', message: '缺少隐私告知同意记录' },
    ]);
  });

  test('a department officer must name the department', () => {
    const officer = {
      ...villager,
      roles: ['dept_officer'],
      isStaff: true,
      privacyConsent: undefined,
    };
    expect(fields(parseInput(accountSchema, officer))).toEqual([
      { field: 'departmentId', message: '所在部门：部门人员请选择所在部门' },
    ]);
    expect(parseInput(accountSchema, { ...officer, departmentId: 'police_station' }).ok).toBe(true);
  });

  test('roles come from the kernel list, without repeats', () => {
    expect(fields(parseInput(accountSchema, { ...villager, roles: ['mayor'] }))[0]?.field).toBe(
      'roles.0',
    );
    expect(
      fields(parseInput(accountSchema, { ...villager, roles: ['villager', 'villager'] })),
    ).toEqual([{ field: 'roles', message: '角色：同一个角色出现了两次' }]);
  });

  test('a proxy-registered villager needs no mobile phone', () => {
    const { phone: _p, ...noPhone } = villager;
    const proxied = {
      ...noPhone,
      registeredBy: 'gw-1',
      contactPhone: '0633-6123456',
      privacyConsent: { ...consent, via: 'proxy', witnessedBy: 'gw-1' },
    };
    expect(parseInput(accountSchema, proxied).ok).toBe(true);
  });
});

describe('register', () => {
  const input = {
    name: '张三',
    phone: '138 1234 5678',
    gridNodeId: 'v-1',
    privacyConsent: { agreed: true, noticeVersion: '2025-03' },
  };

  test('a villager registers with name, phone, village and consent', () => {
    const result = parseInput(registerInputSchema, input);
    expect(result.ok && result.value.phone).toBe('13812345678');
  });

  test('without ticking the consent box registration fails, naming the notice', () => {
    const result = parseInput(registerInputSchema, {
      ...input,
      privacyConsent: { agreed: false, noticeVersion: '2025-03' },
    });
    expect(fields(result)).toEqual([
      { field: 'privacyConsent.agreed', message: '隐私告知：请先阅读并勾选同意' },
    ]);
  });

  test('each missing field is named in Chinese', () => {
    expect(fields(parseInput(registerInputSchema, {}))).toEqual([
      { field: 'name', message: '姓名：请填写此项' },
      { field: 'phone', message: '手机号：请填写此项' },
      { field: 'gridNodeId', message: '所在村：请填写此项' },
      { field: 'privacyConsent', message: '隐私告知：请填写此项' },
    ]);
  });

  test('the notice version must be given', () => {
    expect(
      fields(parseInput(registerInputSchema, { ...input, privacyConsent: { agreed: true } })),
    ).toEqual([{ field: 'privacyConsent.noticeVersion', message: '隐私告知版本：请填写此项' }]);
  });
});

describe('proxyRegister (代办)', () => {
  const input = {
    name: '王奶奶',
    gridNodeId: 'v-1',
    householdHeadName: '王大山',
    relationToHead: '母亲',
    privacyConsent: { agreed: true, noticeVersion: '2025-03', readAloud: true },
  };

  test('a grid worker registers a villager with no phone and no ID card', () => {
    expect(parseInput(proxyRegisterInputSchema, input).ok).toBe(true);
  });

  test('the worker must confirm they read the notice aloud', () => {
    const result = parseInput(proxyRegisterInputSchema, {
      ...input,
      privacyConsent: { agreed: true, noticeVersion: 'v1' },
    });
    expect(fields(result)).toEqual([
      {
        field: 'privacyConsent.readAloud',
        message: '隐私告知：请确认已把隐私告知读给本人听，并征得本人同意',
      },
    ]);
  });

  test('a contact phone, when given, may be a landline', () => {
    const result = parseInput(proxyRegisterInputSchema, { ...input, contactPhone: '0633 6123456' });
    expect(result.ok && result.value.contactPhone).toBe('0633-6123456');
  });
});

describe('staff', () => {
  test('bindStaff normalizes the invitation code and checks it', () => {
    const c = code();
    const typed = `${c.slice(0, 4).toLowerCase()}-${c.slice(4)}`;
    expect(parseInput(bindStaffInputSchema, { invitationCode: typed })).toEqual({
      ok: true,
      value: { invitationCode: c },
    });
    const typo = `${c.slice(0, 7)}${c.endsWith('2') ? '3' : '2'}`;
    expect(fields(parseInput(bindStaffInputSchema, { invitationCode: typo }))).toEqual([
      { field: 'invitationCode', message: '邀请码是 8 位字母和数字，请核对后重新输入' },
    ]);
  });

  test('upsertStaff: staff roles only, a department for officers', () => {
    const base = {
      name: '李网格',
      phone: '13912345678',
      roles: ['grid_worker'],
      gridNodeIds: ['v-1'],
    };
    expect(parseInput(upsertStaffInputSchema, base)).toMatchObject({
      ok: true,
      value: { active: true },
    });
    expect(fields(parseInput(upsertStaffInputSchema, { ...base, roles: ['villager'] }))[0]).toEqual(
      {
        field: 'roles.0',
        message: '角色（第1项）：请选择一项',
      },
    );
    expect(fields(parseInput(upsertStaffInputSchema, { ...base, roles: [] }))[0]).toEqual({
      field: 'roles',
      message: '角色：请至少选择一个角色',
    });
    expect(
      fields(parseInput(upsertStaffInputSchema, { ...base, roles: ['dept_officer'] }))[0]?.field,
    ).toBe('departmentId');
    expect(
      fields(parseInput(upsertStaffInputSchema, { ...base, gridNodeIds: ['v-1', 'v-1'] }))[0],
    ).toEqual({
      field: 'gridNodeIds',
      message: '负责网格：同一个网格选了两次',
    });
  });

  test('issueInvitation: valid 7 days by default, at most 30', () => {
    const base = { roles: ['mediator'], gridNodeIds: ['c-1'] };
    expect(parseInput(issueInvitationInputSchema, base)).toMatchObject({
      ok: true,
      value: { validDays: 7 },
    });
    expect(fields(parseInput(issueInvitationInputSchema, { ...base, validDays: 31 }))).toEqual([
      { field: 'validDays', message: '有效天数：不能大于 30' },
    ]);
  });

  test('a stored invitation carries its code, issuer and expiry', () => {
    const invitation = {
      ...stored,
      _id: 'inv-1',
      code: code(),
      roles: ['dept_officer'],
      gridNodeIds: [],
      departmentId: 'petition_office',
      issuedBy: 'admin-1',
      expiresAt: '2025-03-15T23:59:59+08:00',
    };
    expect(parseInput(invitationSchema, invitation)).toMatchObject({
      ok: true,
      value: { revoked: false },
    });
    expect(
      fields(parseInput(invitationSchema, { ...invitation, departmentId: undefined }))[0]?.field,
    ).toBe('departmentId');
  });

  test('me takes no input', () => {
    expect(parseInput(meInputSchema, undefined).ok).toBe(true);
    expect(parseInput(meInputSchema, { who: 'x' }).ok).toBe(false);
  });
});

describe('staff import rows', () => {
  test('roles and departments may be typed in Chinese, lists in one cell', () => {
    const result = parseInput(staffImportRowSchema, {
      name: '赵调解',
      phone: '13712345678',
      roles: '调解员、法律顾问',
      gridNodeCodes: 'XD-03、XD-03-12',
      departmentId: '',
      sample: '是',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: '赵调解',
        phone: '13712345678',
        roles: ['mediator', 'legal_adviser'],
        gridNodeCodes: ['XD-03', 'XD-03-12'],
        sample: true,
      },
    });
  });

  test('a row without roles, or an officer without a department, is named', () => {
    expect(
      fields(parseInput(staffImportRowSchema, { name: '钱', phone: '13712345678', roles: '' })),
    ).toEqual([{ field: 'roles', message: '角色：请至少填写一个角色' }]);
    expect(
      fields(
        parseInput(staffImportRowSchema, {
          name: '钱',
          phone: '13712345678',
          roles: '部门人员',
          departmentId: '',
        }),
      ),
    ).toEqual([{ field: 'departmentId', message: '所在部门：部门人员请选择所在部门' }]);
    expect(
      parseInput(staffImportRowSchema, {
        name: '钱',
        phone: '13712345678',
        roles: '部门人员',
        departmentId: '信访办',
      }),
    ).toMatchObject({ ok: true, value: { departmentId: 'petition_office' } });
  });

  test('the CSV columns cover exactly the row fields', () => {
    expect(STAFF_CSV_COLUMNS.map((c) => c.key).sort()).toEqual(
      Object.keys(staffImportRowSchema.shape).sort(),
    );
  });
});
