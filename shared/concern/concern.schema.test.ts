import type { Result } from '../kernel/result';
import { parseInput } from '../validation/parse';
import {
  concernRefInputSchema,
  concernSchema,
  listAssignedConcernsInputSchema,
  listMyConcernsInputSchema,
  rateConcernInputSchema,
  rejectConcernInputSchema,
  REOPENING_RATINGS,
  requestExtensionInputSchema,
  resolveConcernInputSchema,
  submitConcernInputSchema,
  superviseConcernInputSchema,
  transferConcernInputSchema,
} from './concern.schema';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
  return result.error.details?.fields ?? [];
}

const submit = {
  kind: 'help',
  text: '村东头的路灯坏了一个星期了',
  place: { gridNodeId: 'v-1', text: '村东头大槐树下', coordinates: { lat: 35.58, lng: 118.83 } },
};

describe('submit', () => {
  test('a villager raises a concern; defaults fill the rest', () => {
    expect(parseInput(submitConcernInputSchema, submit)).toEqual({
      ok: true,
      value: { ...submit, topic: 'other', photos: [], emergency: false, confidential: false },
    });
  });

  test('a grid worker files on behalf of a named villager (代办)', () => {
    const result = parseInput(submitConcernInputSchema, {
      ...submit,
      onBehalfOf: { villagerName: '王奶奶', villagerPhone: '0633-6123456' },
    });
    expect(result.ok && result.value.onBehalfOf).toEqual({
      villagerName: '王奶奶',
      villagerPhone: '0633-6123456',
    });
    expect(fields(parseInput(submitConcernInputSchema, { ...submit, onBehalfOf: {} }))).toEqual([
      { field: 'onBehalfOf.villagerName', message: '代办的村民姓名：请填写此项' },
    ]);
  });

  test('the filer is the caller: onBehalfOf.filedBy cannot be sent', () => {
    const result = parseInput(submitConcernInputSchema, {
      ...submit,
      onBehalfOf: { villagerName: '王奶奶', filedBy: 'someone-else' },
    });
    expect(fields(result)[0]?.field).toBe('onBehalfOf.filedBy');
  });

  test('concerns are never anonymous: the field is refused, not ignored', () => {
    expect(fields(parseInput(submitConcernInputSchema, { ...submit, anonymous: true }))).toEqual([
      { field: 'anonymous', message: '包含无法识别的内容：anonymous' },
    ]);
  });

  test('too little text, an unknown kind, a place outside China, ten photos', () => {
    const result = parseInput(submitConcernInputSchema, {
      kind: 'gossip',
      text: '灯坏',
      photos: Array.from({ length: 10 }, (_, i) => `cloud://p${i}`),
      place: { gridNodeId: 'v-1', coordinates: { lat: 0, lng: 118 } },
    });
    expect(fields(result)).toEqual([
      { field: 'kind', message: '类别：请选择一项' },
      { field: 'text', message: '说事内容：请多写几句，至少 5 个字' },
      { field: 'photos', message: '照片：最多 9 张' },
      { field: 'place.coordinates.lat', message: '地图位置的纬度：位置不在中国境内，请重新定位' },
    ]);
  });

  test('the place needs its grid node', () => {
    expect(
      fields(parseInput(submitConcernInputSchema, { ...submit, place: { text: '村口' } })),
    ).toEqual([{ field: 'place.gridNodeId', message: '地点的所在村或网格：请填写此项' }]);
  });
});

