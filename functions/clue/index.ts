/** Platform entry of the `clue` cloud function: `main(event, context)`. */
import { createMain } from '../adapters/main';
import { clueFunction } from './clue.function';

export const main = createMain(clueFunction);
