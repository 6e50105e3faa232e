import type { Actor } from '../kernel/roles';
import { systemActor } from '../kernel/roles';
import type { MachineSubject } from '../machine/machine';
import { allowedActions } from '../machine/machine';
import {
  TASK_ACTIONS,
  TASK_GROUPS,
  isFinished,
  isPending,
  taskIntents,
  taskMachine,
} from './task.machine';
import type { TaskStatus } from './task.status';
import { TASK_STATUSES } from './task.status';

const TOWN = 'town-xiaodian';
const NOW = '2025-03-03T08:00:00+08:00';
const legalAdviser: Actor = { accountId: 'l-he', roles: ['legal_adviser'], townId: TOWN };
const villager: Actor = { accountId: 'v-wang', roles: ['villager'], townId: TOWN };
const county: Actor = { accountId: 'x-1', roles: ['county_officer'], townId: TOWN };
const taskIn = (status: TaskStatus): MachineSubject<TaskStatus> => ({
  _id: 'task-1',
  townId: TOWN,
  status,
});

describe('the task lifecycle', () => {
  test('a task is acknowledged and then done, and no villager sees it', () => {
    const seen = taskIntents.acknowledge(taskIn('open'), legalAdviser, { now: NOW });
    if (!seen.ok) throw new Error(seen.error.message);
    const done = taskIntents.complete(taskIn(seen.value.status), legalAdviser, { now: NOW });
    if (!done.ok) throw new Error(done.error.message);
    expect([seen.value.status, done.value.status]).toEqual(['acknowledged', 'done']);
    expect([seen.value.event.visibleToReporter, done.value.event.visibleToReporter]).toEqual([
      false,
      false,
    ]);
  });

  test('the system closes a task when its subject moves on, but staff cannot cancel their own', () => {
    expect(taskIntents.complete(taskIn('open'), systemActor(TOWN), { now: NOW }).ok).toBe(true);
    const cancel = taskIntents.cancel(taskIn('open'), legalAdviser, { now: NOW });
    expect(cancel.ok ? 'accepted' : cancel.error.code).toBe('FORBIDDEN');
  });

  test('villagers and county officers hold no tasks', () => {
    for (const actor of [villager, county]) {
      const result = taskIntents.acknowledge(taskIn('open'), actor, { now: NOW });
      expect(result.ok ? 'accepted' : result.error.code).toBe('FORBIDDEN');
    }
  });

  test('a finished task cannot be done again', () => {
    const result = taskIntents.complete(taskIn('cancelled'), legalAdviser, { now: NOW });
    if (result.ok) throw new Error('accepted');
    expect(result.error.message).toBe('这项任务当前状态为「已撤销」，不能完成');
  });

  test('the action list names every row of the table', () => {
    expect([...TASK_ACTIONS].sort()).toEqual(Object.keys(taskMachine.transitions).sort());
  });
});

describe('task state groups', () => {
  test('pending and finished cover every status exactly once', () => {
    for (const s of TASK_STATUSES) expect(isPending(s)).toBe(!isFinished(s));
    expect([...TASK_GROUPS.pending, ...TASK_GROUPS.finished].sort()).toEqual(
      [...TASK_STATUSES].sort(),
    );
    expect(isPending({ status: 'acknowledged' })).toBe(true);
  });

  test('a finished task allows no further step for anyone', () => {
    for (const s of TASK_GROUPS.finished) {
      expect(allowedActions(taskMachine, s, ['system', 'center_operator', 'grid_worker'])).toEqual(
        [],
      );
    }
  });
});
