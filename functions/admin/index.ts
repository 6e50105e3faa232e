/** Platform entry of the `admin` function. */
import { createMain } from '../adapters/main';
import { adminFunction } from './admin.function';

export const main = createMain(adminFunction);
