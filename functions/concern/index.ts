/** Platform entry of the `concern` function (说事/诉求). */
import { createMain } from '../adapters/main';
import { concernFunction } from './concern.function';

export const main = createMain(concernFunction);
