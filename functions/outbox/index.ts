/** Platform entry of the `outbox` timer function. */
import { createMain } from '../adapters/main';
import { outboxFunction } from './outbox.function';

export const main = createMain(outboxFunction);
