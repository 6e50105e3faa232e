/**
 * Mediation (调解) records and inputs: rooms with a weekly schedule, bookings with every
 * party's consent (mediation is voluntary, 人民调解法), outcomes, and the mediation
 * agreement (人民调解协议书) with `checkAgreementComplete`, which tells the mediator in
 * Chinese what the agreement still lacks before it can be signed off.
 */
import { z } from 'zod';
import type { CsvColumn } from '../validation/cells';
import { cellBoolean, cellEnum, cellInt, cellList, cellOptional } from '../validation/cells';
import { entityFields } from '../validation/entity';
import {
  contactPhoneSchema,
  daysBetween,
  idSchema,
  instantSchema,
  localDateSchema,
  minutesOfDay,
  mobilePhoneSchema,
  pageFields,
  personNameSchema,
  text,
  timeOfDaySchema,
} from '../validation/primitives';
import { gridCodeSchema } from '../grid/grid.schema';
import { BOOKING_STATUSES } from './booking.status';
import type { DisputeType, RoomKindCode } from './mediation.catalog';
import {
  DISPUTE_TYPE_CODES,
  DISPUTE_TYPE_LABELS,
  MEDIATION_LEVEL_LABELS,
  MEDIATION_LEVELS,
  OTHER_ROUTE_CODES,
  ROOM_KIND_CODES,
  ROOM_KINDS,
} from './mediation.catalog';

const roomIdSchema = idSchema.meta({ label: '调解室' });
const bookingIdSchema = idSchema.meta({ label: '预约编号' });
const disputeTypeSchema = z.enum(DISPUTE_TYPE_CODES).meta({ label: '纠纷类型' });
const roomKindSchema = z.enum(ROOM_KIND_CODES).meta({ label: '调解室类别' });
const levelSchema = z.enum(MEDIATION_LEVELS).meta({ label: '所在层级' });
const bookingStatusSchema = z.enum(BOOKING_STATUSES).meta({ label: '状态' });

// ---------------------------------------------------------------------------------------
// Rooms and their weekly schedule.

export const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** One opening on a weekday: 1 = Monday … 7 = Sunday (ISO), from `start` to `end`. */
export const weeklySessionSchema = z
  .object({
    weekday: z.number().int().min(1).max(7).meta({ label: '星期' }),
    start: timeOfDaySchema.meta({ label: '开始时间' }),
    end: timeOfDaySchema.meta({ label: '结束时间' }),
  })
  .refine((s) => minutesOfDay(s.start) < minutesOfDay(s.end), {
    error: '结束时间要晚于开始时间',
    path: ['end'],
  });
export type WeeklySession = z.infer<typeof weeklySessionSchema>;

/** A week's openings; two openings on the same day may not overlap. */
export const weeklyScheduleSchema = z
  .array(weeklySessionSchema)
  .min(1, { error: '请至少设置一个接待时段' })
  .max(28)
  .superRefine((sessions, ctx) => {
    sessions.forEach((a, i) => {
      const clash = sessions.some(
        (b, j) =>
          j < i &&
          a.weekday === b.weekday &&
          minutesOfDay(a.start) < minutesOfDay(b.end) &&
          minutesOfDay(b.start) < minutesOfDay(a.end),
      );
      if (clash) ctx.addIssue({ code: 'custom', path: [i], message: '和同一天的另一个时段重叠了' });
    });
  })
  .meta({ label: '接待时间' });

const roomFields = {
  kind: roomKindSchema,
  name: text(40, '名称'),
  /** The grid node the room sits in (a natural village, a community or the town). */
  gridNodeId: idSchema.meta({ label: '所在网格' }),
  level: levelSchema,
  disputeTypes: z
    .array(disputeTypeSchema)
    .min(1)
    .max(DISPUTE_TYPE_CODES.length)
    .meta({ label: '受理的纠纷类型' }),
  address: text(100, '地址'),
  phone: contactPhoneSchema.optional(),
  schedule: weeklyScheduleSchema,
  slotMinutes: z.number().int().min(15).max(240).multipleOf(5).meta({ label: '每场时长（分钟）' }),
  seatsPerSlot: z.number().int().min(1).max(20).meta({ label: '每场可约数' }),
  /** Closed on statutory holidays of the official calendar (法定节假日). */
  closedOnHolidays: z.boolean().default(true).meta({ label: '节假日休息' }),
  closedDates: z.array(localDateSchema).max(366).default([]).meta({ label: '临时休息日' }),
  mediatorIds: z.array(idSchema).max(50).default([]).meta({ label: '调解员' }),
  active: z.boolean().default(true).meta({ label: '是否启用' }),
};

