/**
 * The `stats` function (统计): `overview` for the centre, admins and county officers;
 * `exportConcerns` (说事台账 as .xlsx) for the centre.
 */
import { statsOverviewInputSchema } from '../../shared/validation/admin.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { statsOverview } from './read-overview';
import { exportConcernsInputSchema } from '../../shared/validation/export.schema';
import { exportConcerns } from './export-concerns';

export const statsFunction = defineFunction('stats', {
  overview: defineAction({
    input: statsOverviewInputSchema,
    access: ['center_operator', 'admin', 'county_officer'],
    run: (ctx, call) => statsOverview(ctx, call),
  }),
  exportConcerns: defineAction({
    input: exportConcernsInputSchema,
    access: ['center_operator'],
    run: exportConcerns,
  }),
});
