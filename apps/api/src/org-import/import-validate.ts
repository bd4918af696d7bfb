/**
 * The roster's rules, pure: first each row on its own (parseRoster), then the whole file against
 * what the database holds and what the caller may touch (planImport). Every problem is collected;
 * a plan comes out only when there is none.
 */
import {
  isWithin,
  KEY_PERSON_REASONS,
  type KeyPersonReason,
  LABELS,
  PERSON_STATUSES,
  type PersonStatus,
  UNIT_KINDS,
  type UnitKind,
} from '@campaign/domain';
import type { PersonFields } from '@campaign/persistence';
import type { Scope } from '@campaign/persistence';
import { isEmail } from 'class-validator';

import { unsafeTextProblem } from '../common/input-safety.js';
import { humanTextProblem, textLength } from '../common/text.js';
import {
  bilingual,
  type ColumnKey,
  normaliseHeader,
  type SheetKind,
  sheetSpec,
} from './import-columns.js';
import type { ImportProblem, RawRoster, RawSheet } from './import-read.js';

// ---- value parsing ----------------------------------------------------------------------------

const CODE = /^[A-Za-z0-9_-]+$/;
const PHONE = /^[0-9+\- ()]{3,32}$/;

/** A user's value, shortened and quoted, for messages (never used for names). */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** A code or staff number for a message: as is when well-formed, quoted and shortened if not. */
function codeText(code: string): string {
  return code.length <= 64 && CODE.test(code) ? code : quote(code);
}

function norm(value: string): string {
  return normaliseHeader(value);
}

/** Matches an enum value by its code or its zh-CN or en label. */
export function enumMatcher<V extends string>(
  values: readonly V[],
  labels: Record<V, Record<string, string>>,
): (text: string) => V | undefined {
  const lookup = new Map<string, V>();
  for (const value of values) {
    lookup.set(norm(value), value);
    for (const text of Object.values(labels[value])) lookup.set(norm(text), value);
  }
  return (text) => lookup.get(norm(text));
}

export const parseUnitKind = enumMatcher<UnitKind>(UNIT_KINDS, LABELS.unitKind);
export const parseKeyPersonReason = enumMatcher<KeyPersonReason>(
  KEY_PERSON_REASONS,
  LABELS.keyPersonReason,
);
export const parsePersonStatus = enumMatcher<PersonStatus>(PERSON_STATUSES, LABELS.personStatus);

const YES = new Set(['是', 'yes', 'true', '1']);
const NO = new Set(['否', 'no', 'false', '0', '']);

/** 是/否, yes/no, true/false, 1/0; empty is no. */
export function parseYesNo(text: string): boolean | undefined {
  const value = norm(text);
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return undefined;
}

/** Splits a list cell on 、 , ; (half- or full-width). */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface CommitteeEntry {
  staffNumber: string;
  areas: string[];
}

/** `staffNo:area、area; staffNo:area` — members split by ; and areas by 、 or ,. */
export function parseCommittee(text: string): { members: CommitteeEntry[]; errors: string[] } {
  const members: CommitteeEntry[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[;；\n]/)) {
    const entry = part.trim();
    if (!entry) continue;
    const colon = entry.search(/[:：]/);
    const staffNumber = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const areas = colon < 0 ? [] : [...new Set(splitList(entry.slice(colon + 1)))];
    if (!staffNumber) {
      errors.push('each committee member must start with a staff number, e.g. 100002:队伍建设');
      continue;
    }
    if (staffNumber.length > 32 || !CODE.test(staffNumber)) {
      errors.push(`committee member staff number ${quote(staffNumber)} is not a staff number`);
      continue;
    }
    if (seen.has(staffNumber)) {
      errors.push(`staff number ${staffNumber} is listed twice in the committee`);
      continue;
    }
    if (areas.some((a) => textLength(a) > 100)) {
      errors.push(`an area of staff number ${staffNumber} is longer than 100 characters`);
      continue;
    }
    const badArea = areas.map(humanTextProblem).find((problem) => problem !== null);
    if (badArea) {
      errors.push(`an area of staff number ${staffNumber} ${badArea}`);
      continue;
    }
    seen.add(staffNumber);
    members.push({ staffNumber, areas });
  }
  return { members, errors };
}

