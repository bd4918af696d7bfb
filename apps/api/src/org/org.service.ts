import {
  DomainError,
  ForbiddenError,
  isWithin,
  NotFoundError,
  OrgTree,
  RuleBrokenError,
} from '@campaign/domain';
import {
  type GrantWithPath,
  OrgRepository,
  type PersonEntity,
  type PersonFields,
  type UnitEntity,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import { GRANTABLE_BY_OFFICE } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { MembershipNotifier } from '../temporal/membership.notifier.js';
import type {
  CreateGrantDto,
  CreateUnitDto,
  PeopleQueryDto,
  PersonDto,
  SetLeadershipDto,
  UpdatePersonDto,
} from './dto/org.dto.js';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string } | null)?.code === UNIQUE_VIOLATION ||
    (error as { driverError?: { code?: string } } | null)?.driverError?.code === UNIQUE_VIOLATION
  );
}

/**
 * Units, people and grants, with every id checked against the caller's scope: what lies
 * outside it answers exactly like what does not exist (404), so ids cannot be probed.
 */
@Injectable()
export class OrgService {
  constructor(
    private readonly org: OrgRepository,
    private readonly membership: MembershipNotifier,
  ) {}

  // ---- scope checks ------------------------------------------------------------------------

  async visibleUnit(principal: Principal, action: Action, unitId: string): Promise<UnitEntity> {
    const unit = await this.org.findUnit(unitId);
    requireAccess(principal, action, unit?.path, { unknown: 'unit', id: unitId });
    return unit;
  }

  async visiblePerson(
    principal: Principal,
    action: Action,
    personId: string,
  ): Promise<PersonEntity> {
    const [person, path] = await Promise.all([
      this.org.findPerson(personId),
      this.org.personUnitPath(personId),
    ]);
    if (!person) throw new NotFoundError('person', personId);
    requireAccess(principal, action, path, { unknown: 'person', id: personId });
    return person;
  }

  // ---- units -------------------------------------------------------------------------------

  async unitTree(principal: Principal, rootId?: string): Promise<UnitEntity[]> {
    if (rootId) await this.visibleUnit(principal, 'units.read', rootId);
    return this.org.listUnits(principal.scope('units.read'), rootId);
  }

