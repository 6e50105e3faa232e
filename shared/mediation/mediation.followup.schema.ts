/**
 * What follows a session (调解之后): the mediator records a no-show (当事人未到场), the
 * applicant books again from it without re-entering the case, and the mediator records the
 * performance return visit (履行回访) of a successful agreement, term by term. The action
 * inputs and the stored shapes the booking record carries for them.
 */
import { z } from 'zod';
import { idSchema, instantSchema, localDateSchema, text } from '../validation/primitives';

const bookingIdSchema = idSchema.meta({ label: '预约编号' });

/** Who did not come to the session. */
export const NO_SHOW_WHO = ['applicant', 'other_party', 'both'] as const;
export type NoShowWho = (typeof NO_SHOW_WHO)[number];
export const NO_SHOW_WHO_LABELS: Readonly<Record<NoShowWho, string>> = {
  applicant: '申请人',
  other_party: '对方当事人',
  both: '双方当事人',
};

/** `markNoShow`: the mediator, once the slot has started, records who did not come. */
export const markNoShowInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  who: z.enum(NO_SHOW_WHO, { error: '请选择谁没有到场' }).meta({ label: '未到场的一方' }),
  note: text(500, '情况说明').optional(),
});
export type MarkNoShowInput = z.infer<typeof markNoShowInputSchema>;

/** The no-show as the booking keeps it. */
export const noShowSchema = z.object({
  who: z.enum(NO_SHOW_WHO),
  note: text(500).optional(),
  at: instantSchema,
  by: idSchema,
});

/** `rebook`: a new slot for a booking that ended in a no-show; the case is copied over. */
export const rebookInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  slotStart: instantSchema.meta({ label: '新的预约时间' }),
});
export type RebookInput = z.infer<typeof rebookInputSchema>;

/** How one term of the agreement is being kept (协议履行情况). */
export const TERM_STATES = ['kept', 'partly', 'not_kept'] as const;
export type TermState = (typeof TERM_STATES)[number];
export const TERM_STATE_LABELS: Readonly<Record<TermState, string>> = {
  kept: '已履行',
  partly: '部分履行',
  not_kept: '未履行',
};

const visitTermSchema = z.strictObject({
  /** Index into the agreement's terms (协议内容). */
  index: z.number().int().min(0).max(49).meta({ label: '协议条款' }),
  state: z.enum(TERM_STATES, { error: '请选择这一条的履行情况' }).meta({ label: '履行情况' }),
  note: text(300, '说明').optional(),
});

/** `recordVisit`: the performance return visit, one answer per term of the agreement. */
export const recordVisitInputSchema = z.strictObject({
  bookingId: bookingIdSchema,
  terms: z.array(visitTermSchema).min(1).max(50).meta({ label: '协议条款' }),
  note: text(1000, '回访情况'),
  /** A further visit, when the terms are not yet all kept. */
  nextVisitOn: localDateSchema.meta({ label: '下次回访日期' }).optional(),
});
export type RecordVisitInput = z.infer<typeof recordVisitInputSchema>;

/** A performance visit as the booking keeps it. */
export const performanceVisitSchema = z.object({
  at: instantSchema,
  by: idSchema,
  terms: z.array(
    z.object({
      index: z.number().int().min(0),
      state: z.enum(TERM_STATES),
      note: text(300).optional(),
    }),
  ),
  note: text(1000),
  nextVisitOn: localDateSchema.optional(),
});
export type PerformanceVisit = z.infer<typeof performanceVisitSchema>;

/** `myRooms`: the signed-in mediator's rooms; nothing to send. */
export const myRoomsInputSchema = z.strictObject({});
