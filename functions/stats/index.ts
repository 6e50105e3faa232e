/** Platform entry of the `stats` function. */
import { createMain } from '../adapters/main';
import { statsFunction } from './stats.function';

export const main = createMain(statsFunction);
