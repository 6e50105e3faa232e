/**
 * Who may call each `concern` (说事) and `task` (任务) action: the allowed set per action,
 * exactly (rows and their reasons (docs/domain.md) in concern-and-task.rows.ts).
 */
import { describeMatrix } from './authz.matrix';
import { concernAndTaskRows } from './concern-and-task.rows';

describeMatrix('who may call each concern and task action', concernAndTaskRows);
