/** The task concept's (任务) public face: the live inbox's event shape, for the local host. */
export type { TaskEventView } from './task.views';
