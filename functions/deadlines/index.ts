/** Platform entry of the `deadlines` timer function. */
import { createMain } from '../adapters/main';
import { deadlinesFunction } from './deadlines.function';

export const main = createMain(deadlinesFunction);
