/** Platform entry of the `reminders` timer function. */
import { createMain } from '../adapters/main';
import { remindersFunction } from './reminders.function';

export const main = createMain(remindersFunction);
