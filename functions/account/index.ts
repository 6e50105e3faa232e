/** Platform entry of the `account` function. */
import { createMain } from '../adapters/main';
import { accountFunction } from './account.function';

export const main = createMain(accountFunction);