/** Every opening must hold at least one slot. */
function slotsFit(
  room: { schedule: readonly WeeklySession[]; slotMinutes: number },
  ctx: z.core.$RefinementCtx,
): void {
  room.schedule.forEach((s, i) => {
    if (minutesOfDay(s.end) - minutesOfDay(s.start) < room.slotMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule', i],
        message: '这个时段比一场调解的时长还短',
      });
    }
  });
}

export const roomSchema = z
  .object({ ...entityFields, ...roomFields, sample: z.boolean().default(false) })
  .superRefine(slotsFit);
export type Room = z.infer<typeof roomSchema>;

/** A bookable slot as `listSlots` returns it. */
export const slotSchema = z.object({
  roomId: roomIdSchema,
  start: instantSchema,
  end: instantSchema,
  seats: z.number().int().min(1),
  seatsTaken: z.number().int().min(0),
});
export type Slot = z.infer<typeof slotSchema>;

// ---------------------------------------------------------------------------------------
// Parties, agreement (人民调解协议书) and outcome.

/** Someone else in the dispute, as the applicant knows them; the phone may be unknown. */
export const partySchema = z.object({
  name: personNameSchema,
  phone: contactPhoneSchema.optional(),
  relation: text(20, '与申请人的关系').optional(),
  address: text(100, '住址').optional(),
});
export type Party = z.infer<typeof partySchema>;

export const SEXES = ['male', 'female'] as const;
export const SEX_LABELS: Readonly<Record<(typeof SEXES)[number], string>> = {
  male: '男',
  female: '女',
};

const agreementPartyDraft = z.object({
  name: personNameSchema.optional(),
  sex: z.enum(SEXES).meta({ label: '性别' }).optional(),
  age: z.number().int().min(0).max(130).meta({ label: '年龄' }).optional(),
  ethnicity: text(10, '民族').optional(),
  occupation: text(20, '职业').optional(),
  address: text(100, '住址').optional(),
  phone: contactPhoneSchema.optional(),
});

export const SIGNATURE_METHODS = ['signature', 'seal', 'fingerprint'] as const;
export const SIGNATURE_METHOD_LABELS: Readonly<Record<(typeof SIGNATURE_METHODS)[number], string>> =
  { signature: '签名', seal: '盖章', fingerprint: '按指印' };

/** A signature on the agreement: a party's (签名、盖章或按指印) or the mediator's. */
export const signatureSchema = z.object({
  signerRole: z.enum(['party', 'mediator']).meta({ label: '签字人身份' }),
  /** Which party signed (index into `parties`); only for a party's signature. */
  partyIndex: z.number().int().min(0).max(19).optional(),
  name: personNameSchema.meta({ label: '签字人' }),
  method: z.enum(SIGNATURE_METHODS).meta({ label: '签字方式' }),
  signedAt: instantSchema.meta({ label: '签字时间' }),
});
export type Signature = z.infer<typeof signatureSchema>;

/**
 * An agreement as the mediator fills it in: every part may still be missing, but what is
 * there must be well formed. `checkAgreementComplete` says what is missing.
 */
export const agreementDraftSchema = z
  .object({
    number: text(40, '协议书编号').optional(),
    parties: z.array(agreementPartyDraft).max(20).optional().meta({ label: '当事人' }),
    facts: text(2000, '纠纷的主要事实').optional(),
    responsibility: text(2000, '争议事项和各方责任').optional(),
    terms: z.array(text(500)).max(50).optional().meta({ label: '协议内容' }),
    performance: z
      .object({
        method: text(200, '履行方式').optional(),
        place: text(100, '履行地点').optional(),
        deadline: localDateSchema.meta({ label: '履行期限' }).optional(),
      })
      .optional(),
    signatures: z.array(signatureSchema).max(40).optional().meta({ label: '签字' }),
    /** The people's mediation committee's seal (人民调解委员会印章). */
    committeeSeal: z.boolean().optional().meta({ label: '调解委员会盖章' }),
    copies: z.number().int().min(1).max(30).optional().meta({ label: '份数' }),
  })
  .meta({ label: '调解协议书' });
export type AgreementDraft = z.infer<typeof agreementDraftSchema>;

