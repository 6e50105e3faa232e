/**
 * Possible-duplicate linking (疑似重复线索) as pure rules: what counts as the same place, the
 * 500 m radius, open clues only, nearest first, at most twenty links.
 */
import fc from 'fast-check';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { ClueStatus } from '../../shared/clue/clue.status';
import { distanceMeters, samePlaceNodeIds } from '../../shared/grid/nearby';
import {
  DUPLICATE_RADIUS_METERS,
  MAX_DUPLICATE_LINKS,
  pickDuplicates,
} from '../../functions/clue/find-duplicate-clues';

const T = '2025-11-01T09:00:00+08:00';

function node(id: string, level: GridNode['level'], ancestors: string[]): GridNode {
  return {
    _id: id,
    townId: 't',
    createdAt: T,
    updatedAt: T,
    _version: 1,
    code: id,
    name: `${id}名`,
    level,
    parentId: ancestors.at(-1) ?? null,
    ancestorIds: ancestors,
    contacts: [],
    sample: false,
    active: true,
  };
}

const grid: GridNode[] = [
  node('town', 'town', []),
  node('c1', 'community', ['town']),
  node('v1', 'village', ['town', 'c1']),
  node('v2', 'village', ['town', 'c1']),
  node('s1', 'street', ['town', 'c1', 'v1']),
  node('l1', 'lane', ['town', 'c1', 'v1', 's1']),
  node('l2', 'lane', ['town', 'c1', 'v2']),
];

describe('the same place', () => {
  it('is the natural village with its streets and lanes, from any node inside it', () => {
    for (const start of ['v1', 's1', 'l1']) {
      expect(samePlaceNodeIds(grid, start).sort()).toEqual(['l1', 's1', 'v1']);
    }
    expect(samePlaceNodeIds(grid, 'l2').sort()).toEqual(['l2', 'v2']);
  });

  it('is the node alone above village level or when the grid does not know it', () => {
    expect(samePlaceNodeIds(grid, 'c1')).toEqual(['c1']);
    expect(samePlaceNodeIds(grid, 'town')).toEqual(['town']);
    expect(samePlaceNodeIds(grid, 'gone')).toEqual(['gone']);
  });
});

describe('distance', () => {
  it('is about 111 m per thousandth of a degree of latitude, and symmetric', () => {
    const a = { lat: 35.6, lng: 118.8 };
    expect(distanceMeters(a, { lat: 35.601, lng: 118.8 })).toBeCloseTo(111.2, 0);
    const point = fc.record({
      lat: fc.double({ min: 18, max: 53, noNaN: true }),
      lng: fc.double({ min: 74, max: 134, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, (p, q) => {
        expect(distanceMeters(p, q)).toBeCloseTo(distanceMeters(q, p), 6);
        expect(distanceMeters(p, p)).toBeCloseTo(0, 6);
      }),
    );
  });
});

describe('picking duplicates', () => {
  const other = (id: string, status: ClueStatus, coordinates?: { lat: number; lng: number }) => ({
    _id: id,
    status,
    place: { text: '村东', gridNodeId: 'v1', ...(coordinates ? { coordinates } : {}) },
  });
  const here = { coordinates: { lat: 35.6, lng: 118.8 } };
  const names = (id: string) => `${id}村`;

  it('keeps open clues within the radius, nearest first, those without a map point last', () => {
    const picked = pickDuplicates(
      'ecology_resources',
      here,
      [
        other('no-point', 'under_review'),
        other('far', 'received', { lat: 35.61, lng: 118.8 }),
        other('decided', 'accepted', { lat: 35.6, lng: 118.8 }),
        other('near', 'verifying', { lat: 35.6005, lng: 118.8 }),
        other('nearer', 'received', { lat: 35.6001, lng: 118.8 }),
      ],
      names,
    );
    expect(picked.map((p) => p.clueId)).toEqual(['nearer', 'near', 'no-point']);
    expect(picked[0]?.reason).toBe('同为「生态环境和资源保护」线索，同在v1村，相距约 11 米');
    expect(picked[2]).not.toHaveProperty('distanceMeters');
    for (const p of picked) {
      expect(p.distanceMeters ?? 0).toBeLessThanOrEqual(DUPLICATE_RADIUS_METERS);
    }
  });

  it('without coordinates on the new clue, links every open clue of the place', () => {
    const picked = pickDuplicates(
      'minors',
      {},
      [other('a', 'received', { lat: 36, lng: 119 }), other('b', 'more_info_requested')],
      names,
    );
    expect(picked.map((p) => p.clueId).sort()).toEqual(['a', 'b']);
  });

  it('links at most twenty', () => {
    const many = Array.from({ length: 30 }, (_, i) => other(`k${i}`, 'received'));
    expect(pickDuplicates('minors', {}, many, names)).toHaveLength(MAX_DUPLICATE_LINKS);
  });
});
