import { pathToRoot, townNodesById } from './grid.path';
import type { RoutingGridNode } from './routing.types';

const node = (
  _id: string,
  parentId: string | null,
  level: RoutingGridNode['level'],
  townId = 'xiaodian',
): RoutingGridNode => ({ _id, townId, parentId, level, name: _id });

describe('pathToRoot', () => {
  it('climbs from a lane to the town, nearest first', () => {
    const byId = townNodesById(
      [
        node('lane', 'village', 'lane'),
        node('town', null, 'town'),
        node('village', 'community', 'village'),
        node('community', 'town', 'community'),
      ],
      'xiaodian',
    );
    expect(pathToRoot(byId, 'lane').map((n) => n._id)).toEqual([
      'lane',
      'village',
      'community',
      'town',
    ]);
  });

  it('stops at a cycle instead of looping', () => {
    const byId = townNodesById(
      [node('a', 'b', 'village'), node('b', 'a', 'community')],
      'xiaodian',
    );
    expect(pathToRoot(byId, 'a').map((n) => n._id)).toEqual(['a', 'b']);
  });

  it('stops at a missing parent or one of another town', () => {
    const byId = townNodesById(
      [
        node('a', 'ghost', 'village'),
        node('b', 'other', 'village'),
        node('other', null, 'town', 'guozhuang'),
      ],
      'xiaodian',
    );
    expect(pathToRoot(byId, 'a').map((n) => n._id)).toEqual(['a']);
    expect(pathToRoot(byId, 'b').map((n) => n._id)).toEqual(['b']);
    expect(pathToRoot(byId, 'other')).toEqual([]);
  });

  it('keeps the first of two nodes that share an id', () => {
    const byId = townNodesById(
      [
        { ...node('a', null, 'town'), name: '第一' },
        { ...node('a', null, 'town'), name: '第二' },
      ],
      'xiaodian',
    );
    expect(byId.get('a')?.name).toBe('第一');
  });
});