// ---- rows on their own ------------------------------------------------------------------------

export interface ParsedUnit {
  row: number;
  code: string;
  name: string;
  kind: UnitKind | undefined;
  /** Empty for a top-level unit. */
  parentCode: string;
  /** Undefined when the column is absent (left as stored); '' clears it. */
  firstResponsible: string | undefined;
  committee: CommitteeEntry[] | undefined;
}

export interface ParsedPerson {
  row: number;
  staffNumber: string;
  name: string;
  unitCode: string;
  /** Each optional field is undefined when its column is absent (kept as stored, or default). */
  position: string | undefined;
  email: string | null | undefined;
  phone: string | null | undefined;
  isLeader: boolean | undefined;
  isKeyPerson: boolean | undefined;
  keyPersonReasons: KeyPersonReason[] | undefined;
  status: PersonStatus | undefined;
}

interface SheetMeta {
  name: string;
  headers: Partial<Record<string, string>>;
  order: Partial<Record<string, number>>;
}

export interface ParsedRoster {
  units: ParsedUnit[];
  people: ParsedPerson[];
  problems: ImportProblem[];
  sheets: Partial<Record<SheetKind, SheetMeta>>;
}

function reporter<S extends SheetKind>(
  kind: S,
  sheet: RawSheet<S> | SheetMeta | undefined,
  problems: ImportProblem[],
) {
  const spec = sheetSpec(kind);
  return (row: number, column: ColumnKey<S>, message: string) => {
    const header =
      sheet?.headers?.[column] ?? bilingual(spec.columns.find((c) => c.key === column)!);
    problems.push({ sheet: sheet?.name ?? bilingual(spec), row, column: header, message });
  };
}

const BAD_CODE_POINTS = /[\u0000\p{Surrogate}]/gu;

/**
 * The edge rules of the JSON API for spreadsheet cells: no NUL or unpaired surrogates (reported;
 * any problem stops the whole import), and NFC, so imported and typed names compare equal.
 */
function cleanCells<K extends string>(
  cells: Partial<Record<K, string>>,
  report: (column: K, message: string) => void,
): Partial<Record<K, string>> {
  const clean: Partial<Record<K, string>> = {};
  for (const [column, text] of Object.entries(cells) as Array<[K, string]>) {
    const problem = unsafeTextProblem(text);
    if (problem) report(column, problem);
    // The rest of the cell is still checked, so one upload reports everything; the problem
    // above keeps the file from being imported.
    clean[column] = text.replace(BAD_CODE_POINTS, '').normalize('NFC');
  }
  return clean;
}

/** Length and human-text rules of a name-like cell, as the API's DTOs apply them. */
function textProblem(value: string, what: string, max: number): string | null {
  if (textLength(value) > max) return `${what} must be at most ${max} characters`;
  const problem = humanTextProblem(value);
  return problem && `${what} ${problem}`;
}

