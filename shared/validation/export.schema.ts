/**
 * `stats.exportConcerns`: the centre's concerns of a period as the town's ledger (台账), an
 * Excel file — every concern submitted between two days (China time), optionally of one
 * status or kind.
 */
import { z } from 'zod';
import { CONCERN_KINDS } from '../concern/concern.kinds';
import { CONCERN_STATUSES } from '../concern/concern.status';
import { daysBetween, localDateSchema } from './primitives';

/** Rows one export holds at most: a town's month is a few hundred. */
export const MAX_EXPORT_ROWS = 5000;
export const MAX_EXPORT_RANGE_DAYS = 366;

export const exportConcernsInputSchema = z
  .strictObject({
    from: localDateSchema.meta({ label: '开始日期' }),
    to: localDateSchema.meta({ label: '结束日期' }),
    status: z.enum(CONCERN_STATUSES).optional().meta({ label: '状态' }),
    kind: z.enum(CONCERN_KINDS).optional().meta({ label: '类别' }),
  })
  .superRefine((input, ctx) => {
    const days = daysBetween(input.from, input.to);
    if (days === undefined) return;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '不能早于开始日期' });
    else if (days > MAX_EXPORT_RANGE_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '一次最多导出一年' });
    }
  });
export type ExportConcernsInput = z.infer<typeof exportConcernsInputSchema>;
