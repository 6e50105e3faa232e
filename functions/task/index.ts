/** Platform entry of the `task` function (任务). */
import { createMain } from '../runtime/main';
import { taskFunction } from './task.function';

export const main = createMain(taskFunction);