interface Gap {
  readonly path: readonly (string | number)[];
  /** The missing item, standing alone ("当事人张三的住址"). */
  readonly item: string;
  /** The message beside the field, whose label already names it. */
  readonly message: string;
}

/** Each party keeps a copy and the committee keeps one (人民调解法 第29条): three for two parties. */
export function requiredCopies(partyCount: number): number {
  return Math.max(partyCount, 2) + 1;
}

const BLANK = '请填写此项';

function agreementGaps(a: AgreementDraft): Gap[] {
  const gaps: Gap[] = [];
  const gap = (path: Gap['path'], item: string, message = BLANK) =>
    gaps.push({ path, item, message });
  const parties = a.parties ?? [];
  const who = (i: number) => {
    const name = parties[i]?.name;
    return name === undefined ? `第${i + 1}方当事人` : `当事人${name}`;
  };
  if (parties.length < 2) gap(['parties'], '当事人（至少两方）', '至少需要两方当事人');
  parties.forEach((p, i) => {
    if (p.name === undefined) gap(['parties', i, 'name'], `${who(i)}的姓名`);
    if (p.sex === undefined) gap(['parties', i, 'sex'], `${who(i)}的性别`);
    if (p.age === undefined) gap(['parties', i, 'age'], `${who(i)}的年龄`);
    if (p.address === undefined) gap(['parties', i, 'address'], `${who(i)}的住址`);
  });
  if (a.facts === undefined) gap(['facts'], '纠纷的主要事实');
  if (a.responsibility === undefined) gap(['responsibility'], '争议事项和各方责任');
  if ((a.terms ?? []).length === 0) gap(['terms'], '协议内容（至少一条）', '请至少写一条');
  if (a.performance?.method === undefined) gap(['performance', 'method'], '履行方式');
  if (a.performance?.place === undefined) gap(['performance', 'place'], '履行地点');
  if (a.performance?.deadline === undefined) gap(['performance', 'deadline'], '履行期限');
  const signatures = a.signatures ?? [];
  parties.forEach((_, i) => {
    if (!signatures.some((s) => s.signerRole === 'party' && s.partyIndex === i)) {
      const item = `${who(i)}签名（或盖章、按指印）`;
      gap(['signatures'], item, `缺少${item}`);
    }
  });
  if (!signatures.some((s) => s.signerRole === 'mediator')) {
    gap(['signatures'], '调解员签名', '缺少调解员签名');
  }
  if (a.committeeSeal !== true) {
    gap(['committeeSeal'], '调解委员会盖章', '请加盖调解委员会印章后再确认');
  }
  const copies = requiredCopies(parties.length);
  if ((a.copies ?? 0) < copies) {
    const why = `应为 ${copies} 份（各方当事人各一份，调解委员会留存一份）`;
    gap(['copies'], `协议书份数${why}`, why);
  }
  return gaps;
}

/**
 * What a mediation agreement still lacks, in Chinese, in the order of the form; an empty
 * list means it is complete: each party's details, the facts and responsibility, the
 * agreed terms, how/where/by when they are performed, every signature, the committee's
 * seal, and enough copies.
 */
export function checkAgreementComplete(agreement: AgreementDraft): string[] {
  return agreementGaps(agreement).map((g) => g.item);
}

/** A signed-off agreement: the draft with nothing missing. */
export const agreementSchema = agreementDraftSchema.superRefine((a, ctx) => {
  // Several gaps share a field (every missing signature is under `signatures`): one
  // message per field, listing them all.
  const byField = new Map<string, { path: Gap['path']; messages: string[] }>();
  for (const gap of agreementGaps(a)) {
    const key = gap.path.join('.');
    const entry = byField.get(key) ?? { path: gap.path, messages: [] };
    entry.messages.push(gap.message);
    byField.set(key, entry);
  }
  for (const { path, messages } of byField.values()) {
    ctx.addIssue({ code: 'custom', path: [...path], message: messages.join('；') });
  }
});
export type Agreement = z.infer<typeof agreementSchema>;

export const OUTCOME_RESULTS = ['success', 'failure', 'withdrawn'] as const;

