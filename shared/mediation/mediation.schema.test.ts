import type { Result } from '../kernel/result';
import { parseInput } from '../validation/parse';
import type { AgreementDraft } from './mediation.schema';
import {
  agreementSchema,
  bookingSchema,
  bookInputSchema,
  cancelBookingInputSchema,
  checkAgreementComplete,
  defaultDisputeTypes,
  listForRoomInputSchema,
  listMyBookingsInputSchema,
  listSlotsInputSchema,
  recordConsentInputSchema,
  recordOutcomeInputSchema,
  requestConfirmationInputSchema,
  requiredCopies,
  rescheduleInputSchema,
  ROOM_CSV_COLUMNS,
  roomImportRowSchema,
  roomSchema,
  scheduleFromRow,
  slotSchema,
  suggestRoomsInputSchema,
  upsertRoomInputSchema,
} from './mediation.schema';

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

const signedAt = '2025-03-10T10:00:00+08:00';
const complete: AgreementDraft = {
  number: '小店调〔2025〕12号',
  parties: [
    { name: '张三', sex: 'male', age: 56, address: '王家庄 3 巷 5 号' },
    { name: '李四', sex: 'female', age: 49, address: '王家庄 3 巷 7 号', ethnicity: '汉族' },
  ],
  facts: '两家因宅基地之间的排水沟发生争执。',
  responsibility: '双方均有责任：张三堵沟，李四未经商量改道。',
  terms: ['张三三日内疏通排水沟', '李四恢复原水道'],
  performance: { method: '双方自行履行，网格员见证', place: '王家庄 3 巷', deadline: '2025-03-20' },
  signatures: [
    { signerRole: 'party', partyIndex: 0, name: '张三', method: 'signature', signedAt },
    { signerRole: 'party', partyIndex: 1, name: '李四', method: 'fingerprint', signedAt },
    { signerRole: 'mediator', name: '王调解', method: 'signature', signedAt },
  ],
  committeeSeal: true,
  copies: 3,
};

describe('checkAgreementComplete', () => {
  test('a complete agreement lacks nothing', () => {
    expect(checkAgreementComplete(complete)).toEqual([]);
    expect(agreementSchema.safeParse(complete).success).toBe(true);
  });

  test('an empty draft lists everything, in the order of the form', () => {
    expect(checkAgreementComplete({})).toEqual([
      '当事人（至少两方）',
      '纠纷的主要事实',
      '争议事项和各方责任',
      '协议内容（至少一条）',
      '履行方式',
      '履行地点',
      '履行期限',
      '调解员签名',
      '调解委员会盖章',
      '协议书份数应为 3 份（各方当事人各一份，调解委员会留存一份）',
    ]);
  });

  test('names exactly the missing details of each party, by name when known', () => {
    const draft: AgreementDraft = {
      ...complete,
      parties: [
        { name: '张三', sex: 'male', address: '王家庄' },
        { sex: 'female', age: 40, address: '王家庄' },
      ],
    };
    expect(checkAgreementComplete(draft)).toEqual(['当事人张三的年龄', '第2方当事人的姓名']);
  });

  test('each missing signature, the seal and the copies are named', () => {
    const draft: AgreementDraft = {
      ...complete,
      signatures: [{ signerRole: 'party', partyIndex: 0, name: '张三', method: 'seal', signedAt }],
      committeeSeal: false,
      copies: 2,
    };
    expect(checkAgreementComplete(draft)).toEqual([
      '当事人李四签名（或盖章、按指印）',
      '调解员签名',
      '调解委员会盖章',
      '协议书份数应为 3 份（各方当事人各一份，调解委员会留存一份）',
    ]);
  });

  test('three parties need four copies', () => {
    expect(requiredCopies(2)).toBe(3);
    expect(requiredCopies(3)).toBe(4);
    const three: AgreementDraft = {
      ...complete,
      parties: [
        ...(complete.parties ?? []),
        { name: '王五', sex: 'male', age: 30, address: '东新村' },
      ],
      signatures: [
        ...(complete.signatures ?? []),
        { signerRole: 'party', partyIndex: 2, name: '王五', method: 'signature', signedAt },
      ],
    };
    expect(checkAgreementComplete(three)).toEqual([
      '协议书份数应为 4 份（各方当事人各一份，调解委员会留存一份）',
    ]);
    expect(checkAgreementComplete({ ...three, copies: 4 })).toEqual([]);
  });

  test('empty terms count as missing', () => {
    expect(checkAgreementComplete({ ...complete, terms: [] })).toEqual(['协议内容（至少一条）']);
  });
});

