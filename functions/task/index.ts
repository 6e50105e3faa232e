/** Platform entry of the `task` function (任务). */
import { createMain } from '../adapters/main';
import { taskFunction } from './task.function';

export const main = createMain(taskFunction);