/** How a mediation ended: success with an agreement, failure with the routes left, or withdrawn. */
export const outcomeSchema = z
  .discriminatedUnion(
    'result',
    [
      z.strictObject({
        result: z.literal('success'),
        agreement: agreementSchema,
        note: text(1000, '备注').optional(),
      }),
      z.strictObject({
        result: z.literal('failure'),
        /** The routes the parties were told about (诉讼、仲裁 …). */
        routesLeft: z
          .array(z.enum(OTHER_ROUTE_CODES))
          .min(1, { error: '请选择已告知当事人的其他途径' })
          .meta({ label: '其他途径' }),
        /** Referred to the court (移交法庭), closing the loop (闭环). */
        referredToCourt: z.boolean().meta({ label: '是否移交法庭' }),
        note: text(1000, '调解不成的情况'),
      }),
      z.strictObject({
        result: z.literal('withdrawn'),
        withdrawnBy: z.enum(['applicant', 'other_party']).meta({ label: '哪一方退出' }),
        note: text(500, '退出的情况'),
      }),
    ],
    { error: '请选择调解结果' },
  )
  .meta({ label: '调解结果' });
export type Outcome = z.infer<typeof outcomeSchema>;

const applicantSchema = z
  .object({ name: personNameSchema, phone: mobilePhoneSchema })
  .meta({ label: '申请人' });

export const CONSENT_CHANNELS = ['miniapp', 'in_person', 'phone'] as const;

export const bookingSchema = z.object({
  ...entityFields,
  roomId: roomIdSchema,
  slotStart: instantSchema,
  slotEnd: instantSchema,
  /** The seat's id (e.g. `seat:<room>:<yyyymmddThhmm>:<n>`): an id, so no seat is ever booked twice. */
  seatId: idSchema,
  applicant: applicantSchema.extend({ accountId: idSchema }),
  parties: z.array(partySchema).min(1).max(8),
  disputeType: disputeTypeSchema,
  summary: text(1000),
  applicantConsentAt: instantSchema,
  /** Each other party's answer (by index into `parties`), as the mediator recorded it. */
  partyConsents: z
    .array(
      z.object({
        partyIndex: z.number().int().min(0).max(7),
        agreed: z.boolean(),
        via: z.enum(CONSENT_CHANNELS),
        at: instantSchema,
        recordedBy: idSchema,
      }),
    )
    .max(8)
    .default([]),
  status: bookingStatusSchema,
  mediatorId: idSchema.optional(),
  concernId: idSchema.optional(),
  reschedules: z
    .array(z.object({ from: instantSchema, to: instantSchema, at: instantSchema, by: idSchema }))
    .max(10)
    .default([]),
  cancellation: z.object({ reason: text(200), at: instantSchema, by: idSchema }).optional(),
  outcome: outcomeSchema.optional(),
  /** Joint application for judicial confirmation (司法确认), within 30 days of the agreement. */
  judicialConfirmation: z
    .object({ requestedAt: instantSchema, dueBy: instantSchema, court: text(60).optional() })
    .optional(),
});
export type Booking = z.infer<typeof bookingSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (mediation function).

/** `suggestRooms`: rooms that take this dispute, nearest first from the villager's node. */
export const suggestRoomsInputSchema = z.strictObject({
  disputeType: disputeTypeSchema,
  gridNodeId: idSchema.meta({ label: '所在村' }),
});

export const MAX_SLOT_RANGE_DAYS = 31;

/** `listSlots`: free slots of a room between two days (at most a month). */
export const listSlotsInputSchema = z
  .strictObject({
    roomId: roomIdSchema,
    from: localDateSchema.meta({ label: '开始日期' }),
    to: localDateSchema.meta({ label: '结束日期' }),
  })
  .superRefine((input, ctx) => {
    const days = daysBetween(input.from, input.to);
    if (days === undefined) return;
    if (days < 0) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '不能早于开始日期' });
    } else if (days > MAX_SLOT_RANGE_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `一次最多查 ${MAX_SLOT_RANGE_DAYS} 天`,
      });
    }
  });

/** `book`: the applicant books a slot; mediation is voluntary, so consent must be given. */
export const bookInputSchema = z.strictObject({
  roomId: roomIdSchema,
  slotStart: instantSchema.meta({ label: '预约时间' }),
  applicant: applicantSchema,
  parties: z
    .array(partySchema)
    .min(1, { error: '请至少填写一位对方当事人' })
    .max(8)
    .meta({ label: '对方当事人' }),
  disputeType: disputeTypeSchema,
  summary: text(1000, '纠纷简要情况'),
  consent: z.literal(true, { error: '调解是自愿的，请确认您同意调解' }).meta({ label: '自愿调解' }),
  /** The concern (说事) this mediation comes from, so its history follows it. */
  concernId: idSchema.meta({ label: '说事编号' }).optional(),
});
export type BookInput = z.infer<typeof bookInputSchema>;

