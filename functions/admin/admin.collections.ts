/** The records the administrator keeps (管理员): towns, the grid and the rule sets. */
import { GRID_NODES, RULES, TOWNS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const townWriter = writerOf('admin', TOWNS);
export const gridNodeWriter = writerOf('admin', GRID_NODES);
export const rulesWriter = writerOf('admin', RULES);
