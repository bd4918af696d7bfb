import type { OrgTree } from '../org-tree.js';
import type { ResponsibilityRef } from './item-enums.js';
import type { ItemState } from './item-state.js';

/** What the organisation says now about the people an item's message may reach. */
export interface RecipientFacts {
  /** The unit's tree and its ancestors' leadership (seats of people who left count as empty). */
  tree: OrgTree;
  /** Of the people the item names (responsible, leader, supervising leader), the active ones. */
  active: ReadonlySet<string>;
  /** Inspectors nearest above the item's unit, and the unit whose grant they hold. */
  inspectors: { unitId: string; personIds: readonly string[] } | null;
  /** The campaign office nearest above the item's unit. */
  office: readonly string[];
}

export interface ResolvedRecipient {
  personId: string;
  role: ResponsibilityRef['role'];
  levelsUp?: number;
}

/**
 * Whom a rung or notice reaches, resolved when it fires (DOMAIN.md D5): the responsible person
 * and leader named on the item while they are active (a leader who left is answered for by the
 * unit's first responsible person); the party line's first responsible persons of the
 * responsible unit and up to two levels above; the business line's committee members who lead
 * the responsible leader's areas at those levels (两线问责); the nearest inspectors and their
 * own leader; the office. Each person once, in the order of `refs`.
 */
export function resolveRecipients(
  state: ItemState,
  refs: readonly ResponsibilityRef[],
  facts: RecipientFacts,
  exclude: readonly string[] = [],
): ResolvedRecipient[] {
  const unitId = state.assignment?.responsibleUnitId ?? state.unitId;
  const lineage = facts.tree.lineage(unitId);
  const out: ResolvedRecipient[] = [];
  const seen = new Set(exclude);
  const add = (personId: string | null | undefined, ref: ResponsibilityRef) => {
    if (!personId || seen.has(personId)) return;
    seen.add(personId);
    out.push({
      personId,
      role: ref.role,
      ...('levelsUp' in ref ? { levelsUp: ref.levelsUp } : {}),
    });
  };
  const activeOr = (id: string | null | undefined) => (id && facts.active.has(id) ? id : null);
  const leaderAreas = (): string[] => {
    const leader = state.assignment?.responsibleLeaderId;
    if (!leader) return [];
    for (const unit of lineage) {
      const seat = unit.committee.find((m) => m.personId === leader);
      if (seat) return [...seat.areas];
    }
    return [];
  };
  for (const ref of refs) {
    switch (ref.role) {
      case 'responsible_person':
        add(activeOr(state.assignment?.responsiblePersonId), ref);
        break;
      case 'responsible_leader':
        add(
          activeOr(state.assignment?.responsibleLeaderId) ??
            (state.assignment ? facts.tree.firstResponsible(unitId)?.personId : null),
          ref,
        );
        break;
      case 'supervising_leader':
        add(activeOr(state.supervisingLeaderId), ref);
        break;
      case 'first_responsible': {
        const unit = lineage[ref.levelsUp];
        if (unit) add(unit.firstResponsiblePersonId, ref);
        break;
      }
      case 'area_leader': {
        const unit = lineage[ref.levelsUp];
        if (!unit) break;
        for (const area of leaderAreas()) {
          const seat = unit.committee.find((m) => m.areas.some((a) => a.trim() === area.trim()));
          if (seat) add(seat.personId, ref);
        }
        break;
      }
      case 'inspector':
        for (const id of facts.inspectors?.personIds ?? []) add(id, ref);
        break;
      case 'inspector_leader':
        if (facts.inspectors)
          add(facts.tree.firstResponsible(facts.inspectors.unitId)?.personId, ref);
        break;
      case 'office':
        for (const id of facts.office) add(id, ref);
        break;
    }
  }
  return out;
}