  async createUnit(principal: Principal, dto: CreateUnitDto): Promise<UnitEntity> {
    if (dto.parentId === null) {
      if (!principal.isAdmin) throw new ForbiddenError('only an administrator creates a root unit');
    } else {
      await this.visibleUnit(principal, 'units.write', dto.parentId);
    }
    try {
      return await this.org.createUnit({
        code: dto.code,
        name: dto.name,
        kind: dto.kind,
        parentId: dto.parentId,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('duplicate', `unit code ${dto.code} is already used`);
      throw error;
    }
  }

  async renameUnit(principal: Principal, id: string, name: string): Promise<UnitEntity> {
    await this.visibleUnit(principal, 'units.write', id);
    await this.org.renameUnit(id, name);
    return (await this.org.findUnit(id))!;
  }

  /** Moves a unit (and its subtree) under another; never under itself or its own descendant. */
  async moveUnit(principal: Principal, id: string, parentId: string): Promise<UnitEntity> {
    await this.visibleUnit(principal, 'units.write', id);
    await this.visibleUnit(principal, 'units.write', parentId);
    await this.org.transaction(async (tx) => {
      // Shape changes run one at a time, and the check reads paths under that lock: two moves
      // at once can never build a cycle between them.
      await this.org.lockTreeShape(tx);
      const locked = await this.org.lockUnits([id, parentId], tx);
      const unit = locked.find((u) => u.id === id)!;
      const parent = locked.find((u) => u.id === parentId)!;
      if (isWithin(parent.path, unit.path)) {
        throw new RuleBrokenError('a unit cannot be moved under itself or its own descendant', [
          {
            field: 'parentId',
            rule: 'unit_cycle',
            message: 'the new parent lies inside the unit being moved',
          },
        ]);
      }
      await this.org.moveUnit(id, parentId, tx);
    });
    return (await this.org.findUnit(id))!;
  }

  async setLeadership(
    principal: Principal,
    id: string,
    dto: SetLeadershipDto,
  ): Promise<UnitEntity> {
    await this.visibleUnit(principal, 'units.write', id);
    const seen = new Set<string>();
    const repeated = dto.committee.flatMap((seat, i) =>
      seen.has(seat.personId) ? [i] : (seen.add(seat.personId), []),
    );
    if (repeated.length > 0) {
      throw new RuleBrokenError(
        'a person sits on a committee once; list all their areas in one seat',
        repeated.map((i) => ({
          field: `committee.${i}.personId`,
          rule: 'committee_seat_repeated',
          message: 'this person already has a seat above',
        })),
      );
    }
    const people = [dto.firstResponsiblePersonId, ...dto.committee.map((c) => c.personId)].filter(
      (p): p is string => p !== null,
    );
    for (const personId of new Set(people))
      await this.visiblePerson(principal, 'people.read', personId);
    await this.org.transaction(async (tx) => {
      await this.org.setFirstResponsible(id, dto.firstResponsiblePersonId, tx);
      await this.org.setCommittee(id, dto.committee, tx);
    });
    return (await this.org.findUnit(id))!;
  }

  async committee(unitId: string) {
    return this.org.committeeOf([unitId]);
  }

  /** Who answers for the unit, from the pure OrgTree rules. */
  async responsible(principal: Principal, unitId: string, area?: string) {
    await this.visibleUnit(principal, 'units.read', unitId);
    const tree = new OrgTree(await this.org.lineageForTree(unitId));
    return {
      firstResponsible: tree.firstResponsible(unitId),
      responsibleLeader: area ? tree.responsibleLeader(unitId, area) : null,
      twoLevelsUp: tree.twoLevelsUp(unitId),
    };
  }

  // ---- people ------------------------------------------------------------------------------

  async searchPeople(principal: Principal, query: PeopleQueryDto) {
    if (query.unitId) await this.visibleUnit(principal, 'people.read', query.unitId);
    return this.org.searchPeople(principal.scope('people.read'), {
      text: query.q,
      unitId: query.unitId,
      isLeader: query.leader,
      isKeyPerson: query.keyPerson,
      status: query.status,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
  }

  async createPerson(principal: Principal, dto: PersonDto): Promise<PersonEntity> {
    await this.visibleUnit(principal, 'people.write', dto.unitId);
    const fields: PersonFields = {
      staffNumber: dto.staffNumber,
      name: dto.name,
      unitId: dto.unitId,
      position: dto.position,
      email: dto.email ?? null,
      phone: dto.phone ?? null,
      isLeader: dto.isLeader,
      isKeyPerson: dto.isKeyPerson,
      keyPersonReasons: dto.keyPersonReasons,
      status: dto.status ?? 'active',
    };
    checkKeyPerson(fields.isKeyPerson, fields.keyPersonReasons);
    try {
      const person = await this.org.createPerson(fields);
      // A newcomer in a unit a campaign covers gets the plan's tasks.
      await this.membership.unitsChanged([person.unitId]);
      return person;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('duplicate', `staff number ${dto.staffNumber} is already used`);
      }
      throw error;
    }
  }

  async updatePerson(
    principal: Principal,
    id: string,
    dto: UpdatePersonDto,
  ): Promise<PersonEntity> {
    const current = await this.visiblePerson(principal, 'people.write', id);
    if (dto.unitId) await this.visibleUnit(principal, 'people.write', dto.unitId);
    if ((await this.org.holdingGrantsBeyond([id], principal.scope('people.write'))).has(id)) {
      throw new ForbiddenError(
        'this person holds roles beyond your reach; an administrator must change them',
      );
    }
    checkKeyPerson(
      dto.isKeyPerson ?? current.isKeyPerson,
      dto.keyPersonReasons ?? current.keyPersonReasons,
    );
    const updated = await this.org.updatePerson(id, dto);
    // Moving or leaving changes what the person owes in the campaigns of both units.
    if (updated.unitId !== current.unitId || updated.status !== current.status) {
      await this.membership.unitsChanged([current.unitId, updated.unitId]);
    }
    return updated;
  }

  // ---- grants ------------------------------------------------------------------------------

  async listGrants(principal: Principal, personId?: string): Promise<GrantWithPath[]> {
    if (personId) await this.visiblePerson(principal, 'grants.read', personId);
    return this.org.listGrants(principal.scope('grants.read'), personId);
  }

  async grant(principal: Principal, dto: CreateGrantDto): Promise<GrantWithPath> {
    await this.visiblePerson(principal, 'grants.write', dto.personId);
    await this.visibleUnit(principal, 'grants.write', dto.unitId);
    if (!principal.isAdmin && !GRANTABLE_BY_OFFICE.includes(dto.role)) {
      throw new ForbiddenError(`your roles do not allow granting ${dto.role}`);
    }
    return this.org.grant(dto.personId, dto.role, dto.unitId, principal.personId);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const grant = await this.org.findGrant(id);
    requireAccess(principal, 'grants.write', grant?.unitPath, { unknown: 'grant', id });
    if (!principal.isAdmin && !GRANTABLE_BY_OFFICE.includes(grant.role)) {
      throw new ForbiddenError(`your roles do not allow revoking ${grant.role}`);
    }
    await this.org.revoke(id);
  }
}

/** A key person carries at least one reason; anyone else carries none. */
function checkKeyPerson(isKeyPerson: boolean, reasons: readonly string[]): void {
  if (isKeyPerson && reasons.length === 0) {
    throw new RuleBrokenError('a key person needs a reason', [
      {
        field: 'keyPersonReasons',
        rule: 'key_person_reason_required',
        message: 'name at least one reason',
      },
    ]);
  }
  if (!isKeyPerson && reasons.length > 0) {
    throw new RuleBrokenError('only a key person has key-person reasons', [
      {
        field: 'keyPersonReasons',
        rule: 'key_person_reason_without_flag',
        message: 'set isKeyPerson or clear the reasons',
      },
    ]);
  }
}