/** Checks each row's cells on their own and drops repeated codes (reported, first one kept). */
export function parseRoster(raw: RawRoster): ParsedRoster {
  const problems = [...raw.problems];
  const parsed: ParsedRoster = { units: [], people: [], problems, sheets: {} };

  if (raw.units) {
    const sheet = raw.units;
    parsed.sheets.units = sheet;
    const report = reporter('units', sheet, problems);
    const firstRow = new Map<string, number>();
    for (const { row, cells: rawCells } of sheet.rows) {
      const cells = cleanCells(rawCells, (column, message) => report(row, column, message));
      const code = cells.code ?? '';
      const name = cells.name ?? '';
      const kindText = cells.kind ?? '';
      const parentCode = cells.parentCode ?? '';
      let usable = true;
      if (!code) {
        report(row, 'code', 'unit code is required');
        usable = false;
      } else if (code.length > 64) {
        report(row, 'code', 'unit code must be at most 64 characters');
        usable = false;
      } else if (!CODE.test(code)) {
        report(row, 'code', 'unit code may contain only letters, digits, - and _');
        usable = false;
      } else if (firstRow.has(code)) {
        report(
          row,
          'code',
          `unit code ${code} appears more than once (first at row ${firstRow.get(code)})`,
        );
        usable = false;
      }
      const nameProblem = name ? textProblem(name, 'unit name', 200) : 'unit name is required';
      if (nameProblem) report(row, 'name', nameProblem);
      const kind = kindText ? parseUnitKind(kindText) : undefined;
      if (!kindText) report(row, 'kind', 'unit kind is required');
      else if (!kind) {
        report(
          row,
          'kind',
          `unknown unit kind ${quote(kindText)}: use one of ${UNIT_KINDS.map((k) => `${k} (${LABELS.unitKind[k]['zh-CN']})`).join(', ')}`,
        );
      }
      let committee: CommitteeEntry[] | undefined;
      if (cells.committee !== undefined) {
        const result = parseCommittee(cells.committee);
        for (const error of result.errors) report(row, 'committee', error);
        committee = result.members;
      }
      let firstResponsible = cells.firstResponsible;
      if (firstResponsible && (firstResponsible.length > 32 || !CODE.test(firstResponsible))) {
        report(row, 'firstResponsible', `${quote(firstResponsible)} is not a staff number`);
        firstResponsible = undefined;
      }
      if (!usable) continue;
      firstRow.set(code, row);
      parsed.units.push({ row, code, name, kind, parentCode, firstResponsible, committee });
    }
  }

  if (raw.people) {
    const sheet = raw.people;
    parsed.sheets.people = sheet;
    const report = reporter('people', sheet, problems);
    const firstRow = new Map<string, number>();
    for (const { row, cells: rawCells } of sheet.rows) {
      const cells = cleanCells(rawCells, (column, message) => report(row, column, message));
      const staffNumber = cells.staffNumber ?? '';
      const name = cells.name ?? '';
      const unitCode = cells.unitCode ?? '';
      let usable = true;
      if (!staffNumber) {
        report(row, 'staffNumber', 'staff number is required');
        usable = false;
      } else if (staffNumber.length > 32) {
        report(row, 'staffNumber', 'staff number must be at most 32 characters');
        usable = false;
      } else if (!CODE.test(staffNumber)) {
        report(row, 'staffNumber', 'staff number may contain only letters, digits, - and _');
        usable = false;
      } else if (firstRow.has(staffNumber)) {
        report(
          row,
          'staffNumber',
          `staff number ${staffNumber} appears more than once (first at row ${firstRow.get(staffNumber)})`,
        );
        usable = false;
      }
      const nameProblem = name ? textProblem(name, 'name', 100) : 'name is required';
      if (nameProblem) report(row, 'name', nameProblem);
      if (!unitCode) report(row, 'unitCode', 'unit code is required');

      const position = cells.position;
      const positionProblem = position ? textProblem(position, 'position', 100) : null;
      if (positionProblem) report(row, 'position', positionProblem);
      const email = cells.email === undefined ? undefined : cells.email || null;
      if (email && (textLength(email) > 200 || !isEmail(email))) {
        report(row, 'email', 'email is not a valid address');
      }
      const phone = cells.phone === undefined ? undefined : cells.phone || null;
      if (phone && !PHONE.test(phone)) {
        report(row, 'phone', 'phone must be 3 to 32 digits, spaces or + - ( )');
      }
      const yesNo = (column: 'isLeader' | 'isKeyPerson'): boolean | undefined => {
        const text = cells[column];
        if (text === undefined) return undefined;
        const value = parseYesNo(text);
        if (value === undefined) {
          report(
            row,
            column,
            `${quote(text)} is not a yes/no value: use 是/否, yes/no, true/false or 1/0`,
          );
        }
        return value ?? false;
      };
      const isLeader = yesNo('isLeader');
      const isKeyPerson = yesNo('isKeyPerson');
      let keyPersonReasons: KeyPersonReason[] | undefined;
      if (cells.keyPersonReasons !== undefined) {
        const reasons = new Set<KeyPersonReason>();
        for (const text of splitList(cells.keyPersonReasons)) {
          const reason = parseKeyPersonReason(text);
          if (reason) reasons.add(reason);
          else {
            report(
              row,
              'keyPersonReasons',
              `unknown key person reason ${quote(text)}: use ${KEY_PERSON_REASONS.map((r) => LABELS.keyPersonReason[r]['zh-CN']).join('、')} or the codes ${KEY_PERSON_REASONS.join(', ')}`,
            );
          }
        }
        keyPersonReasons = KEY_PERSON_REASONS.filter((r) => reasons.has(r));
      }
      let status: PersonStatus | undefined;
      if (cells.status !== undefined) {
        // 已离开 was the label before 已调离: sheets filled in with it still read.
        status = cells.status
          ? (parsePersonStatus(cells.status) ??
            (cells.status.trim() === '已离开' ? 'left' : undefined))
          : 'active';
        if (!status) {
          report(
            row,
            'status',
            `unknown status ${quote(cells.status)}: use 在职/已调离 or active/left`,
          );
        }
      }
      if (!usable) continue;
      firstRow.set(staffNumber, row);
      parsed.people.push({
        row,
        staffNumber,
        name,
        unitCode,
        position,
        email,
        phone,
        isLeader,
        isKeyPerson,
        keyPersonReasons,
        status,
      });
    }
  }
  return parsed;
}

