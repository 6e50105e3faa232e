/** The `reminders` timer function: `run` sends return visits (回访) and mediation reminders. */
import { emptyInputSchema } from '../../shared/validation/primitives';
import { defineAction, defineFunction } from '../runtime/action';
import { runReminders } from './run-reminders';

export const remindersFunction = defineFunction('reminders', {
  run: defineAction({
    input: emptyInputSchema,
    access: 'timer',
    run: (ctx, call) => runReminders(ctx, call),
  }),
});
