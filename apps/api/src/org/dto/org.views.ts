import { label, type Language, type PersonFlag } from '@campaign/domain';
import type { GrantWithPath, PersonEntity, UnitEntity } from '@campaign/persistence';

import type { LabelledView } from '../../common/labelled.js';

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: LabelledView;
  parentId: string | null;
  depth: number;
  firstResponsiblePersonId: string | null;
}

export interface UnitTreeNode extends UnitView {
  children: UnitTreeNode[];
}

export interface PersonView {
  id: string;
  staffNumber: string;
  name: string;
  unitId: string;
  position: string;
  email: string | null;
  phone: string | null;
  isLeader: boolean;
  isKeyPerson: boolean;
  flags: LabelledView[];
  keyPersonReasons: LabelledView[];
  status: LabelledView;
  leftAt: string | null;
}

export interface GrantView {
  id: string;
  personId: string;
  role: LabelledView;
  unitId: string;
  createdAt: string;
}

export function unitView(unit: UnitEntity, language: Language): UnitView {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    kind: { code: unit.kind, label: label('unitKind', unit.kind, language) },
    parentId: unit.parentId,
    depth: unit.path.split('.').length - 1,
    firstResponsiblePersonId: unit.firstResponsiblePersonId,
  };
}

/** Nests a path-ordered list; units whose parent is not in the list become roots. */
export function unitTree(units: UnitEntity[], language: Language): UnitTreeNode[] {
  const nodes = new Map<string, UnitTreeNode>();
  const roots: UnitTreeNode[] = [];
  for (const unit of units) {
    const node: UnitTreeNode = { ...unitView(unit, language), children: [] };
    nodes.set(unit.id, node);
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function personView(person: PersonEntity, language: Language): PersonView {
  const flags: PersonFlag[] = [
    ...(person.isLeader ? (['leader'] as const) : []),
    ...(person.isKeyPerson ? (['key_person'] as const) : []),
  ];
  return {
    id: person.id,
    staffNumber: person.staffNumber,
    name: person.name,
    unitId: person.unitId,
    position: person.position,
    email: person.email,
    phone: person.phone,
    isLeader: person.isLeader,
    isKeyPerson: person.isKeyPerson,
    flags: flags.map((f) => ({ code: f, label: label('personFlag', f, language) })),
    keyPersonReasons: person.keyPersonReasons.map((r) => ({
      code: r,
      label: label('keyPersonReason', r, language),
    })),
    status: { code: person.status, label: label('personStatus', person.status, language) },
    leftAt: person.leftAt?.toISOString() ?? null,
  };
}

export function grantView(grant: GrantWithPath, language: Language): GrantView {
  return {
    id: grant.id,
    personId: grant.personId,
    role: { code: grant.role, label: label('role', grant.role, language) },
    unitId: grant.unitId,
    createdAt: grant.createdAt.toISOString(),
  };
}
