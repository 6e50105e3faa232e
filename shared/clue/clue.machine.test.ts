import type { Actor } from '../kernel/roles';
import type { MachineSubject } from '../machine/machine';
import { allowedActions } from '../machine/machine';
import {
  CLUE_ACTIONS,
  CLUE_GROUPS,
  clueIntents,
  clueMachine,
  isDecided,
  isPendingReview,
} from './clue.machine';
import type { ClueStatus } from './clue.status';
import { CLUE_STATUSES } from './clue.status';

const TOWN = 'town-xiaodian';
const NOW = '2025-03-03T08:00:00+08:00';
const liaison: Actor = { accountId: 'p-chen', roles: ['prosecutor_liaison'], townId: TOWN };
const prosecutor: Actor = { accountId: 'p-zhou', roles: ['prosecutor'], townId: TOWN };
const gridWorker: Actor = { accountId: 'g-li', roles: ['grid_worker'], townId: TOWN };
const villager: Actor = { accountId: 'v-wang', roles: ['villager'], townId: TOWN };
const clueIn = (status: ClueStatus): MachineSubject<ClueStatus> => ({
  _id: 'clue-1',
  townId: TOWN,
  status,
});

describe('the public-interest clue review', () => {
  test('a clue is reviewed, verified on the spot and accepted, and the reporter sees each step', () => {
    const steps = [
      () => clueIntents.startReview(clue, liaison, { now: NOW }),
      () => clueIntents.requestVerification(clue, liaison, { now: NOW }),
      () => clueIntents.reportVerification(clue, gridWorker, { now: NOW, note: '河道确有排污口' }),
      () => clueIntents.accept(clue, prosecutor, { now: NOW }),
    ];
    let clue = clueIn('received');
    const path: string[] = [clue.status];
    for (const step of steps) {
      const result = step();
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.event.visibleToReporter).toBe(true);
      clue = { ...clue, status: result.value.status };
      path.push(clue.status);
    }
    expect(path).toEqual(['received', 'under_review', 'verifying', 'under_review', 'accepted']);
  });

  test('the reporter is asked for more, supplies it, and the review resumes', () => {
    const asked = clueIntents.requestMoreInfo(clueIn('verifying'), liaison, {
      now: NOW,
      note: '请补充排污口的照片',
    });
    expect(asked.ok && asked.value.status).toBe('more_info_requested');
    const supplied = clueIntents.supplyInfo(clueIn('more_info_requested'), villager, { now: NOW });
    expect(supplied.ok && supplied.value.status).toBe('under_review');
  });

  test('only a prosecutor decides; a liaison or grid worker may not accept', () => {
    for (const actor of [liaison, gridWorker, villager]) {
      const result = clueIntents.accept(clueIn('under_review'), actor, { now: NOW });
      expect(result.ok ? 'accepted' : result.error.code).toBe('FORBIDDEN');
    }
  });

  test('not accepting a clue needs a reason the reporter can read', () => {
    const bare = clueIntents.notAccept(clueIn('under_review'), prosecutor, { now: NOW });
    if (bare.ok) throw new Error('accepted');
    expect(bare.error.details?.fields?.[0]).toEqual({
      field: 'note',
      message: '请写明不予受理的理由，举报人会看到',
    });
    const reasoned = clueIntents.notAccept(clueIn('under_review'), prosecutor, {
      now: NOW,
      note: '不属于公益诉讼范围，建议向信访办反映',
    });
    expect(reasoned.ok && reasoned.value.event).toMatchObject({
      to: 'not_accepted',
      visibleToReporter: true,
      note: '不属于公益诉讼范围，建议向信访办反映',
    });
  });

  test('a clue cannot be decided before its review starts', () => {
    const result = clueIntents.transfer(clueIn('received'), prosecutor, {
      now: NOW,
      note: '移送县生态环境局',
    });
    if (result.ok) throw new Error('accepted');
    expect(result.error.message).toBe('这条线索当前状态为「已收到」，不能移送');
  });

  test('every step of the review is shown to the reporter (件件有回复)', () => {
    for (const row of Object.values(clueMachine.transitions)) {
      expect(row.visibleToReporter).toBe(true);
    }
  });

  test('the action list names every row of the table', () => {
    expect([...CLUE_ACTIONS].sort()).toEqual(Object.keys(clueMachine.transitions).sort());
  });
});

describe('clue state groups', () => {
  test('pending review and decided cover every status exactly once', () => {
    for (const s of CLUE_STATUSES) expect(isPendingReview(s)).toBe(!isDecided(s));
    expect([...CLUE_GROUPS.pendingReview, ...CLUE_GROUPS.decided].sort()).toEqual(
      [...CLUE_STATUSES].sort(),
    );
    expect(isDecided({ status: 'transferred' })).toBe(true);
  });

  test('a decided clue allows no further step for anyone', () => {
    for (const s of CLUE_GROUPS.decided) {
      expect(
        allowedActions(clueMachine, s, [
          'prosecutor',
          'prosecutor_liaison',
          'grid_worker',
          'villager',
        ]),
      ).toEqual([]);
    }
  });
});
