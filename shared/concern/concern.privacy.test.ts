import type { Role } from '../kernel/roles';
import type { ReporterSubject } from './concern.privacy';
import { maySeeReporter } from './concern.privacy';

const TOWN = 'town-a';
const viewer = (id: string, roles: Role[], townId = TOWN) => ({ _id: id, townId, roles });
const confidential: ReporterSubject = {
  townId: TOWN,
  reporterId: 'v-wang',
  confidential: true,
  assigneeId: 'g-zhang',
};

describe('who may see a confidential (保密) concern’s reporter', () => {
  it('the reporter, the handling grid worker and the centre; nobody else of any role', () => {
    const seeing = [
      viewer('v-wang', ['villager']),
      viewer('g-zhang', ['grid_worker', 'mediator']),
      viewer('c-qian', ['center_operator']),
    ];
    const blind = [
      viewer('v-li', ['villager']),
      viewer('g-other', ['grid_worker']),
      viewer('m-sun', ['mediator']),
      viewer('l-zhou', ['legal_adviser']),
      viewer('d-wu', ['dept_officer']),
      viewer('p-liaison', ['prosecutor_liaison']),
      viewer('p-zheng', ['prosecutor']),
      viewer('a-admin', ['admin']),
      viewer('k-county', ['county_officer']),
      viewer('c-other-town', ['center_operator'], 'town-b'),
    ];
    expect(seeing.map((v) => maySeeReporter(v, confidential))).toEqual([true, true, true]);
    expect(blind.filter((v) => maySeeReporter(v, confidential))).toEqual([]);
  });

  it('a department that a transfer made the assignee never sees them, even holding the grid role', () => {
    const officer = viewer('d-wu', ['dept_officer', 'grid_worker']);
    const held = {
      ...confidential,
      assigneeId: 'd-wu',
      departmentId: 'natural_resources' as const,
    };
    expect(maySeeReporter(officer, held)).toBe(false);
  });

  it('a mediator, the petition office or the liaison receiving a transfer never sees them', () => {
    const mediator = viewer('g-zhang', ['grid_worker', 'mediator']);
    for (const to of ['mediation', 'petition', 'clue'] as const) {
      const target =
        to === 'mediation'
          ? { to, disputeType: 'neighbour' as const }
          : to === 'clue'
            ? { to, domain: 'ecology_resources' as const, reporterConsent: false }
            : { to };
      const moved: ReporterSubject = {
        ...confidential,
        transfer: { target, note: '转办', at: '2025-11-17T09:00:00+08:00', by: 'g-zhang' },
      };
      expect(maySeeReporter(mediator, moved)).toBe(false);
      expect(maySeeReporter(viewer('c-qian', ['center_operator']), moved)).toBe(true);
    }
  });

  it('an ordinary concern’s reporter is shown to any reader of the town, never outside it', () => {
    const open = { ...confidential, confidential: false };
    expect(maySeeReporter(viewer('d-wu', ['dept_officer']), open)).toBe(true);
    expect(maySeeReporter(viewer('x', ['center_operator'], 'town-b'), open)).toBe(false);
  });
});
