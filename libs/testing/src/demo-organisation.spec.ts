import { KEY_PERSON_REASONS, ROLES } from '@campaign/domain';
import { describe, expect, it } from '@jest/globals';

import {
  DEMO_ACCOUNTS,
  demoAccountRows,
  type DemoOrganisation,
  demoOrganisation,
} from './demo-organisation.js';

const plan = demoOrganisation();
const unitsByCode = new Map(plan.units.map((u) => [u.code, u]));
const peopleByNumber = new Map(plan.people.map((p) => [p.staffNumber, p]));

/** The unit's code and its ancestors' codes, root last. */
function lineage(code: string): string[] {
  const chain: string[] = [];
  for (let unit = unitsByCode.get(code); unit;) {
    chain.push(unit.code);
    unit = unit.parentCode === null ? undefined : unitsByCode.get(unit.parentCode);
  }
  return chain;
}

function accountOf(username: string): DemoOrganisation['accounts'][number] {
  const account = plan.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`missing ${username}`);
  return account;
}

describe('demo organisation', () => {
  it('is the same plan every time', () => {
    expect(demoOrganisation()).toEqual(demoOrganisation());
  });

  it('varies with the seed', () => {
    expect(demoOrganisation(7).people.map((p) => p.name)).not.toEqual(
      plan.people.map((p) => p.name),
    );
  });

  it('has about two hundred people with unique staff numbers in existing units', () => {
    expect(plan.people.length).toBeGreaterThanOrEqual(180);
    expect(plan.people.length).toBeLessThanOrEqual(260);
    expect(peopleByNumber.size).toBe(plan.people.length);
    for (const person of plan.people) expect(unitsByCode.has(person.unitCode)).toBe(true);
  });

  it('is a tree of depth 3: city bureau, county bureaus, departments and branches', () => {
    expect(unitsByCode.size).toBe(plan.units.length);
    const roots = plan.units.filter((u) => u.parentCode === null);
    expect(roots).toHaveLength(1);
    expect(roots[0].kind).toBe('city_bureau');
    const seen = new Set<string>();
    for (const unit of plan.units) {
      // Parents come first, so the seed can create them in order.
      if (unit.parentCode !== null) expect(seen.has(unit.parentCode)).toBe(true);
      seen.add(unit.code);
    }
    expect(Math.max(...plan.units.map((u) => lineage(u.code).length))).toBe(3);

    const counties = plan.units.filter((u) => u.kind === 'county_bureau');
    expect(counties).toHaveLength(3);
    for (const county of counties) {
      expect(county.parentCode).toBe(roots[0].code);
      const children = plan.units.filter((u) => u.parentCode === county.code);
      const departments = children.filter((u) => u.kind === 'department').length;
      const branches = children.filter((u) => u.kind === 'party_branch').length;
      expect(departments).toBeGreaterThanOrEqual(3);
      expect(departments).toBeLessThanOrEqual(4);
      expect(branches).toBeGreaterThanOrEqual(2);
      expect(branches).toBeLessThanOrEqual(3);
    }
    expect(
      plan.units.filter((u) => u.parentCode === roots[0].code && u.kind === 'department').length,
    ).toBeGreaterThan(0);
  });

  it('gives every bureau and branch a first responsible person and a committee of its own people', () => {
    const led = plan.units.filter((u) => u.kind !== 'department');
    for (const unit of led) {
      const first = plan.firstResponsible.find((f) => f.unitCode === unit.code);
      expect(peopleByNumber.get(first!.staffNumber)?.unitCode).toBe(unit.code);
      const committee = plan.committees.find((c) => c.unitCode === unit.code);
      expect(committee!.members.length).toBeGreaterThanOrEqual(2);
      expect(committee!.members.length).toBeLessThanOrEqual(4);
      for (const member of committee!.members) {
        expect(peopleByNumber.get(member.staffNumber)?.unitCode).toBe(unit.code);
        expect(member.areas.length).toBeGreaterThan(0);
        expect(member.staffNumber).not.toBe(first!.staffNumber);
      }
    }
  });

  it('has one account per role, on one county bureau except the admin and the member', () => {
    expect(plan.accounts.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    expect(plan.accounts.map((a) => a.username)).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
    expect(new Set(plan.accounts.map((a) => a.staffNumber)).size).toBe(plan.accounts.length);

    const admin = accountOf('demo-admin');
    expect(unitsByCode.get(admin.unitCode)?.kind).toBe('city_bureau');

    const county = accountOf('demo-leader').unitCode;
    expect(unitsByCode.get(county)?.kind).toBe('county_bureau');
    for (const username of ['demo-office', 'demo-inspector', 'demo-supervisor']) {
      expect(accountOf(username).unitCode).toBe(county);
    }
    const member = accountOf('demo-member');
    expect(unitsByCode.get(member.unitCode)?.kind).toBe('party_branch');
    expect(unitsByCode.get(member.unitCode)?.parentCode).toBe(county);
    expect(peopleByNumber.get(member.staffNumber)?.unitCode).toBe(member.unitCode);

    // Each account's person works within the unit the role is granted on, and is still there.
    for (const account of plan.accounts) {
      const person = peopleByNumber.get(account.staffNumber)!;
      expect(lineage(person.unitCode)).toContain(account.unitCode);
      expect(person.status).toBe('active');
    }
    const leader = plan.firstResponsible.find((f) => f.unitCode === county);
    expect(accountOf('demo-leader').staffNumber).toBe(leader!.staffNumber);
  });

  it('lists the accounts with their unit names for printing', () => {
    const rows = demoAccountRows(plan);
    expect(rows.map((r) => r.username)).toEqual(plan.accounts.map((a) => a.username));
    expect(rows.find((r) => r.username === 'demo-admin')?.unitName).toBe('某市公安局');
  });

  it('flags key persons (about 15%) with their reasons, and nobody else', () => {
    const key = plan.people.filter((p) => p.isKeyPerson);
    for (const person of plan.people) {
      if (person.isKeyPerson) expect(person.keyPersonReasons.length).toBeGreaterThan(0);
      else expect(person.keyPersonReasons).toEqual([]);
      for (const reason of person.keyPersonReasons) expect(KEY_PERSON_REASONS).toContain(reason);
    }
    expect(key.length / plan.people.length).toBeGreaterThan(0.08);
    expect(key.length / plan.people.length).toBeLessThan(0.25);
    expect(plan.people.some((p) => p.isLeader)).toBe(true);
  });

  it('has a couple of people who left', () => {
    const left = plan.people.filter((p) => p.status === 'left');
    expect(left.length).toBeGreaterThanOrEqual(1);
    expect(left.length).toBeLessThanOrEqual(3);
  });

  it('names everyone with 2 or 3 Chinese characters', () => {
    for (const person of plan.people) expect(person.name).toMatch(/^\p{Script=Han}{2,3}$/u);
  });
});