describe('staff actions', () => {
  test('listAssigned filters by status, kind, village and overdue, paged', () => {
    const result = parseInput(listAssignedConcernsInputSchema, {
      status: 'accepted',
      kind: 'complaint',
      gridNodeId: 'v-1',
      overdue: true,
    });
    expect(result).toEqual({
      ok: true,
      value: { status: 'accepted', kind: 'complaint', gridNodeId: 'v-1', overdue: true, limit: 20 },
    });
    expect(
      fields(parseInput(listAssignedConcernsInputSchema, { status: 'lost', limit: 500 })),
    ).toEqual([
      { field: 'status', message: '状态：请选择一项' },
      { field: 'limit', message: '每页条数：不能大于 100' },
    ]);
    expect(parseInput(listMyConcernsInputSchema, {}).ok).toBe(true);
  });

  test('get / accept / start take the concern id', () => {
    expect(parseInput(concernRefInputSchema, { concernId: 'c-1' }).ok).toBe(true);
    expect(fields(parseInput(concernRefInputSchema, {}))).toEqual([
      { field: 'concernId', message: '说事编号：请填写此项' },
    ]);
  });

  test('resolve needs a note the villager can read', () => {
    expect(parseInput(resolveConcernInputSchema, { concernId: 'c-1', note: '已更换灯泡' })).toEqual(
      {
        ok: true,
        value: { concernId: 'c-1', note: '已更换灯泡', photos: [] },
      },
    );
    expect(fields(parseInput(resolveConcernInputSchema, { concernId: 'c-1', note: '  ' }))).toEqual(
      [{ field: 'note', message: '办理结果：请填写此项' }],
    );
  });

  test('transfer: each target asks for what it needs', () => {
    const base = { concernId: 'c-1', note: '属于派出所职责' };
    expect(
      parseInput(transferConcernInputSchema, {
        ...base,
        target: { to: 'department', departmentId: 'police_station' },
      }).ok,
    ).toBe(true);
    expect(
      parseInput(transferConcernInputSchema, {
        ...base,
        target: { to: 'mediation', disputeType: 'neighbour' },
      }).ok,
    ).toBe(true);
    expect(parseInput(transferConcernInputSchema, { ...base, target: { to: 'petition' } }).ok).toBe(
      true,
    );
    expect(
      parseInput(transferConcernInputSchema, {
        ...base,
        target: { to: 'clue', domain: 'ecology_resources' },
      }).ok,
    ).toBe(true);
    expect(
      fields(parseInput(transferConcernInputSchema, { ...base, target: { to: 'department' } })),
    ).toEqual([{ field: 'target.departmentId', message: '转办去向的部门：请选择一项' }]);
    expect(
      fields(
        parseInput(transferConcernInputSchema, {
          ...base,
          target: { to: 'mediation', disputeType: 'x' },
        }),
      ),
    ).toEqual([{ field: 'target.disputeType', message: '转办去向的纠纷类型：请选择一项' }]);
    expect(
      fields(parseInput(transferConcernInputSchema, { ...base, target: { to: 'moon' } })),
    ).toEqual([{ field: 'target.to', message: '转办去向：请选择转给哪里' }]);
    expect(
      fields(
        parseInput(transferConcernInputSchema, { concernId: 'c-1', target: { to: 'petition' } }),
      ),
    ).toEqual([{ field: 'note', message: '转办说明：请填写此项' }]);
  });

  test('reject needs a reason; a duplicate names the one it repeats', () => {
    const base = {
      concernId: 'c-2',
      reasonCode: 'out_of_jurisdiction',
      reason: '该路段属于邻镇管辖',
    };
    expect(parseInput(rejectConcernInputSchema, base).ok).toBe(true);
    expect(fields(parseInput(rejectConcernInputSchema, { ...base, reason: '' }))).toEqual([
      { field: 'reason', message: '给村民的说明：请填写此项' },
    ]);
    expect(
      fields(parseInput(rejectConcernInputSchema, { ...base, reasonCode: 'duplicate' })),
    ).toEqual([{ field: 'duplicateOf', message: '重复的说事编号：请填写与哪一件重复' }]);
    expect(
      parseInput(rejectConcernInputSchema, { ...base, reasonCode: 'duplicate', duplicateOf: 'c-1' })
        .ok,
    ).toBe(true);
  });

  test('requestExtension: a reason and 1..10 working days', () => {
    const base = { concernId: 'c-1', reason: '需等待供电所配合' };
    expect(parseInput(requestExtensionInputSchema, { ...base, workingDays: 10 }).ok).toBe(true);
    expect(fields(parseInput(requestExtensionInputSchema, { ...base, workingDays: 11 }))).toEqual([
      { field: 'workingDays', message: '延期天数（工作日）：不能大于 10' },
    ]);
    expect(
      fields(parseInput(requestExtensionInputSchema, { ...base, workingDays: 0 }))[0]?.field,
    ).toBe('workingDays');
    expect(fields(parseInput(requestExtensionInputSchema, { ...base, workingDays: 2.5 }))).toEqual([
      { field: 'workingDays', message: '延期天数（工作日）：请填写整数' },
    ]);
  });

  test('rate: one tap of three answers, two of which reopen', () => {
    expect(
      parseInput(rateConcernInputSchema, {
        concernId: 'c-1',
        result: 'partly',
        comment: '灯修了，但还不太亮',
      }).ok,
    ).toBe(true);
    expect(
      fields(parseInput(rateConcernInputSchema, { concernId: 'c-1', result: 'great' })),
    ).toEqual([{ field: 'result', message: '办理结果：请选择一项' }]);
    expect([...REOPENING_RATINGS].sort()).toEqual(['partly', 'unresolved']);
  });

  test('supervise needs a note', () => {
    expect(
      parseInput(superviseConcernInputSchema, { concernId: 'c-1', note: '请于明日前办结' }).ok,
    ).toBe(true);
    expect(fields(parseInput(superviseConcernInputSchema, { concernId: 'c-1' }))).toEqual([
      { field: 'note', message: '督办意见：请填写此项' },
    ]);
  });
});

describe('the stored concern', () => {
  const concern = {
    _id: 'c-1',
    townId: 'xiaodian',
    createdAt: '2025-03-08T09:00:00+08:00',
    updatedAt: '2025-03-08T09:00:00+08:00',
    _version: 3,
    kind: 'help',
    topic: 'other',
    text: '村东头的路灯坏了一个星期了',
    photos: [],
    place: { gridNodeId: 'v-1' },
    emergency: false,
    reporterId: 'acc-1',
    status: 'in_progress',
    assigneeId: 'gw-1',
    dueAt: '2025-03-13T23:59:59+08:00',
  };

  test('parses with its defaults', () => {
    const result = parseInput(concernSchema, concern);
    expect(result.ok && result.value).toMatchObject({
      confidential: false,
      onBehalfOf: null,
      channel: 'miniapp',
      escalationLevel: 0,
      extensions: [],
      links: {},
      followerIds: [],
      reopenCount: 0,
    });
  });

  test('status comes from the concern machine list; escalation is 0..2', () => {
    expect(
      fields(parseInput(concernSchema, { ...concern, status: 'lost', escalationLevel: 3 })).map(
        (f) => f.field,
      ),
    ).toEqual(['status', 'escalationLevel']);
  });

  test('keeps links to the booking, clue and petition it became', () => {
    const linked = {
      ...concern,
      status: 'transferred',
      links: { bookingId: 'b-1', clueId: 'k-1', petitionRef: '莒信2025-031' },
    };
    expect(parseInput(concernSchema, linked).ok).toBe(true);
  });
});
