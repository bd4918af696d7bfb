/**
 * Who answers for a unit, from the tree alone (pure: the caller loads the units). These answer
 * the escalation ladder's questions: "the unit's first responsible person" (第一责任人), "the
 * responsible leader" for an area (分管领导, 一岗双责), and "the leaders up to two levels above"
 * (上追两级).
 */
export interface TreeUnit {
  id: string;
  parentId: string | null;
  /** The unit's party secretary, when named. */
  firstResponsiblePersonId: string | null;
  /** Committee members and the areas each leads. */
  committee: ReadonlyArray<{ personId: string; areas: readonly string[] }>;
}

export interface Responsible {
  personId: string;
  /** The unit whose leadership answered (the unit itself or an ancestor). */
  unitId: string;
}

export class OrgTree {
  private readonly byId: ReadonlyMap<string, TreeUnit>;

  constructor(units: Iterable<TreeUnit>) {
    this.byId = new Map([...units].map((u) => [u.id, u]));
  }

  /** The unit followed by its ancestors up to the root. Stops on a cycle rather than looping. */
  lineage(unitId: string): TreeUnit[] {
    const chain: TreeUnit[] = [];
    const seen = new Set<string>();
    for (let unit = this.byId.get(unitId); unit && !seen.has(unit.id); unit = this.parentOf(unit)) {
      seen.add(unit.id);
      chain.push(unit);
    }
    return chain;
  }

  /**
   * The first responsible person of the unit; a unit that names none (an office, a branch
   * without a secretary yet) answers through its nearest ancestor that does.
   */
  firstResponsible(unitId: string): Responsible | null {
    for (const unit of this.lineage(unitId)) {
      if (unit.firstResponsiblePersonId)
        return { personId: unit.firstResponsiblePersonId, unitId: unit.id };
    }
    return null;
  }

  /**
   * The leader responsible for `area` over the unit: the nearest committee member (the unit's
   * own first, then up the tree) who leads that area; without one, the first responsible person.
   */
  responsibleLeader(unitId: string, area: string): Responsible | null {
    const wanted = area.trim();
    for (const unit of this.lineage(unitId)) {
      const member = unit.committee.find((m) => m.areas.some((a) => a.trim() === wanted));
      if (member) return { personId: member.personId, unitId: unit.id };
    }
    return this.firstResponsible(unitId);
  }

  /**
   * Accountability "up two levels" (上追两级): the first responsible persons of the unit's parent
   * and grandparent, nearest first. Fewer near the root; a level that names nobody is skipped
   * rather than answered from higher up, so no one is held to account twice.
   */
  twoLevelsUp(unitId: string): Array<Responsible & { level: 1 | 2 }> {
    const [, parent, grandparent] = this.lineage(unitId);
    const levels: Array<[1 | 2, TreeUnit | undefined]> = [
      [1, parent],
      [2, grandparent],
    ];
    return levels.flatMap(([level, unit]) =>
      unit?.firstResponsiblePersonId
        ? [{ level, unitId: unit.id, personId: unit.firstResponsiblePersonId }]
        : [],
    );
  }

  /** True when `unitId` is `ancestorId` or lies below it. */
  isWithin(unitId: string, ancestorId: string): boolean {
    return this.lineage(unitId).some((u) => u.id === ancestorId);
  }

  private parentOf(unit: TreeUnit): TreeUnit | undefined {
    return unit.parentId ? this.byId.get(unit.parentId) : undefined;
  }
}
