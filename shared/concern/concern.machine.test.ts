import type { AuditEventDraft } from '../kernel/audit';
import type { Actor } from '../kernel/roles';
import { systemActor } from '../kernel/roles';
import type { Intent, MachineSubject, TransitionContext } from '../machine/machine';
import { allowedActions } from '../machine/machine';
import {
  CONCERN_ACTIONS,
  CONCERN_GROUPS,
  concernIntents,
  concernMachine,
  isActiveWork,
  isAwaitingRating,
  isClosed,
  isOpen,
} from './concern.machine';
import type { ConcernStatus } from './concern.status';
import { CONCERN_STATUSES } from './concern.status';

const TOWN = 'town-xiaodian';
const villager: Actor = { accountId: 'v-wang', roles: ['villager'], townId: TOWN };
const gridWorker: Actor = { accountId: 'g-li', roles: ['grid_worker'], townId: TOWN };
const centre: Actor = { accountId: 'c-zhao', roles: ['center_operator'], townId: TOWN };
const system = systemActor(TOWN);

type Concern = MachineSubject<ConcernStatus>;
const concernIn = (status: ConcernStatus): Concern => ({ _id: 'concern-1', townId: TOWN, status });

/** Walks a concern through steps, failing loudly at the first refusal. */
function walk(
  start: ConcernStatus,
  steps: [Intent<ConcernStatus>, Actor, Omit<TransitionContext, 'now'>?][],
): { status: ConcernStatus; events: AuditEventDraft[] } {
  let concern = concernIn(start);
  const events: AuditEventDraft[] = [];
  steps.forEach(([intent, actor, extra], i) => {
    const now = new Date(Date.UTC(2025, 2, 3, 1, i)).toISOString();
    const result = intent(concern, actor, { now, ...extra });
    if (!result.ok) throw new Error(`step ${i} refused: ${result.error.message}`);
    concern = { ...concern, status: result.value.status };
    events.push(result.value.event);
  });
  return { status: concern.status, events };
}

