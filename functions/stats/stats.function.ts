/** The `stats` function (统计): `overview` for the centre, admins and county officers. */
import { statsOverviewInputSchema } from '../../shared/validation/admin.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { statsOverview } from './read-overview';

export const statsFunction = defineFunction('stats', {
  overview: defineAction({
    input: statsOverviewInputSchema,
    access: ['center_operator', 'admin', 'county_officer'],
    run: (ctx, call) => statsOverview(ctx, call),
  }),
});