/** `reschedule`: move a booking to another slot. */
export const rescheduleInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  slotStart: instantSchema.meta({ label: '新的预约时间' }),
  reason: text(200, '改期原因').optional(),
});

/** `cancel`: withdraw a booking before the session. */
export const cancelBookingInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  reason: text(200, '取消原因'),
});

/** `listMine`: the villager's bookings. */
export const listMyBookingsInputSchema = z.strictObject({
  status: bookingStatusSchema.optional(),
  ...pageFields,
});

/** `listForRoom`: a mediator's bookings for a room, optionally between two days. */
export const listForRoomInputSchema = z.strictObject({
  roomId: roomIdSchema,
  from: localDateSchema.meta({ label: '开始日期' }).optional(),
  to: localDateSchema.meta({ label: '结束日期' }).optional(),
  status: bookingStatusSchema.optional(),
  ...pageFields,
});

/** `recordConsent`: the mediator records whether another party agreed to mediation. */
export const recordConsentInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  partyIndex: z.number().int().min(0).max(7).meta({ label: '当事人' }),
  agreed: z.boolean().meta({ label: '是否同意调解' }),
  via: z.enum(CONSENT_CHANNELS).meta({ label: '确认方式' }),
});

/** `recordOutcome`: how the mediation ended. */
export const recordOutcomeInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  outcome: outcomeSchema,
});
export type RecordOutcomeInput = z.infer<typeof recordOutcomeInputSchema>;

/**
 * `recordOutcome` as the mediation function takes it: a success may carry an unfinished
 * agreement, so the use case can answer with everything still missing in one list
 * (`checkAgreementComplete`) before it stores the outcome as `outcomeSchema`.
 */
export const recordOutcomeDraftInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  outcome: z
    .discriminatedUnion(
      'result',
      [
        z.strictObject({
          result: z.literal('success'),
          agreement: agreementDraftSchema,
          note: text(1000, '备注').optional(),
        }),
        // Failure and withdrawal as `outcomeSchema` has them (success is its first branch).
        ...outcomeSchema.options.slice(1),
      ],
      { error: '请选择调解结果' },
    )
    .meta({ label: '调解结果' }),
});
export type RecordOutcomeDraftInput = z.infer<typeof recordOutcomeDraftInputSchema>;

/** `get`, `revealParties`: one booking by its id. */
export const bookingRefInputSchema = z.strictObject({ bookingId: bookingIdSchema });

/**
 * `requestConfirmation`: the parties jointly apply for judicial confirmation (司法确认) of
 * their agreement; the use case refuses dispute types the catalog marks ineligible.
 */
export const requestConfirmationInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  jointApplication: z
    .literal(true, { error: '司法确认要由双方当事人共同申请，请确认双方都同意' })
    .meta({ label: '共同申请' }),
  court: text(60, '受理法院').optional(),
  note: text(500, '备注').optional(),
});

/** `upsertRoom` (admin): create a room (no `roomId`) or change one. */
export const upsertRoomInputSchema = z
  .strictObject({ roomId: roomIdSchema.optional(), ...roomFields })
  .superRefine(slotsFit);
export type UpsertRoomInput = z.infer<typeof upsertRoomInputSchema>;

/** The dispute types a room of this kind takes by default. */
export function defaultDisputeTypes(kind: RoomKindCode): DisputeType[] {
  return [...(ROOM_KINDS.find((k) => k.code === kind)?.disputeTypes ?? [])];
}

// ---------------------------------------------------------------------------------------
// Room import (导入调解室): one row per room; its place by grid code; hours as text.

const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  七: 7,
};

/** "周一" / "星期三" / "日" / "3" → ISO weekday number; anything else is left for the check to reject. */
function weekdayCell(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const word = v.trim().replace(/^(周|星期|礼拜)/, '');
  if (/^[1-7]$/.test(word)) return Number(word);
  return WEEKDAY_WORDS[word] ?? v;
}

