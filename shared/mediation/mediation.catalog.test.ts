import { DEPARTMENT_CODES } from '../grid/departments.catalog';
import {
  DISPUTE_TYPE_CODES,
  DISPUTE_TYPES,
  ESCALATION_ROOM_KIND,
  HOST_LABELS,
  isJudicialConfirmationAvailable,
  JUDICIAL_CONFIRMATION_INELIGIBLE,
  JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE,
  MEDIATION_LADDER,
  nextLadderStep,
  OTHER_HOST_BODIES,
  OTHER_ROUTES,
  roomKind,
  ROOM_KIND_CODES,
  ROOM_KINDS,
  roomKindsFor,
  URGENT_TO_POLICE_DISPUTE_TYPES,
} from './mediation.catalog';

const names = ROOM_KINDS.map((k) => k.name as string);

describe('mediation catalog', () => {
  test('codes are unique in every list', () => {
    const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;
    expect(unique(DISPUTE_TYPE_CODES)).toBe(true);
    expect(unique(ROOM_KIND_CODES)).toBe(true);
    expect(unique(OTHER_ROUTES.map((r) => r.code))).toBe(true);
    expect(unique([...DEPARTMENT_CODES, ...OTHER_HOST_BODIES.map((b) => b.code)])).toBe(true);
    expect(unique(DISPUTE_TYPES.map((d) => d.label))).toBe(true);
  });

  test("every room's dispute types and hosts exist", () => {
    for (const kind of ROOM_KINDS) {
      expect(kind.disputeTypes.length).toBeGreaterThan(0);
      for (const t of kind.disputeTypes) expect(DISPUTE_TYPE_CODES).toContain(t);
      expect(kind.hosts.length).toBeGreaterThan(0);
      for (const h of kind.hosts) expect(HOST_LABELS[h]).toMatch(/[\u4e00-\u9fff]/);
      expect(kind.levels.length).toBeGreaterThan(0);
    }
  });

  test('every room, link and consultation the town names is there', () => {
    const expected = [
      '老支书调解室',
      '家事调解室（大嫂调解）',
      '群众说话室',
      '涉消调委会',
      '诉前调解室',
      '警司联调',
      '访调对接',
      '两代表一委员调解室',
      '老兵调解室',
      '行政调解',
      '夕阳红调解室',
      '医调',
      '物调',
      '环调',
      '校调',
      '交调',
      '商调',
      '援调',
      '法律顾问咨询',
    ];
    for (const name of expected) expect(names).toContain(name);
  });

  test('rooms sit where the account puts them and take what it says', () => {
    expect(roomKind('old_secretary')).toMatchObject({
      levels: ['community'],
      disputeTypes: ['neighbour', 'land', 'village_affairs'],
    });
    expect(roomKind('talk_room').levels).toEqual(['village']);
    expect(roomKind('family_mediation').disputeTypes).toEqual(
      expect.arrayContaining(['elderly_support', 'child_support', 'inheritance', 'marriage']),
    );
    expect(roomKind('fire_mediation').hosts).toEqual([
      'fire_station',
      'judicial_office',
      'emergency_office',
    ]);
    expect(roomKind('pre_litigation').hosts).toContain('judicial_office');
    expect(roomKind('veterans').hosts).toContain('judicial_office');
    expect(roomKind('police_judicial').levels).toEqual(['town', 'community']);
    expect(roomKind('petition_mediation').hosts).toContain('petition_office');
    expect(roomKind('representatives').disputeTypes).toEqual(['cadre_masses']);
    expect(roomKind('administrative').hosts).toEqual(
      expect.arrayContaining([
        'law_enforcement',
        'emergency_office',
        'natural_resources',
        'civil_affairs',
        'human_resources',
      ]),
    );
    expect(roomKind('sunset').disputeTypes).toContain('elderly_rights');
  });

  test('every dispute type has at least one room that takes it', () => {
    for (const t of DISPUTE_TYPE_CODES) expect(roomKindsFor(t).length).toBeGreaterThan(0);
  });

  test('named rooms are offered before the general ladder, never the consultation', () => {
    const forNeighbour = roomKindsFor('neighbour').map((k) => k.code);
    expect(forNeighbour).toContain('old_secretary');
    expect(forNeighbour).not.toContain('legal_adviser');
    const firstLadder = forNeighbour.findIndex((c) => roomKind(c as never).category === 'ladder');
    const lastSpecial = forNeighbour
      .map((c) => roomKind(c as never).category)
      .lastIndexOf('special');
    expect(lastSpecial).toBeLessThan(firstLadder);
    expect(roomKindsFor('fire_safety').map((k) => k.code)).toEqual(['fire_mediation']);
  });

  test('escalating disputes go to 警司联调, which takes every urgent type', () => {
    expect(roomKind(ESCALATION_ROOM_KIND).name).toBe('警司联调');
    expect(URGENT_TO_POLICE_DISPUTE_TYPES.length).toBeGreaterThan(0);
    for (const t of URGENT_TO_POLICE_DISPUTE_TYPES) {
      expect(roomKind(ESCALATION_ROOM_KIND).disputeTypes).toContain(t);
    }
  });

  test('judicial confirmation is refused for identity, adoption and marriage relationships, and says so', () => {
    expect([...JUDICIAL_CONFIRMATION_INELIGIBLE].sort()).toEqual([
      'adoption',
      'marriage',
      'personal_status',
    ]);
    expect(isJudicialConfirmationAvailable('marriage')).toBe(false);
    expect(isJudicialConfirmationAvailable('neighbour')).toBe(true);
    expect(JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE).toContain('不能');
    expect(JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE).toContain('起诉');
  });

  test('the ladder climbs village group → community → town → 司法所 → court, then stops', () => {
    expect(MEDIATION_LADDER.map((s) => s.label)).toEqual([
      '自然村调解小组',
      '新村调委会',
      '镇调委会',
      '司法所',
      '法庭',
    ]);
    expect(nextLadderStep('village_group')).toBe('community_committee');
    expect(nextLadderStep('judicial_office')).toBe('court');
    expect(nextLadderStep('court')).toBeUndefined();
  });

  test('failure routes include going to court, each explained in Chinese', () => {
    expect(OTHER_ROUTES.map((r) => r.code)).toContain('litigation');
    for (const r of OTHER_ROUTES) expect(r.explanation).toMatch(/[\u4e00-\u9fff]/);
  });
});
