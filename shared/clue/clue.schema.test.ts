import type { Result } from '../kernel/result';
import { formatCode, makeCode } from '../validation/codes';
import { parseInput } from '../validation/parse';
import { TRACKING_CODE_LENGTH } from './clue.catalog';
import { CLUE_ACTIONS } from './clue.machine';
import {
  CLUE_REVIEW_ACTIONS,
  clueSchema,
  getClueInputSchema,
  listCluesForReviewInputSchema,
  listMyCluesInputSchema,
  reviewClueInputSchema,
  submitClueInputSchema,
  supplementClueInputSchema,
  trackClueInputSchema,
  trackingCodeSchema,
  verifyClueInputSchema,
} from './clue.schema';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

let n = 0;
const newCode = () => makeCode(TRACKING_CODE_LENGTH, (max) => (n++ * 11 + 3) % max);

const submit = {
  domain: 'ecology_resources',
  seen: '河边有工厂往河里排黑水，气味很大',
  place: { text: '沭河王家庄段', gridNodeId: 'v-1', coordinates: { lat: 35.6, lng: 118.8 } },
  when: { date: '2025-03-05', time: '21:30', ongoing: true, note: '最近一个月每天晚上' },
  photos: ['cloud://env/river1.jpg'],
  party: { name: '某化工厂' },
  reporter: { kind: 'anonymous' },
};

describe('submit', () => {
  test('an anonymous clue parses', () => {
    const result = parseInput(submitClueInputSchema, submit);
    expect(result.ok && result.value.reporter).toEqual({ kind: 'anonymous' });
  });

  test('an anonymous clue carries no name or phone', () => {
    expect(
      fields(
        parseInput(submitClueInputSchema, {
          ...submit,
          reporter: { kind: 'anonymous', name: '张三' },
        }),
      ),
    ).toEqual([{ field: 'reporter.name', message: '举报人：包含无法识别的内容：name' }]);
  });

  test('a named reporter gives name and phone', () => {
    const named = { ...submit, reporter: { kind: 'named', name: '张三', phone: '13812345678' } };
    expect(parseInput(submitClueInputSchema, named).ok).toBe(true);
    expect(
      fields(
        parseInput(submitClueInputSchema, { ...submit, reporter: { kind: 'named', name: '张三' } }),
      ),
    ).toEqual([{ field: 'reporter.phone', message: '举报人的手机号：请填写此项' }]);
    expect(fields(parseInput(submitClueInputSchema, { ...submit, reporter: {} }))).toEqual([
      { field: 'reporter.kind', message: '举报人：请选择匿名还是实名' },
    ]);
  });

  test('domain, what was seen, where and when are checked and named', () => {
    const result = parseInput(submitClueInputSchema, {
      ...submit,
      domain: 'gossip',
      seen: '有',
      place: { gridNodeId: 'v-1' },
      when: { date: '2025-02-29', time: '25:00' },
    });
    expect(fields(result)).toEqual([
      { field: 'domain', message: '线索领域：请选择一项' },
      { field: 'seen', message: '看到的情况：请多写几句，至少 5 个字' },
      { field: 'place.text', message: '具体地点：请填写此项' },
      { field: 'when.date', message: '发现时间的发现日期：请填写正确的日期，例如 2025-03-08' },
      { field: 'when.time', message: '发现时间的大概时间：请填写正确的时间，例如 09:30' },
    ]);
  });

  test('at most nine evidence photos', () => {
    const photos = Array.from({ length: 10 }, (_, i) => `cloud://env/p${i}.jpg`);
    expect(fields(parseInput(submitClueInputSchema, { ...submit, photos }))).toEqual([
      { field: 'photos', message: '证据照片：最多 9 张' },
    ]);
  });
});

describe('tracking codes', () => {
  test('12 characters with a check character, typed any way', () => {
    const code = newCode();
    expect(code).toHaveLength(12);
    expect(code).not.toMatch(/[01OI]/);
    expect(parseInput(trackingCodeSchema, formatCode(code).toLowerCase())).toEqual({
      ok: true,
      value: code,
    });
    expect(parseInput(trackClueInputSchema, { trackingCode: ` ${formatCode(code)} ` }).ok).toBe(
      true,
    );
  });

  test('a typo is caught before any lookup', () => {
    const code = newCode();
    const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
    expect(fields(parseInput(trackClueInputSchema, { trackingCode: typo }))).toEqual([
      { field: 'trackingCode', message: '查询码是 12 位字母和数字，请核对后重新输入' },
    ]);
    expect(fields(parseInput(trackClueInputSchema, { trackingCode: '' }))).toEqual([
      { field: 'trackingCode', message: '查询码：请填写此项' },
    ]);
  });

  test('the reporter supplements by code', () => {
    expect(
      parseInput(supplementClueInputSchema, {
        trackingCode: newCode(),
        text: '又拍到了排污的照片',
      }),
    ).toMatchObject({
      ok: true,
      value: { photos: [] },
    });
  });
});