/** Every unit code and staff number the file names, to load what the database holds of them. */
export function referencesOf(parsed: ParsedRoster): {
  unitCodes: string[];
  staffNumbers: string[];
} {
  const unitCodes = new Set<string>();
  const staffNumbers = new Set<string>();
  for (const unit of parsed.units) {
    unitCodes.add(unit.code);
    if (unit.parentCode) unitCodes.add(unit.parentCode);
    if (unit.firstResponsible) staffNumbers.add(unit.firstResponsible);
    for (const member of unit.committee ?? []) staffNumbers.add(member.staffNumber);
  }
  for (const person of parsed.people) {
    staffNumbers.add(person.staffNumber);
    if (person.unitCode) unitCodes.add(person.unitCode);
  }
  return { unitCodes: [...unitCodes], staffNumbers: [...staffNumbers] };
}

// ---- the whole file against the database ------------------------------------------------------

export interface SnapshotUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  path: string;
  firstResponsiblePersonId: string | null;
}

export type SnapshotPerson = PersonFields & { id: string };

/** What the database holds of the units and people the file names. */
export interface OrgSnapshot {
  unitsByCode: ReadonlyMap<string, SnapshotUnit>;
  /** ltree path by unit id: every unit above, and every unit a loaded person belongs to. */
  unitPaths: ReadonlyMap<string, string>;
  peopleByStaffNumber: ReadonlyMap<string, SnapshotPerson>;
  /** Committees of the existing units the file lists. */
  committees: ReadonlyMap<string, ReadonlyArray<{ personId: string; areas: readonly string[] }>>;
  /** Ids of people holding roles beyond the caller's scope: the file may name them, not change them. */
  beyondReach?: ReadonlySet<string>;
}

export type Action = 'create' | 'update' | 'unchanged';

export interface PlannedUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  action: Action;
  /** Name or kind differ from the stored unit. */
  rename: boolean;
  /** The parent differs from the stored one. */
  move: boolean;
  /** Present when the first responsible person is to be set. */
  firstResponsible?: { personId: string | null };
  /** Present when the committee is to be replaced. */
  committee?: Array<{ personId: string; areas: string[] }>;
}

