/** The `outbox` timer function (定时推送): `deliver` sends the due pushes, with retries. */
import { emptyInputSchema } from '../../shared/validation/primitives';
import { defineAction, defineFunction } from '../runtime/action';
import { deliverOutbox } from './deliver-outbox';

export const outboxFunction = defineFunction('outbox', {
  deliver: defineAction({
    input: emptyInputSchema,
    access: 'timer',
    run: (ctx, call) => deliverOutbox(ctx, call),
  }),
});