/** "08:30-11:30" (also ~, 至, 到) → { start, end }. */
function hoursCell(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*(\d{1,2}:\d{2})\s*[-~～至到]\s*(\d{1,2}:\d{2})\s*$/.exec(v);
  if (!m) return v;
  const pad = (t: string) => (t.length === 4 ? `0${t}` : t);
  return { start: pad(m[1] as string), end: pad(m[2] as string) };
}

const ROOM_KIND_NAMES = Object.fromEntries(ROOM_KINDS.map((k) => [k.code, k.name])) as Record<
  RoomKindCode,
  string
>;

const hoursRangeSchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema }, { error: '请按“08:30-11:30”填写' })
  .refine((h) => minutesOfDay(h.start) < minutesOfDay(h.end), {
    error: '结束时间要晚于开始时间',
  });

export const roomImportRowSchema = z.strictObject({
  name: text(40, '名称'),
  kind: cellEnum(ROOM_KIND_CODES, ROOM_KIND_NAMES).meta({ label: '调解室类别' }),
  gridNodeCode: gridCodeSchema.meta({ label: '所在网格编码' }),
  level: cellEnum(MEDIATION_LEVELS, MEDIATION_LEVEL_LABELS).meta({ label: '所在层级' }),
  /** Empty: the kind's default dispute types. */
  disputeTypes: cellList(
    cellEnum(DISPUTE_TYPE_CODES, DISPUTE_TYPE_LABELS),
    DISPUTE_TYPE_CODES.length,
  ).meta({
    label: '受理的纠纷类型',
  }),
  address: text(100, '地址'),
  phone: cellOptional(contactPhoneSchema),
  weekdays: cellList(
    z.preprocess(weekdayCell, z.number({ error: '请填写周一到周日' }).int().min(1).max(7)),
    7,
  )
    .refine((days) => days.length > 0, { error: '请填写接待的星期' })
    .meta({ label: '接待星期' }),
  hours: cellList(z.preprocess(hoursCell, hoursRangeSchema), 4)
    .refine((hours) => hours.length > 0, { error: '请填写接待时间' })
    .meta({ label: '接待时间' }),
  slotMinutes: cellInt(15, 240).meta({ label: '每场时长（分钟）' }),
  seatsPerSlot: cellInt(1, 20).meta({ label: '每场可约数' }),
  sample: cellBoolean(false).meta({ label: '示例数据' }),
});
export type RoomImportRow = z.infer<typeof roomImportRowSchema>;

/** The weekly schedule an import row describes: every listed weekday with every listed range. */
export function scheduleFromRow(row: Pick<RoomImportRow, 'weekdays' | 'hours'>): WeeklySession[] {
  const days = [...new Set(row.weekdays)].sort((a, b) => a - b);
  return days.flatMap((weekday) => row.hours.map((h) => ({ weekday, start: h.start, end: h.end })));
}

/** Columns of the room import file, headers in Chinese and English. */
export const ROOM_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'name', zh: '名称', en: 'name', required: true, note: '例如 东新村老支书调解室' },
  {
    key: 'kind',
    zh: '调解室类别',
    en: 'kind',
    required: true,
    note: '例如 老支书调解室、家事调解室（大嫂调解）、警司联调',
  },
  {
    key: 'gridNodeCode',
    zh: '所在网格编码',
    en: 'grid_code',
    required: true,
    note: '网格导入表里的编码',
  },
  { key: 'level', zh: '所在层级', en: 'level', required: true, note: '自然村、新村、镇' },
  {
    key: 'disputeTypes',
    zh: '受理的纠纷类型',
    en: 'dispute_types',
    required: false,
    note: '不填则按类别默认；多个用顿号隔开',
  },
  { key: 'address', zh: '地址', en: 'address', required: true, note: '' },
  { key: 'phone', zh: '电话', en: 'phone', required: false, note: '手机或固定电话' },
  {
    key: 'weekdays',
    zh: '接待星期',
    en: 'weekdays',
    required: true,
    note: '例如 周一、周三、周五',
  },
  {
    key: 'hours',
    zh: '接待时间',
    en: 'hours',
    required: true,
    note: '例如 08:30-11:30、14:00-17:00',
  },
  {
    key: 'slotMinutes',
    zh: '每场时长（分钟）',
    en: 'slot_minutes',
    required: true,
    note: '15 到 240',
  },
  { key: 'seatsPerSlot', zh: '每场可约数', en: 'seats_per_slot', required: true, note: '1 到 20' },
  { key: 'sample', zh: '示例数据', en: 'sample', required: false, note: '是 / 否' },
];
