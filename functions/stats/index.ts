/** Platform entry of the `stats` function. */
import { createMain } from '../runtime/main';
import { statsFunction } from './stats.function';

export const main = createMain(statsFunction);
