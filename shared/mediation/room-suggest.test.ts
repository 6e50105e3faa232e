import fc from 'fast-check';
import type { RoutingGridNode } from '../routing/routing.types';
import type { SuggestableRoom } from './room-suggest';
import {
  DEFAULT_URGENT_TO_POLICE_TYPES,
  URGENT_TO_POLICE_NOTICE,
  suggestRooms,
} from './room-suggest';

const TOWN = 'xiaodian';

const NODES: readonly RoutingGridNode[] = [
  { _id: 'n-town', townId: TOWN, parentId: null, level: 'town', name: '小店镇' },
  { _id: 'n-dg', townId: TOWN, parentId: 'n-town', level: 'community', name: '东关新村' },
  { _id: 'n-qj', townId: TOWN, parentId: 'n-dg', level: 'village', name: '前街村' },
  { _id: 'n-hj', townId: TOWN, parentId: 'n-dg', level: 'village', name: '后街村' },
  { _id: 'n-qj-1', townId: TOWN, parentId: 'n-qj', level: 'lane', name: '前街村一巷' },
  { _id: 'g-town', townId: 'guozhuang', parentId: null, level: 'town', name: '果庄镇' },
];

const room = (
  _id: string,
  gridNodeId: string,
  name: string,
  disputeTypes: readonly string[],
  extra: Partial<SuggestableRoom> = {},
): SuggestableRoom => ({
  _id,
  townId: TOWN,
  kind: 'family',
  name,
  gridNodeId,
  disputeTypes,
  active: true,
  ...extra,
});

const ROOMS: readonly SuggestableRoom[] = [
  room('r-town-family', 'n-town', '镇家事调解室', ['support', 'marriage']),
  room('r-town-police', 'n-town', '警司联调中心', ['police_call'], { kind: 'police' }),
  room('r-dg-family', 'n-dg', '东关新村家事调解室', ['support']),
  room('r-dg-old', 'n-dg', '老支书调解室', ['neighbour', 'land'], { kind: 'old_secretary' }),
  room('r-qj-talk', 'n-qj', '群众说话室', ['support', 'neighbour']),
  room('r-hj-talk', 'n-hj', '后街村群众说话室', ['support']),
  room('r-qj-closed', 'n-qj', '旧说话室', ['support'], { active: false }),
  room('r-other-town', 'g-town', '果庄镇家事调解室', ['support'], { townId: 'guozhuang' }),
];

