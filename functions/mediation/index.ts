/** Platform entry of the `mediation` function: hands its definition to the shared `main`. */
import { createMain } from '../adapters/main';
import { mediationFunction } from './mediation.function';

export const main = createMain(mediationFunction);