describe('recordOutcome', () => {
  test('success needs a complete agreement; what is missing is reported per field', () => {
    expect(
      parseInput(recordOutcomeInputSchema, {
        bookingId: 'b-1',
        outcome: { result: 'success', agreement: complete },
      }).ok,
    ).toBe(true);
    const partial = { ...complete, performance: { method: '自行履行' }, signatures: [] };
    expect(
      fields(
        parseInput(recordOutcomeInputSchema, {
          bookingId: 'b-1',
          outcome: { result: 'success', agreement: partial },
        }),
      ),
    ).toEqual([
      { field: 'outcome.agreement.performance.place', message: '调解协议书的履行地点：请填写此项' },
      {
        field: 'outcome.agreement.performance.deadline',
        message: '调解协议书的履行期限：请填写此项',
      },
      {
        field: 'outcome.agreement.signatures',
        message:
          '调解协议书的签字：缺少当事人张三签名（或盖章、按指印）；缺少当事人李四签名（或盖章、按指印）；缺少调解员签名',
      },
    ]);
  });

  test('failure names the routes the parties were told and whether it went to court', () => {
    const failure = {
      result: 'failure',
      routesLeft: ['litigation'],
      referredToCourt: true,
      note: '双方分歧较大',
    };
    expect(parseInput(recordOutcomeInputSchema, { bookingId: 'b-1', outcome: failure }).ok).toBe(
      true,
    );
    expect(
      fields(
        parseInput(recordOutcomeInputSchema, {
          bookingId: 'b-1',
          outcome: { ...failure, routesLeft: [] },
        }),
      ),
    ).toEqual([
      { field: 'outcome.routesLeft', message: '调解结果的其他途径：请选择已告知当事人的其他途径' },
    ]);
  });

  test('withdrawn says who left; an unknown result asks to choose', () => {
    expect(
      parseInput(recordOutcomeInputSchema, {
        bookingId: 'b-1',
        outcome: { result: 'withdrawn', withdrawnBy: 'other_party', note: '对方不愿继续' },
      }).ok,
    ).toBe(true);
    expect(
      fields(
        parseInput(recordOutcomeInputSchema, { bookingId: 'b-1', outcome: { result: 'maybe' } }),
      ),
    ).toEqual([{ field: 'outcome.result', message: '调解结果：请选择调解结果' }]);
  });
});