function suggested(...args: Parameters<typeof suggestRooms>) {
  const result = suggestRooms(...args);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('suggestRooms', () => {
  it('proposes the village’s own room, then the community’s, then the town’s', () => {
    const s = suggested('support', 'n-qj', ROOMS, NODES, { disputeTypeLabel: '赡养纠纷' });
    expect(s.rooms.map((r) => [r.room._id, r.distance, r.level, r.reason])).toEqual([
      ['r-qj-talk', 0, 'village', '本村的群众说话室受理赡养纠纷'],
      ['r-dg-family', 1, 'community', '东关新村的东关新村家事调解室受理赡养纠纷'],
      ['r-town-family', 2, 'town', '小店镇的镇家事调解室受理赡养纠纷'],
    ]);
    expect(s.urgentToPolice).toBe(false);
    expect(s.notice).toBeUndefined();
  });

  it('leaves out rooms of other villages, closed rooms and rooms of other towns', () => {
    const ids = suggested('support', 'n-qj', ROOMS, NODES).rooms.map((r) => r.room._id);
    expect(ids).not.toContain('r-hj-talk');
    expect(ids).not.toContain('r-qj-closed');
    expect(ids).not.toContain('r-other-town');
  });

  it('proposes only rooms that take the dispute type', () => {
    const s = suggested('land', 'n-qj', ROOMS, NODES, { disputeTypeLabel: '土地纠纷' });
    expect(s.rooms.map((r) => r.reason)).toEqual(['东关新村的老支书调解室受理土地纠纷']);
    expect(suggested('inheritance', 'n-qj', ROOMS, NODES).rooms).toEqual([]);
  });

  it('climbs from a lane, calling the lane’s own level “本巷”', () => {
    const rooms = [...ROOMS, room('r-lane', 'n-qj-1', '巷口说事点', ['neighbour'])];
    const s = suggested('neighbour', 'n-qj-1', rooms, NODES);
    expect(s.rooms.map((r) => [r.room._id, r.distance])).toEqual([
      ['r-lane', 0],
      ['r-qj-talk', 1],
      ['r-dg-old', 2],
    ]);
    expect(s.rooms[0]?.reason).toBe('本巷的巷口说事点受理这类纠纷');
    expect(s.rooms[1]?.reason).toBe('前街村的群众说话室受理这类纠纷');
  });

  it('orders rooms at the same place by name (code point, the same on every phone), then id, and lists a room once', () => {
    const rooms = [
      room('b', 'n-dg', '二号调解室', ['support']),
      room('a2', 'n-dg', '一号调解室', ['support']),
      room('a1', 'n-dg', '一号调解室', ['support']),
      room('a1', 'n-dg', '一号调解室', ['support']),
    ];
    const ids = suggested('support', 'n-dg', rooms, NODES).rooms.map((r) => r.room._id);
    expect(ids).toEqual(['a1', 'a2', 'b']);
  });

  it('flags a police-call dispute for the police at once, still proposing 警司联调', () => {
    const s = suggested('police_call', 'n-qj', ROOMS, NODES);
    expect(s.urgentToPolice).toBe(true);
    expect(s.notice).toBe(URGENT_TO_POLICE_NOTICE);
    expect(s.rooms.map((r) => r.room._id)).toEqual(['r-town-police']);
    expect(DEFAULT_URGENT_TO_POLICE_TYPES.has('domestic_violence')).toBe(true);
  });

  it('takes the set of urgent dispute types from the caller', () => {
    const urgentToPoliceTypes = new Set(['fight']);
    expect(suggested('fight', 'n-qj', ROOMS, NODES, { urgentToPoliceTypes }).urgentToPolice).toBe(
      true,
    );
    expect(
      suggested('police_call', 'n-qj', ROOMS, NODES, { urgentToPoliceTypes }).urgentToPolice,
    ).toBe(false);
  });

  it('refuses an unknown place on the gridNodeId field', () => {
    const result = suggestRooms('support', 'nowhere', ROOMS, NODES);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.details?.fields?.[0]?.field).toBe('gridNodeId');
  });

  it('never proposes a room off the place’s path, and always nearest first, in any order', () => {
    const roomArb = fc.record({
      _id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
      townId: fc.constantFrom(TOWN, TOWN, 'guozhuang'),
      kind: fc.constant('any'),
      name: fc.constantFrom('甲', '乙', '丙'),
      gridNodeId: fc.constantFrom(...NODES.map((n) => n._id)),
      disputeTypes: fc.subarray(['support', 'land', 'police_call']),
      active: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(roomArb, { maxLength: 10 }),
        fc.constantFrom(...NODES.map((n) => n._id)),
        fc.constantFrom('support', 'land', 'police_call'),
        (rooms, place, type) => {
          const s = suggested(type, place, rooms, NODES);
          const onPath: string[] = [];
          for (let id: string | null = place; id !== null;) {
            onPath.push(id);
            id = NODES.find((n) => n._id === id)?.parentId ?? null;
          }
          const placeTown = NODES.find((n) => n._id === place)?.townId;
          for (const r of s.rooms) {
            expect(r.room.active).toBe(true);
            expect(r.room.townId).toBe(placeTown);
            expect(r.room.disputeTypes).toContain(type);
            expect(onPath.indexOf(r.room.gridNodeId)).toBe(r.distance);
          }
          const distances = s.rooms.map((r) => r.distance);
          expect(distances).toEqual([...distances].sort((a, b) => a - b));
          expect(new Set(s.rooms.map((r) => r.room._id)).size).toBe(s.rooms.length);
          expect(
            suggested(type, place, [...rooms].reverse(), NODES).rooms.map((r) => r.room._id),
          ).toEqual(s.rooms.map((r) => r.room._id));
        },
      ),
    );
  });
});
