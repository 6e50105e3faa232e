/**
 * The matrix is complete: one row (at least) for every action of every registered function,
 * and none for an action that does not exist — a new action without a row fails here.
 */
import { FUNCTIONS } from '../../functions/registry';
import {
  accountRows,
  adminRows,
  learningRows,
  statsRows,
  timerRows,
} from './account-admin-learning-stats-timers.rows';
import { adminConsoleRows } from './admin-console.rows';
import { clueRows, mediationRows } from './clue-and-mediation.rows';
import { concernAndTaskRows } from './concern-and-task.rows';

it('has a row for each action of the registry, and no row for an action that does not exist', () => {
  const rows = [
    ...concernAndTaskRows,
    ...clueRows,
    ...mediationRows,
    ...accountRows,
    ...adminRows,
    ...adminConsoleRows,
    ...learningRows,
    ...statsRows,
    ...timerRows,
  ];
  const covered = new Set(rows.map((r) => `${r.fn.name}.${r.action}`));
  const all = FUNCTIONS.flatMap((f) => Object.keys(f.actions).map((a) => `${f.name}.${a}`));
  expect([...covered].sort()).toEqual([...all].sort());
});