export interface PlannedPerson {
  id: string;
  action: Action;
  staffNumber: string;
  name: string;
  unitId: string;
  position: string;
  email: string | null;
  phone: string | null;
  isLeader: boolean;
  isKeyPerson: boolean;
  keyPersonReasons: KeyPersonReason[];
  status: PersonStatus;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportPlan {
  /** Parents before children. */
  units: PlannedUnit[];
  people: PlannedPerson[];
  counts: { units: ImportCounts; people: ImportCounts };
}

export function covers(scope: Scope, path: string | undefined): boolean {
  if (path === undefined) return false;
  return scope.all || scope.paths.some((root) => isWithin(path, root));
}

/** The ltree label of a unit id (as OrgRepository builds paths). */
function pathLabel(id: string): string {
  return id.replaceAll('-', '');
}

type ParentRef =
  { kind: 'root' } | { kind: 'file'; code: string } | { kind: 'db'; unit: SnapshotUnit };

interface UnitState {
  parsed: ParsedUnit;
  existing: SnapshotUnit | undefined;
  id: string;
  /** Out of the caller's scope: reported, and nothing else about it is checked. */
  blocked: boolean;
  /** Undefined while the parent is not (validly) known. */
  parent: ParentRef | undefined;
}

function sortProblems(problems: ImportProblem[], parsed: ParsedRoster): ImportProblem[] {
  const sheetRank = (name: string | null) =>
    name === null
      ? -1
      : name === parsed.sheets.units?.name
        ? 0
        : name === parsed.sheets.people?.name
          ? 1
          : 2;
  const columnRank = (p: ImportProblem) => {
    const meta = p.sheet === parsed.sheets.units?.name ? parsed.sheets.units : parsed.sheets.people;
    if (!meta || p.column === null) return -1;
    const key = Object.entries(meta.headers).find(([, header]) => header === p.column)?.[0];
    return key ? (meta.order[key] ?? 999) : 999;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        sheetRank(a.p.sheet) - sheetRank(b.p.sheet) ||
        (a.p.row ?? 0) - (b.p.row ?? 0) ||
        columnRank(a.p) - columnRank(b.p) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

function sameCommittee(
  a: ReadonlyArray<{ personId: string; areas: readonly string[] }>,
  b: ReadonlyArray<{ personId: string; areas: readonly string[] }>,
): boolean {
  if (a.length !== b.length) return false;
  const key = (m: { personId: string; areas: readonly string[] }) =>
    `${m.personId}\u0000${m.areas.join('\u0000')}`;
  const left = new Set(a.map(key));
  return b.every((m) => left.has(key(m)));
}

function sameReasons(a: readonly KeyPersonReason[], b: readonly KeyPersonReason[]): boolean {
  if (a.length !== b.length) return false;
  const left = new Set(a);
  return b.every((r) => left.has(r));
}

/**
 * Checks the file against the database and the caller's scope, and says what applying it does.
 * Anything outside the scope is reported exactly like something that does not exist.
 */
export function planImport(
  parsed: ParsedRoster,
  snapshot: OrgSnapshot,
  scope: Scope,
  newId: () => string,
): { problems: ImportProblem[] } | { plan: ImportPlan } {
  const problems = [...parsed.problems];
  const reportUnit = reporter('units', parsed.sheets.units, problems);
  const reportPerson = reporter('people', parsed.sheets.people, problems);

  // Units named by the file.
  const units = new Map<string, UnitState>();
  const fileCodeByLabel = new Map<string, string>();
  for (const unit of parsed.units) {
    const existing = snapshot.unitsByCode.get(unit.code);
    const blocked = existing !== undefined && !covers(scope, existing.path);
    if (blocked) reportUnit(unit.row, 'code', `unit code ${unit.code} is not available`);
    const state: UnitState = {
      parsed: unit,
      existing: blocked ? undefined : existing,
      id: existing && !blocked ? existing.id : newId(),
      blocked,
      parent: undefined,
    };
    units.set(unit.code, state);
    if (state.existing) fileCodeByLabel.set(pathLabel(state.existing.id), unit.code);
  }

  // Where each unit goes: under a unit of the file, under a unit in scope, or at the top.
  for (const state of units.values()) {
    if (state.blocked) continue;
    const { parsed: unit, existing } = state;
    const parentCode = unit.parentCode;
    if (!parentCode) {
      if ((existing && existing.parentId === null) || scope.all) state.parent = { kind: 'root' };
      else {
        reportUnit(
          unit.row,
          'parentCode',
          'parent unit code is required: only an administrator may add a top-level unit',
        );
      }
      continue;
    }
    const inFile = units.get(parentCode);
    if (inFile) {
      if (!inFile.blocked) state.parent = { kind: 'file', code: parentCode };
      continue;
    }
    const stored = snapshot.unitsByCode.get(parentCode);
    // A unit may stay where it is even when its parent lies above the caller's scope.
    if (stored && (covers(scope, stored.path) || existing?.parentId === stored.id)) {
      state.parent = { kind: 'db', unit: stored };
    } else {
      reportUnit(unit.row, 'parentCode', `unknown parent unit code ${codeText(parentCode)}`);
    }
  }

  // The nearest unit of the file above a parent, following the new parents.
  const nextInFile = (ref: ParentRef | undefined): string | undefined => {
    if (!ref || ref.kind === 'root') return undefined;
    if (ref.kind === 'file') return ref.code;
    const labels = ref.unit.path.split('.');
    for (let i = labels.length - 2; i >= 0; i -= 1) {
      const code = fileCodeByLabel.get(labels[i]);
      if (code) return code;
    }
    return undefined;
  };

  // Cycles: a unit placed under itself or under one of its own descendants.
  const inCycle = new Set<string>();
  for (const [code, state] of units) {
    const seen = new Set<string>();
    let current = nextInFile(state.parent);
    while (current !== undefined && !seen.has(current)) {
      if (current === code) {
        inCycle.add(code);
        break;
      }
      seen.add(current);
      current = nextInFile(units.get(current)?.parent);
    }
  }
  for (const code of inCycle) {
    const state = units.get(code)!;
    reportUnit(state.parsed.row, 'parentCode', `unit ${code} would become its own ancestor`);
    state.parent = undefined;
  }

  // People named by the file.
  const people = new Map<string, { id: string; blocked: boolean }>();
  const personStates: Array<{
    parsed: ParsedPerson;
    existing: SnapshotPerson | undefined;
    id: string;
  }> = [];
  for (const person of parsed.people) {
    const existing = snapshot.peopleByStaffNumber.get(person.staffNumber);
    const blocked =
      existing !== undefined && !covers(scope, snapshot.unitPaths.get(existing.unitId));
    if (blocked) {
      reportPerson(
        person.row,
        'staffNumber',
        `staff number ${person.staffNumber} is not available`,
      );
    }
    const id = existing && !blocked ? existing.id : newId();
    people.set(person.staffNumber, { id, blocked });
    if (!blocked) personStates.push({ parsed: person, existing, id });
  }

  /** A unit's id by code, if the caller may place people there; undefined otherwise. */
  const unitIdFor = (code: string): string | null | undefined => {
    const inFile = units.get(code);
    if (inFile) return inFile.blocked ? null : inFile.id;
    const stored = snapshot.unitsByCode.get(code);
    return stored && covers(scope, stored.path) ? stored.id : undefined;
  };

  /** A person's id by staff number: in the file, or stored within scope. */
  const personIdFor = (staffNumber: string): string | null | undefined => {
    const inFile = people.get(staffNumber);
    if (inFile) return inFile.blocked ? null : inFile.id;
    const stored = snapshot.peopleByStaffNumber.get(staffNumber);
    return stored && covers(scope, snapshot.unitPaths.get(stored.unitId)) ? stored.id : undefined;
  };

  // People: merge the file's columns over what is stored (or the defaults), then compare.
  const plannedPeople: PlannedPerson[] = [];
  for (const { parsed: person, existing, id } of personStates) {
    let unitId = '';
    if (person.unitCode) {
      const found = unitIdFor(person.unitCode);
      if (found === undefined) {
        reportPerson(person.row, 'unitCode', `unknown unit code ${codeText(person.unitCode)}`);
      } else if (found !== null) unitId = found;
    }
    const base = existing ?? {
      position: '',
      email: null,
      phone: null,
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [] as KeyPersonReason[],
      status: 'active' as PersonStatus,
    };
    const isKeyPerson = person.isKeyPerson ?? base.isKeyPerson;
    let keyPersonReasons = person.keyPersonReasons ?? base.keyPersonReasons;
    if (person.keyPersonReasons === undefined && !isKeyPerson) keyPersonReasons = [];
    if (isKeyPerson && keyPersonReasons.length === 0) {
      reportPerson(
        person.row,
        'keyPersonReasons',
        'key person reasons are required for a key person (管钱、管物、管人、管建 or 廉政风险岗位)',
      );
    } else if (!isKeyPerson && keyPersonReasons.length > 0) {
      reportPerson(
        person.row,
        'keyPersonReasons',
        'key person reasons must be empty unless the person is a key person',
      );
    }
    const planned: PlannedPerson = {
      id,
      action: 'create',
      staffNumber: person.staffNumber,
      name: person.name,
      unitId,
      position: person.position ?? base.position,
      email: person.email === undefined ? base.email : person.email,
      phone: person.phone === undefined ? base.phone : person.phone,
      isLeader: person.isLeader ?? base.isLeader,
      isKeyPerson,
      keyPersonReasons,
      status: person.status ?? base.status,
    };
    if (existing) {
      const same =
        existing.name === planned.name &&
        existing.unitId === planned.unitId &&
        existing.position === planned.position &&
        existing.email === planned.email &&
        existing.phone === planned.phone &&
        existing.isLeader === planned.isLeader &&
        existing.isKeyPerson === planned.isKeyPerson &&
        sameReasons(existing.keyPersonReasons, planned.keyPersonReasons) &&
        existing.status === planned.status;
      planned.action = same ? 'unchanged' : 'update';
      if (!same && snapshot.beyondReach?.has(existing.id)) {
        reportPerson(
          person.row,
          'staffNumber',
          `staff number ${person.staffNumber} holds roles beyond your reach; only an administrator can change this person`,
        );
      }
    }
    plannedPeople.push(planned);
  }

  // Units: leadership, then what changes.
  const plannedUnits: Array<PlannedUnit & { depth: number }> = [];
  const depthMemo = new Map<string, number>();
  const depthOf = (code: string): number => {
    const known = depthMemo.get(code);
    if (known !== undefined) return known;
    const above = nextInFile(units.get(code)?.parent);
    const depth = above === undefined ? 0 : depthOf(above) + 1;
    depthMemo.set(code, depth);
    return depth;
  };
  for (const [code, state] of units) {
    if (state.blocked) continue;
    const { parsed: unit, existing } = state;

    let firstResponsible: string | null | undefined;
    if (unit.firstResponsible !== undefined) {
      firstResponsible = null;
      if (unit.firstResponsible) {
        const found = personIdFor(unit.firstResponsible);
        if (found === undefined) {
          reportUnit(unit.row, 'firstResponsible', `unknown staff number ${unit.firstResponsible}`);
        } else firstResponsible = found;
      }
    }
    let committee: Array<{ personId: string; areas: string[] }> | undefined;
    if (unit.committee !== undefined) {
      committee = [];
      for (const member of unit.committee) {
        const found = personIdFor(member.staffNumber);
        if (found === undefined) {
          reportUnit(unit.row, 'committee', `unknown staff number ${member.staffNumber}`);
        } else if (found !== null) committee.push({ personId: found, areas: member.areas });
      }
    }
    if (state.parent === undefined || !unit.kind) continue;

    const parentId =
      state.parent.kind === 'root'
        ? null
        : state.parent.kind === 'db'
          ? state.parent.unit.id
          : units.get(state.parent.code)!.id;
    const planned: PlannedUnit & { depth: number } = {
      id: state.id,
      code,
      name: unit.name,
      kind: unit.kind,
      parentId,
      action: 'create',
      rename: false,
      move: false,
      depth: depthOf(code),
    };
    if (existing) {
      planned.rename = existing.name !== unit.name || existing.kind !== unit.kind;
      planned.move = existing.parentId !== parentId;
      if (
        firstResponsible !== undefined &&
        firstResponsible !== existing.firstResponsiblePersonId
      ) {
        planned.firstResponsible = { personId: firstResponsible };
      }
      if (committee && !sameCommittee(snapshot.committees.get(existing.id) ?? [], committee)) {
        planned.committee = committee;
      }
      const changed =
        planned.rename || planned.move || planned.firstResponsible || planned.committee;
      planned.action = changed ? 'update' : 'unchanged';
    } else {
      if (firstResponsible) planned.firstResponsible = { personId: firstResponsible };
      if (committee && committee.length > 0) planned.committee = committee;
    }
    plannedUnits.push(planned);
  }

  if (problems.length > 0) return { problems: sortProblems(problems, parsed) };

  const count = (items: Array<{ action: Action }>): ImportCounts => ({
    created: items.filter((i) => i.action === 'create').length,
    updated: items.filter((i) => i.action === 'update').length,
    unchanged: items.filter((i) => i.action === 'unchanged').length,
  });
  plannedUnits.sort((a, b) => a.depth - b.depth);
  return {
    plan: {
      units: plannedUnits.map(({ depth: _depth, ...unit }) => unit),
      people: plannedPeople,
      counts: { units: count(plannedUnits), people: count(plannedPeople) },
    },
  };
}
