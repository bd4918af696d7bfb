import { randomUUID } from 'node:crypto';

import type { Role, UnitKind } from '@campaign/domain';
import {
  AccountRepository,
  OrgRepository,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';

export const TEST_PASSWORD = 'test-password-不要外传';

/** Builds units, people and accounts for a test, each with unique codes so tests never collide. */
export class OrgFactory {
  readonly org: OrgRepository;
  readonly accounts: AccountRepository;
  private readonly tag = randomUUID().slice(0, 6);
  private seq = 0;
  private passwordHash: Promise<string> | undefined;

  constructor(dataSource: DataSource) {
    this.org = new OrgRepository(dataSource);
    this.accounts = new AccountRepository(dataSource);
  }

  private next(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.tag}-${this.seq}`;
  }

  unit(
    parent: UnitEntity | null,
    kind: UnitKind = 'department',
    name?: string,
  ): Promise<UnitEntity> {
    const code = this.next('U');
    return this.org.createUnit({
      code,
      name: name ?? `测试单位${code}`,
      kind,
      parentId: parent?.id ?? null,
    });
  }

  person(
    unit: UnitEntity,
    fields: Partial<Parameters<OrgRepository['createPerson']>[0]> = {},
  ): Promise<PersonEntity> {
    return this.org.createPerson({
      staffNumber: this.next('P'),
      name: '张伟',
      unitId: unit.id,
      position: '民警',
      email: null,
      phone: null,
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [],
      status: 'active',
      ...fields,
    });
  }

  /** A person in `home` with a sign-in account and the given grants. Returns the username. */
  async account(
    home: UnitEntity,
    grants: Array<{ role: Role; unit: UnitEntity }>,
  ): Promise<{ username: string; person: PersonEntity }> {
    const person = await this.person(home);
    const username = this.next('user').toLowerCase();
    this.passwordHash ??= hash(TEST_PASSWORD);
    await this.accounts.upsert({
      username,
      passwordHash: await this.passwordHash,
      personId: person.id,
    });
    for (const grant of grants) await this.org.grant(person.id, grant.role, grant.unit.id, null);
    return { username, person };
  }
}

/**
 * The organisation most access tests need: a city bureau with two county bureaus, each with a
 * party branch, and one account per role granted on county A (admin on the city; the member on
 * A's branch). County B is the out-of-scope side.
 */
export async function standardOrganisation(dataSource: DataSource) {
  const f = new OrgFactory(dataSource);
  const city = await f.unit(null, 'city_bureau', '某市公安局');
  const countyA = await f.unit(city, 'county_bureau', '东城分局');
  const branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
  const countyB = await f.unit(city, 'county_bureau', '西山县公安局');
  const branchB = await f.unit(countyB, 'party_branch', '西山县公安局机关党支部');
  const personA = await f.person(branchA, { name: '李娜' });
  const personB = await f.person(branchB, { name: '王强' });
  const users = {
    admin: await f.account(city, [{ role: 'admin', unit: city }]),
    office: await f.account(countyA, [{ role: 'office', unit: countyA }]),
    leader: await f.account(countyA, [{ role: 'leader', unit: countyA }]),
    inspector: await f.account(countyA, [{ role: 'inspector', unit: countyA }]),
    supervisor: await f.account(countyA, [{ role: 'supervisor', unit: countyA }]),
    member: await f.account(branchA, [{ role: 'member', unit: branchA }]),
  } satisfies Record<Role, unknown>;
  return { factory: f, city, countyA, branchA, countyB, branchB, personA, personB, users };
}
export type StandardOrganisation = Awaited<ReturnType<typeof standardOrganisation>>;
