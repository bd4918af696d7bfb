import { describe, expect, it } from '@jest/globals';

import { OrgTree, type TreeUnit } from '../org-tree.js';
import { type RecipientFacts, resolveRecipients } from './item-recipients.js';
import { assignedItem, PEOPLE } from './test/item-kit.js';

const unit = (
  id: string,
  parentId: string | null,
  first: string | null,
  committee: TreeUnit['committee'] = [],
): TreeUnit => ({ id, parentId, firstResponsiblePersonId: first, committee });

// The item's responsible department u-dept lies in u-county, which lies in u-city.
const tree = new OrgTree([
  unit('u-city', null, 'p-city-secretary', [{ personId: 'p-city-team', areas: ['队伍管理'] }]),
  unit('u-county', 'u-city', 'p-county-secretary', [
    { personId: 'p-county-team', areas: [' 队伍管理 '] },
  ]),
  unit('u-dept', 'u-county', null, [{ personId: PEOPLE.leader, areas: ['队伍管理', '后勤'] }]),
]);
const facts = (patch: Partial<RecipientFacts> = {}): RecipientFacts => ({
  tree,
  active: new Set([PEOPLE.person, PEOPLE.leader, PEOPLE.supervisor]),
  inspectors: { unitId: 'u-county', personIds: [PEOPLE.inspector, PEOPLE.inspector2] },
  office: ['p-office-1'],
  ...patch,
});
const { state } = assignedItem();

describe('resolveRecipients', () => {
  it('reaches both lines up two levels for accountability, each person once', () => {
    const reached = resolveRecipients(
      state,
      [
        { role: 'responsible_person' },
        { role: 'responsible_leader' },
        { role: 'first_responsible', levelsUp: 0 },
        { role: 'first_responsible', levelsUp: 1 },
        { role: 'area_leader', levelsUp: 1 },
        { role: 'first_responsible', levelsUp: 2 },
        { role: 'area_leader', levelsUp: 2 },
        { role: 'inspector' },
        { role: 'inspector_leader' },
      ],
      facts(),
    );
    expect(reached.map((r) => [r.personId, r.role, r.levelsUp])).toEqual([
      [PEOPLE.person, 'responsible_person', undefined],
      [PEOPLE.leader, 'responsible_leader', undefined],
      // u-dept names no first responsible person: nobody at level 0 on the party line.
      ['p-county-secretary', 'first_responsible', 1],
      ['p-county-team', 'area_leader', 1],
      ['p-city-secretary', 'first_responsible', 2],
      ['p-city-team', 'area_leader', 2],
      [PEOPLE.inspector, 'inspector', undefined],
      [PEOPLE.inspector2, 'inspector', undefined],
      // The inspectors' own leader is their unit's first responsible person, reached already.
    ]);
  });

  it('answers for a leader who left with the unit’s first responsible person', () => {
    const reached = resolveRecipients(
      state,
      [{ role: 'responsible_person' }, { role: 'responsible_leader' }],
      facts({ active: new Set([PEOPLE.person]) }),
    );
    expect(reached.map((r) => r.personId)).toEqual([PEOPLE.person, 'p-county-secretary']);
  });

  it('skips a responsible person who left, and leaves out the excluded', () => {
    const reached = resolveRecipients(
      state,
      [{ role: 'responsible_person' }, { role: 'inspector' }, { role: 'office' }],
      facts({ active: new Set([PEOPLE.leader]) }),
      [PEOPLE.inspector],
    );
    expect(reached.map((r) => r.personId)).toEqual([PEOPLE.inspector2, 'p-office-1']);
  });

  it('reaches the supervising leader only while one is named and active', () => {
    const refs = [{ role: 'supervising_leader' as const }];
    expect(resolveRecipients(state, refs, facts())).toEqual([]);
    const flagged = { ...state, supervisingLeaderId: PEOPLE.supervisor };
    expect(resolveRecipients(flagged, refs, facts()).map((r) => r.personId)).toEqual([
      PEOPLE.supervisor,
    ]);
    expect(resolveRecipients(flagged, refs, facts({ active: new Set() }))).toEqual([]);
  });
});