describe('booking', () => {
  const book = {
    roomId: 'room-1',
    slotStart: '2025-03-12T09:00:00+08:00',
    applicant: { name: '张三', phone: '13812345678' },
    parties: [{ name: '李四', relation: '邻居' }],
    disputeType: 'neighbour',
    summary: '排水沟的事谈不拢',
    consent: true,
  };

  test('an applicant books with the other party named', () => {
    expect(parseInput(bookInputSchema, book).ok).toBe(true);
  });

  test('mediation is voluntary: without consent the booking is refused', () => {
    expect(fields(parseInput(bookInputSchema, { ...book, consent: false }))).toEqual([
      { field: 'consent', message: '自愿调解：调解是自愿的，请确认您同意调解' },
    ]);
    expect(fields(parseInput(bookInputSchema, { ...book, consent: undefined }))[0]?.field).toBe(
      'consent',
    );
  });

  test('the other party is required; their phone, when given, is checked', () => {
    expect(fields(parseInput(bookInputSchema, { ...book, parties: [] }))).toEqual([
      { field: 'parties', message: '对方当事人：请至少填写一位对方当事人' },
    ]);
    expect(
      fields(
        parseInput(bookInputSchema, {
          ...book,
          parties: [{ name: '李四' }, { name: '王五', phone: '110' }],
        }),
      ),
    ).toEqual([
      {
        field: 'parties.1.phone',
        message: '对方当事人（第2项）的联系电话：请填写正确的手机号或固定电话',
      },
    ]);
    expect(fields(parseInput(bookInputSchema, { ...book, applicant: { name: '张三' } }))).toEqual([
      { field: 'applicant.phone', message: '申请人的手机号：请填写此项' },
    ]);
  });

  test('reschedule, cancel, lists, consent and confirmation inputs', () => {
    expect(
      parseInput(rescheduleInputSchema, {
        bookingId: 'b-1',
        slotStart: '2025-03-13T09:00:00+08:00',
      }).ok,
    ).toBe(true);
    expect(fields(parseInput(cancelBookingInputSchema, { bookingId: 'b-1' }))).toEqual([
      { field: 'reason', message: '取消原因：请填写此项' },
    ]);
    expect(parseInput(listMyBookingsInputSchema, { status: 'confirmed' }).ok).toBe(true);
    expect(
      parseInput(listForRoomInputSchema, { roomId: 'room-1', from: '2025-03-01', to: '2025-03-31' })
        .ok,
    ).toBe(true);
    expect(
      parseInput(recordConsentInputSchema, {
        bookingId: 'b-1',
        partyIndex: 0,
        agreed: false,
        via: 'phone',
      }).ok,
    ).toBe(true);
    expect(
      fields(
        parseInput(requestConfirmationInputSchema, { bookingId: 'b-1', jointApplication: false }),
      ),
    ).toEqual([
      {
        field: 'jointApplication',
        message: '共同申请：司法确认要由双方当事人共同申请，请确认双方都同意',
      },
    ]);
    expect(
      parseInput(requestConfirmationInputSchema, {
        bookingId: 'b-1',
        jointApplication: true,
        court: '莒县人民法院小店法庭',
      }).ok,
    ).toBe(true);
  });

  test('suggestRooms needs the dispute type and the village', () => {
    expect(
      parseInput(suggestRoomsInputSchema, { disputeType: 'inheritance', gridNodeId: 'v-1' }).ok,
    ).toBe(true);
    expect(fields(parseInput(suggestRoomsInputSchema, { gridNodeId: 'v-1' }))).toEqual([
      { field: 'disputeType', message: '纠纷类型：请选择一项' },
    ]);
  });

  test('listSlots looks at most a month ahead, and not backwards', () => {
    expect(
      parseInput(listSlotsInputSchema, { roomId: 'r', from: '2025-03-01', to: '2025-04-01' }).ok,
    ).toBe(true);
    expect(
      fields(
        parseInput(listSlotsInputSchema, { roomId: 'r', from: '2025-03-01', to: '2025-04-02' }),
      ),
    ).toEqual([{ field: 'to', message: '结束日期：一次最多查 31 天' }]);
    expect(
      fields(
        parseInput(listSlotsInputSchema, { roomId: 'r', from: '2025-03-02', to: '2025-03-01' }),
      ),
    ).toEqual([{ field: 'to', message: '结束日期：不能早于开始日期' }]);
  });

  test('a stored booking holds the seat id, consents and status', () => {
    const booking = {
      ...stored,
      _id: 'b-1',
      roomId: 'room-1',
      slotStart: book.slotStart,
      slotEnd: '2025-03-12T10:00:00+08:00',
      seatId: 'seat:room-1:20250312T0900:1',
      applicant: { ...book.applicant, accountId: 'acc-1' },
      parties: book.parties,
      disputeType: 'neighbour',
      summary: book.summary,
      applicantConsentAt: '2025-03-08T09:00:00+08:00',
      status: 'requested',
    };
    expect(parseInput(bookingSchema, booking)).toMatchObject({
      ok: true,
      value: { partyConsents: [], reschedules: [] },
    });
    expect(fields(parseInput(bookingSchema, { ...booking, status: 'lost' }))[0]?.field).toBe(
      'status',
    );
    expect(
      parseInput(slotSchema, {
        roomId: 'room-1',
        start: book.slotStart,
        end: booking.slotEnd,
        seats: 2,
        seatsTaken: 1,
      }).ok,
    ).toBe(true);
  });
});

