/**
 * Who may call each `account`, `admin`, `learning`, `stats` and timer action: the allowed
 * set per action, exactly (rows and their reasons (docs/domain.md) in
 * account-admin-learning-stats-timers.rows.ts); and the timers do run as the system.
 */
import { FUNCTIONS, TIMERS } from '../../functions/registry';
import {
  accountRows,
  adminRows,
  learningRows,
  routingRulesRow,
  statsRows,
  timerRows,
} from './account-admin-learning-stats-timers.rows';
import { createWorld, describeMatrix } from './authz.matrix';

describeMatrix('who may call each account action', accountRows);
describeMatrix('who may call each admin action', [...adminRows, routingRulesRow]);
describeMatrix('who may call each learning action', learningRows);
describeMatrix('who may call the statistics', statsRows);
describeMatrix('who may call the timer actions', timerRows);

describe('the timers themselves', () => {
  it.each(TIMERS)('$fn.$action runs as the timer identity of a town', async ({ fn, action }) => {
    const w = await createWorld();
    try {
      const def = FUNCTIONS.find((f) => f.name === fn)!;
      const reply = await w.h.runTimer(def, action, w.town.townId);
      expect(reply.ok).toBe(true);
    } finally {
      await w.h.close();
    }
  });
});