describe('review and verification', () => {
  test('every review action the machine knows has an input shape', () => {
    const valid = {
      startReview: {},
      requestMoreInfo: { note: '请补充排污的具体时间' },
      requestVerification: { note: '请核实排污口位置' },
      accept: {},
      notAccept: { note: '不属于公益诉讼范围' },
      transfer: { transferredTo: '莒县生态环境分局', note: '属于行政执法范围' },
    };
    for (const action of CLUE_REVIEW_ACTIONS) {
      expect(
        parseInput(reviewClueInputSchema, { clueId: 'k-1', action, ...valid[action] }).ok,
      ).toBe(true);
    }
  });

  test('not accepting needs a reason; transferring names the body; asking for more needs a note', () => {
    expect(
      fields(parseInput(reviewClueInputSchema, { clueId: 'k-1', action: 'notAccept' })),
    ).toEqual([{ field: 'note', message: '不予受理的理由：请填写此项' }]);
    expect(
      fields(
        parseInput(reviewClueInputSchema, {
          clueId: 'k-1',
          action: 'transfer',
          note: '属于行政执法',
        }),
      ),
    ).toEqual([{ field: 'transferredTo', message: '移送的行政机关：请填写此项' }]);
    expect(
      fields(parseInput(reviewClueInputSchema, { clueId: 'k-1', action: 'requestMoreInfo' })),
    ).toEqual([{ field: 'note', message: '需要举报人补充的材料：请填写此项' }]);
    expect(fields(parseInput(reviewClueInputSchema, { clueId: 'k-1', action: 'close' }))).toEqual([
      { field: 'action', message: '请选择处理方式' },
    ]);
  });

  test('review covers exactly the machine actions that are not verify or supplement', () => {
    expect(
      [...CLUE_REVIEW_ACTIONS, 'reportVerification', 'recordVerification', 'supplyInfo'].sort(),
    ).toEqual([...CLUE_ACTIONS].sort());
  });

  test("verify: the grid worker's findings and whether it was as described", () => {
    expect(
      parseInput(verifyClueInputSchema, {
        clueId: 'k-1',
        findings: '现场确有排污口',
        foundAsDescribed: 'yes',
      }).ok,
    ).toBe(true);
    expect(
      fields(
        parseInput(verifyClueInputSchema, {
          clueId: 'k-1',
          findings: '',
          foundAsDescribed: 'maybe',
        }),
      ),
    ).toEqual([
      { field: 'findings', message: '核实情况：请填写此项' },
      { field: 'foundAsDescribed', message: '现场情况与线索是否一致：请选择一项' },
    ]);
  });

  test('lists and get', () => {
    expect(parseInput(listMyCluesInputSchema, {}).ok).toBe(true);
    expect(
      parseInput(listCluesForReviewInputSchema, { status: 'verifying', domain: 'minors' }).ok,
    ).toBe(true);
    expect(fields(parseInput(getClueInputSchema, {}))).toEqual([
      { field: 'clueId', message: '线索编号：请填写此项' },
    ]);
  });
});

describe('the stored clue', () => {
  const clue = {
    _id: 'k-1',
    townId: 'xiaodian',
    createdAt: '2025-03-08T09:00:00+08:00',
    updatedAt: '2025-03-08T09:00:00+08:00',
    _version: 0,
    trackingCode: newCode(),
    domain: submit.domain,
    seen: submit.seen,
    place: submit.place,
    when: submit.when,
    photos: submit.photos,
    reporter: { kind: 'anonymous' },
    status: 'received',
    deadlines: {
      proceduralReplyDueAt: '2025-03-17T23:59:59+08:00',
      resultDueAt: '2025-06-08T23:59:59+08:00',
    },
  };

  test('parses with no duplicate candidates yet', () => {
    expect(parseInput(clueSchema, clue)).toMatchObject({
      ok: true,
      value: { duplicateCandidates: [] },
    });
  });

  test('a named reporter is stored with an account; status is from the clue list', () => {
    const named = {
      ...clue,
      reporter: { kind: 'named', name: '张三', phone: '13812345678', accountId: 'acc-1' },
    };
    expect(parseInput(clueSchema, named).ok).toBe(true);
    expect(fields(parseInput(clueSchema, { ...clue, status: 'closed' }))[0]?.field).toBe('status');
    expect(fields(parseInput(clueSchema, { ...clue, deadlines: {} })).map((f) => f.field)).toEqual([
      'deadlines.proceduralReplyDueAt',
      'deadlines.resultDueAt',
    ]);
  });
});