describe('rooms', () => {
  const room = {
    kind: 'old_secretary',
    name: '东新村老支书调解室',
    gridNodeId: 'c-1',
    level: 'community',
    disputeTypes: ['neighbour', 'land'],
    address: '东新村党群服务中心',
    schedule: [
      { weekday: 1, start: '08:30', end: '11:30' },
      { weekday: 1, start: '14:00', end: '17:00' },
      { weekday: 3, start: '08:30', end: '11:30' },
    ],
    slotMinutes: 60,
    seatsPerSlot: 2,
  };

  test('upsertRoom: a weekly schedule with slot length and seats', () => {
    expect(parseInput(upsertRoomInputSchema, room)).toMatchObject({
      ok: true,
      value: { closedOnHolidays: true, closedDates: [], mediatorIds: [], active: true },
    });
    expect(parseInput(roomSchema, { ...stored, _id: 'room-1', ...room }).ok).toBe(true);
  });

  test('openings may not overlap, must end after they start, and must hold a slot', () => {
    const schedule = [
      { weekday: 1, start: '08:30', end: '11:30' },
      { weekday: 1, start: '11:00', end: '12:00' },
      { weekday: 2, start: '10:00', end: '09:00' },
      { weekday: 3, start: '08:30', end: '09:00' },
    ];
    expect(fields(parseInput(upsertRoomInputSchema, { ...room, schedule }))).toEqual([
      { field: 'schedule.2.end', message: '接待时间（第3项）的结束时间：结束时间要晚于开始时间' },
      { field: 'schedule.1', message: '接待时间（第2项）：和同一天的另一个时段重叠了' },
      { field: 'schedule.2', message: '接待时间（第3项）：这个时段比一场调解的时长还短' },
      { field: 'schedule.3', message: '接待时间（第4项）：这个时段比一场调解的时长还短' },
    ]);
  });

  test('slot length is 15–240 minutes in steps of 5; weekdays are 1–7', () => {
    expect(fields(parseInput(upsertRoomInputSchema, { ...room, slotMinutes: 62 }))).toEqual([
      { field: 'slotMinutes', message: '每场时长（分钟）：要是 5 的整数倍' },
    ]);
    expect(
      fields(
        parseInput(upsertRoomInputSchema, {
          ...room,
          schedule: [{ weekday: 0, start: '08:00', end: '12:00' }],
        }),
      ),
    ).toEqual([{ field: 'schedule.0.weekday', message: '接待时间（第1项）的星期：不能小于 1' }]);
    expect(fields(parseInput(upsertRoomInputSchema, { ...room, schedule: [] }))).toEqual([
      { field: 'schedule', message: '接待时间：请至少设置一个接待时段' },
    ]);
  });

  test('a room kind brings its default dispute types', () => {
    expect(defaultDisputeTypes('fire_mediation')).toEqual(['fire_safety']);
  });
});

describe('room import rows', () => {
  const row = {
    name: '东新村老支书调解室',
    kind: '老支书调解室',
    gridNodeCode: 'XD-01',
    level: '新村',
    disputeTypes: '邻里纠纷、land',
    address: '东新村党群服务中心',
    phone: '',
    weekdays: '周一、星期三、5',
    hours: '8:30-11:30、14:00~17:00',
    slotMinutes: '60',
    seatsPerSlot: '2',
  };

  test('a row typed in Chinese becomes typed values and a weekly schedule', () => {
    const result = parseInput(roomImportRowSchema, row);
    expect(result).toEqual({
      ok: true,
      value: {
        name: '东新村老支书调解室',
        kind: 'old_secretary',
        gridNodeCode: 'XD-01',
        level: 'community',
        disputeTypes: ['neighbour', 'land'],
        address: '东新村党群服务中心',
        weekdays: [1, 3, 5],
        hours: [
          { start: '08:30', end: '11:30' },
          { start: '14:00', end: '17:00' },
        ],
        slotMinutes: 60,
        seatsPerSlot: 2,
        sample: false,
      },
    });
    if (result.ok) {
      expect(scheduleFromRow({ ...result.value, weekdays: [3, 1, 3] })).toEqual([
        { weekday: 1, start: '08:30', end: '11:30' },
        { weekday: 1, start: '14:00', end: '17:00' },
        { weekday: 3, start: '08:30', end: '11:30' },
        { weekday: 3, start: '14:00', end: '17:00' },
      ]);
    }
  });

  test('bad weekdays and hours are named', () => {
    expect(
      fields(parseInput(roomImportRowSchema, { ...row, weekdays: '周八', hours: '上午' })),
    ).toEqual([
      { field: 'weekdays.0', message: '接待星期（第1项）：请填写周一到周日' },
      { field: 'hours.0', message: '接待时间（第1项）：请按“08:30-11:30”填写' },
    ]);
    expect(
      fields(parseInput(roomImportRowSchema, { ...row, weekdays: '', hours: '11:00-10:00' })),
    ).toEqual([
      { field: 'weekdays', message: '接待星期：请填写接待的星期' },
      { field: 'hours.0', message: '接待时间（第1项）：结束时间要晚于开始时间' },
    ]);
    expect(fields(parseInput(roomImportRowSchema, { ...row, hours: '' }))).toEqual([
      { field: 'hours', message: '接待时间：请填写接待时间' },
    ]);
  });

  test('weekdays may be numbers or words, Sunday as 日 or 天', () => {
    const result = parseInput(roomImportRowSchema, {
      ...row,
      weekdays: [2, '日', '礼拜天'],
      hours: [{ start: '09:00', end: '10:00' }],
    });
    expect(result.ok && result.value.weekdays).toEqual([2, 7, 7]);
  });

  test('the CSV columns cover exactly the row fields', () => {
    expect(ROOM_CSV_COLUMNS.map((c) => c.key).sort()).toEqual(
      Object.keys(roomImportRowSchema.shape).sort(),
    );
  });
});
