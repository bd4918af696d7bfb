import { describe, expect, it } from '@jest/globals';

import { OrgTree, type TreeUnit } from './org-tree.js';

/**
 * A six-level tree, root first:
 *
 *   city (secretary: p-city; committee: p-city-discipline leads 纪检监察, p-city-team leads 队伍管理)
 *   └─ county (secretary: p-county; committee: p-county-team leads " 队伍管理 " (padded), 宣传)
 *      ├─ dept (names nobody; committee: p-dept-logistics leads 后勤保障)
 *      │  └─ squad (secretary: p-squad; no committee)
 *      │     └─ team (names nobody)
 *      │        └─ group (secretary: p-group; committee: p-group-study leads 学习教育)
 *      └─ office (names nobody)
 *   orphanRoot (names nobody) └─ orphanChild (names nobody)
 */
function unit(
  id: string,
  parentId: string | null,
  firstResponsiblePersonId: string | null = null,
  committee: TreeUnit['committee'] = [],
): TreeUnit {
  return { id, parentId, firstResponsiblePersonId, committee };
}

const UNITS: TreeUnit[] = [
  unit('city', null, 'p-city', [
    { personId: 'p-city-discipline', areas: ['纪检监察'] },
    { personId: 'p-city-team', areas: ['宣传', '队伍管理'] },
  ]),
  unit('county', 'city', 'p-county', [
    { personId: 'p-county-team', areas: [' 队伍管理 ', '宣传'] },
  ]),
  unit('dept', 'county', null, [{ personId: 'p-dept-logistics', areas: ['后勤保障'] }]),
  unit('squad', 'dept', 'p-squad'),
  unit('team', 'squad'),
  unit('group', 'team', 'p-group', [{ personId: 'p-group-study', areas: ['学习教育'] }]),
  unit('office', 'county'),
  unit('orphanRoot', null),
  unit('orphanChild', 'orphanRoot'),
];

/** Build in reverse order too, so nothing depends on parents being listed first. */
const tree = new OrgTree([...UNITS].reverse());

describe('OrgTree.lineage', () => {
  it('lists the unit then each ancestor up to the root, across all six levels', () => {
    expect(tree.lineage('group').map((u) => u.id)).toEqual([
      'group',
      'team',
      'squad',
      'dept',
      'county',
      'city',
    ]);
  });

  it('is just the unit for a root, and empty for an unknown unit', () => {
    expect(tree.lineage('city').map((u) => u.id)).toEqual(['city']);
    expect(tree.lineage('nowhere')).toEqual([]);
  });

  it('stops at a parent that is not loaded', () => {
    const partial = new OrgTree([unit('a', 'missing'), unit('b', 'a')]);
    expect(partial.lineage('b').map((u) => u.id)).toEqual(['b', 'a']);
  });

  it('stops on a corrupted parent cycle instead of looping forever, listing each unit once', () => {
    const cyclic = new OrgTree([
      unit('x', 'z'),
      unit('y', 'x'),
      unit('z', 'y'),
      unit('leaf', 'x'),
      unit('self', 'self'),
    ]);
    expect(cyclic.lineage('leaf').map((u) => u.id)).toEqual(['leaf', 'x', 'z', 'y']);
    expect(cyclic.lineage('self').map((u) => u.id)).toEqual(['self']);
  });

  it('answers the other questions on a cyclic tree without hanging', () => {
    const cyclic = new OrgTree([unit('x', 'y'), unit('y', 'x', 'p-y')]);
    expect(cyclic.firstResponsible('x')).toEqual({ personId: 'p-y', unitId: 'y' });
    expect(cyclic.responsibleLeader('x', '宣传')).toEqual({ personId: 'p-y', unitId: 'y' });
    expect(cyclic.twoLevelsUp('x')).toEqual([{ level: 1, unitId: 'y', personId: 'p-y' }]);
    expect(cyclic.isWithin('x', 'nowhere')).toBe(false);

    const nobody = new OrgTree([unit('x', 'y'), unit('y', 'x')]);
    expect(nobody.firstResponsible('x')).toBeNull();
  });
});

describe('OrgTree.firstResponsible', () => {
  it("returns the unit's own first responsible person when it names one", () => {
    expect(tree.firstResponsible('group')).toEqual({ personId: 'p-group', unitId: 'group' });
    expect(tree.firstResponsible('squad')).toEqual({ personId: 'p-squad', unitId: 'squad' });
    expect(tree.firstResponsible('city')).toEqual({ personId: 'p-city', unitId: 'city' });
  });

  it('climbs to the nearest ancestor that names one', () => {
    // team names nobody; its parent squad does (the county and city above are not asked).
    expect(tree.firstResponsible('team')).toEqual({ personId: 'p-squad', unitId: 'squad' });
    // dept names nobody (a committee alone does not make a first responsible person).
    expect(tree.firstResponsible('dept')).toEqual({ personId: 'p-county', unitId: 'county' });
    expect(tree.firstResponsible('office')).toEqual({ personId: 'p-county', unitId: 'county' });
  });

  it('returns null when nobody up the chain names one, or the unit is unknown', () => {
    expect(tree.firstResponsible('orphanChild')).toBeNull();
    expect(tree.firstResponsible('orphanRoot')).toBeNull();
    expect(tree.firstResponsible('nowhere')).toBeNull();
  });
});

