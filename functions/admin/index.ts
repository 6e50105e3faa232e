/** Platform entry of the `admin` function. */
import { createMain } from '../runtime/main';
import { adminFunction } from './admin.function';

export const main = createMain(adminFunction);