describe('the concern lifecycle', () => {
  test('a concern goes round the return visit once and is then archived', () => {
    const c = concernIntents;
    const { status, events } = walk('submitted', [
      [c.assign, system],
      [c.accept, gridWorker],
      [c.start, gridWorker],
      [c.resolve, gridWorker, { note: '已联系供电所修好路灯' }],
      [c.rateUnsatisfied, villager, { note: '部分解决' }],
      [c.start, gridWorker],
      [c.resolve, gridWorker, { note: '两盏路灯都已修好' }],
      [c.rateSatisfied, villager],
      [c.archive, system],
    ]);
    expect(status).toBe('archived');
    expect(events.map((e) => `${e.from}→${e.to}`)).toEqual([
      'submitted→assigned',
      'assigned→accepted',
      'accepted→in_progress',
      'in_progress→resolved',
      'resolved→reopened',
      'reopened→in_progress',
      'in_progress→resolved',
      'resolved→satisfied',
      'satisfied→archived',
    ]);
    expect(events.map((e) => e.actorRole)).toEqual([
      'system',
      'grid_worker',
      'grid_worker',
      'grid_worker',
      'villager',
      'grid_worker',
      'grid_worker',
      'villager',
      'system',
    ]);
    expect(events[4]?.note).toBe('部分解决');
    expect(events.every((e) => e.visibleToReporter)).toBe(true);
  });

  test('a transferred concern is closed by the linked outcome and archived without an answer', () => {
    const c = concernIntents;
    const { status, events } = walk('submitted', [
      [c.assign, system],
      [c.transfer, gridWorker, { note: '邻里纠纷，转老支书调解室' }],
      [c.resolve, system, { note: '调解成功，已签调解协议书' }],
      [c.archive, system],
    ]);
    expect(status).toBe('archived');
    expect(events[1]?.to).toBe('transferred');
    expect(events[2]).toMatchObject({ from: 'transferred', to: 'resolved', actorRole: 'system' });
  });

  test('a villager cannot accept a concern', () => {
    const result = concernIntents.accept(concernIn('assigned'), villager, {
      now: '2025-03-03T08:00:00Z',
    });
    expect(result.ok ? 'accepted' : result.error.code).toBe('FORBIDDEN');
  });

  test('a grid worker from another town cannot act on it', () => {
    const stranger: Actor = { accountId: 'g-sun', roles: ['grid_worker'], townId: 'town-other' };
    for (const intent of [concernIntents.accept, concernIntents.start, concernIntents.transfer]) {
      const result = intent(concernIn('assigned'), stranger, {
        now: '2025-03-03T08:00:00Z',
        note: '说明',
      });
      if (result.ok) throw new Error('accepted');
      expect(result.error.code).toBe('FORBIDDEN');
      expect(result.error.message).toBe('这件事不属于您所在的镇，您不能办理');
    }
  });

  test('accepting a resolved concern is refused in words a villager understands', () => {
    const result = concernIntents.accept(concernIn('resolved'), gridWorker, {
      now: '2025-03-03T08:00:00Z',
    });
    if (result.ok) throw new Error('accepted');
    expect(result.error.code).toBe('CONFLICT');
    expect(result.error.message).toBe('这件事当前状态为「已办结」，不能受理');
  });

  test('a rejection needs a reason, and the villager sees it', () => {
    const without = concernIntents.reject(concernIn('submitted'), centre, {
      now: '2025-03-03T08:00:00Z',
    });
    if (without.ok) throw new Error('accepted');
    expect(without.error.details?.fields).toEqual([
      { field: 'note', message: '请写明不予受理的理由，村民会看到' },
    ]);
    const withReason = concernIntents.reject(concernIn('submitted'), centre, {
      now: '2025-03-03T08:00:00Z',
      note: '与昨天提交的事项重复',
    });
    expect(withReason.ok && withReason.value.status).toBe('rejected');
    expect(withReason.ok && withReason.value.event.visibleToReporter).toBe(true);
  });

  test('escalation and supervision keep the status; only escalation is shown to the villager', () => {
    const escalated = concernIntents.escalate(concernIn('in_progress'), system, {
      now: '2025-03-03T08:00:00Z',
    });
    expect(escalated.ok && escalated.value.status).toBe('in_progress');
    expect(escalated.ok && escalated.value.event.visibleToReporter).toBe(true);
    const supervised = concernIntents.supervise(concernIn('in_progress'), centre, {
      now: '2025-03-03T08:00:00Z',
      note: '请今天下班前回复进展',
    });
    expect(supervised.ok && supervised.value.status).toBe('in_progress');
    expect(supervised.ok && supervised.value.event.visibleToReporter).toBe(false);
  });

  test('only the timer escalates: the centre supervises instead', () => {
    const result = concernIntents.escalate(concernIn('in_progress'), centre, {
      now: '2025-03-03T08:00:00Z',
    });
    expect(result.ok ? 'accepted' : result.error.code).toBe('FORBIDDEN');
  });

  test('a villager rating a concern that is still being handled is refused', () => {
    const result = concernIntents.rateSatisfied(concernIn('in_progress'), villager, {
      now: '2025-03-03T08:00:00Z',
    });
    expect(result.ok ? 'accepted' : result.error.code).toBe('CONFLICT');
  });

  test('a resolved concern offers the villager exactly the two answers of the return visit', () => {
    expect(allowedActions(concernMachine, 'resolved', ['villager'])).toEqual([
      'rateSatisfied',
      'rateUnsatisfied',
    ]);
    expect(allowedActions(concernMachine, 'assigned', ['villager'])).toEqual([]);
  });

  test('the action list names every row of the table', () => {
    expect([...CONCERN_ACTIONS].sort()).toEqual(Object.keys(concernMachine.transitions).sort());
  });
});

describe('concern state groups', () => {
  test('open, awaiting rating and closed cover every status exactly once', () => {
    const all = [
      ...CONCERN_GROUPS.open,
      ...CONCERN_GROUPS.awaitingRating,
      ...CONCERN_GROUPS.closed,
    ];
    expect([...all].sort()).toEqual([...CONCERN_STATUSES].sort());
    for (const s of CONCERN_STATUSES) {
      expect([isOpen(s), isAwaitingRating(s), isClosed(s)].filter(Boolean)).toHaveLength(1);
    }
  });

  test('active work is the part of open work in someone’s hands', () => {
    for (const s of CONCERN_STATUSES) if (isActiveWork(s)) expect(isOpen(s)).toBe(true);
    expect(isActiveWork('submitted')).toBe(false);
    expect(isActiveWork({ status: 'reopened' })).toBe(true);
  });

  test('a closed concern allows no step except archiving a satisfied one', () => {
    for (const s of CONCERN_GROUPS.closed) {
      const everyone = allowedActions(concernMachine, s, ['system', 'center_operator', 'villager']);
      expect(everyone).toEqual(s === 'satisfied' ? ['archive'] : []);
    }
  });

  test('escalation and supervision apply to exactly the open states', () => {
    for (const s of CONCERN_STATUSES) {
      expect(allowedActions(concernMachine, s, ['system']).includes('escalate')).toBe(isOpen(s));
      expect(allowedActions(concernMachine, s, ['center_operator']).includes('supervise')).toBe(
        isOpen(s),
      );
    }
  });
});