describe('OrgTree.responsibleLeader', () => {
  it("prefers the unit's own committee member for the area", () => {
    expect(tree.responsibleLeader('group', '学习教育')).toEqual({
      personId: 'p-group-study',
      unitId: 'group',
    });
    expect(tree.responsibleLeader('dept', '后勤保障')).toEqual({
      personId: 'p-dept-logistics',
      unitId: 'dept',
    });
  });

  it('climbs to the nearest ancestor whose committee leads the area, not a higher one', () => {
    // Both county and city have someone on 队伍管理; the county is nearer.
    expect(tree.responsibleLeader('group', '队伍管理')).toEqual({
      personId: 'p-county-team',
      unitId: 'county',
    });
    expect(tree.responsibleLeader('team', '后勤保障')).toEqual({
      personId: 'p-dept-logistics',
      unitId: 'dept',
    });
    // Only the city leads 纪检监察.
    expect(tree.responsibleLeader('group', '纪检监察')).toEqual({
      personId: 'p-city-discipline',
      unitId: 'city',
    });
  });

  it('matches areas ignoring surrounding whitespace on either side', () => {
    // The county stored " 队伍管理 " (padded); the caller asks with padding too.
    expect(tree.responsibleLeader('squad', '  队伍管理\t')).toEqual({
      personId: 'p-county-team',
      unitId: 'county',
    });
    expect(tree.responsibleLeader('county', '队伍管理')).toEqual({
      personId: 'p-county-team',
      unitId: 'county',
    });
  });

  it('does not match a mere part of an area name', () => {
    expect(tree.responsibleLeader('group', '队伍')).toEqual({
      personId: 'p-group',
      unitId: 'group',
    });
  });

  it('falls back to the first responsible person when nobody leads the area', () => {
    expect(tree.responsibleLeader('team', '装备财务')).toEqual({
      personId: 'p-squad',
      unitId: 'squad',
    });
    expect(tree.responsibleLeader('office', '装备财务')).toEqual({
      personId: 'p-county',
      unitId: 'county',
    });
    expect(tree.responsibleLeader('orphanChild', '装备财务')).toBeNull();
  });

  it('does not look at committees below the unit', () => {
    // 学习教育 is led only in group, far below the county.
    expect(tree.responsibleLeader('county', '学习教育')).toEqual({
      personId: 'p-county',
      unitId: 'county',
    });
  });
});

describe('OrgTree.twoLevelsUp', () => {
  it('returns the parent (level 1) and grandparent (level 2) first responsible persons, nearest first', () => {
    expect(tree.twoLevelsUp('dept')).toEqual([
      { level: 1, unitId: 'county', personId: 'p-county' },
      { level: 2, unitId: 'city', personId: 'p-city' },
    ]);
    expect(tree.twoLevelsUp('team')).toEqual([{ level: 1, unitId: 'squad', personId: 'p-squad' }]);
  });

  it('skips a level that names nobody rather than answering from higher up', () => {
    // group's parent (team) names nobody; level 2 is squad. The county is never asked.
    expect(tree.twoLevelsUp('group')).toEqual([{ level: 2, unitId: 'squad', personId: 'p-squad' }]);
    // squad's parent (dept) names nobody; level 2 is the county, not the city.
    expect(tree.twoLevelsUp('squad')).toEqual([
      { level: 2, unitId: 'county', personId: 'p-county' },
    ]);
  });

  it('returns fewer near the root', () => {
    expect(tree.twoLevelsUp('county')).toEqual([{ level: 1, unitId: 'city', personId: 'p-city' }]);
    expect(tree.twoLevelsUp('city')).toEqual([]);
    expect(tree.twoLevelsUp('orphanChild')).toEqual([]);
    expect(tree.twoLevelsUp('nowhere')).toEqual([]);
  });

  it("never includes the unit's own first responsible person", () => {
    expect(tree.twoLevelsUp('group').map((r) => r.personId)).not.toContain('p-group');
  });
});

describe('OrgTree.isWithin', () => {
  it('is true for the unit itself and for every ancestor', () => {
    for (const ancestor of ['group', 'team', 'squad', 'dept', 'county', 'city'])
      expect(tree.isWithin('group', ancestor)).toBe(true);
  });

  it('is false for descendants, siblings, other trees and unknown units', () => {
    expect(tree.isWithin('county', 'group')).toBe(false);
    expect(tree.isWithin('office', 'dept')).toBe(false);
    expect(tree.isWithin('group', 'office')).toBe(false);
    expect(tree.isWithin('orphanChild', 'city')).toBe(false);
    expect(tree.isWithin('nowhere', 'city')).toBe(false);
  });
});
