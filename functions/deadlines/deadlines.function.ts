/** The `deadlines` timer function (限时办结、督办): `sweep` flags, escalates and presses per town. */
import { emptyInputSchema } from '../../shared/validation/primitives';
import { defineAction, defineFunction } from '../runtime/action';
import { sweepDeadlines } from './sweep-deadlines';

export const deadlinesFunction = defineFunction('deadlines', {
  sweep: defineAction({
    input: emptyInputSchema,
    access: 'timer',
    run: (ctx, call) => sweepDeadlines(ctx, call),
  }),
});
