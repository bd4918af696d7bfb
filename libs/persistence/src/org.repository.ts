import { randomUUID } from 'node:crypto';

import type { KeyPersonReason, PersonStatus, Role, TreeUnit, UnitKind } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { PersonEntity } from './entities/person.entity.js';
import { UnitEntity, unitPathLabel } from './entities/unit.entity.js';

/**
 * A caller's reach: `all` (admin) or the ltree paths of the subtrees they may act on. Every
 * list query filters by it in SQL (`path <@ ANY(paths)`), never after loading.
 */
export type Scope = { all: true } | { all: false; paths: string[] };

/**
 * The SQL condition keeping rows whose unit (`alias`, a units row) lies in `scope`, its paths
 * appended to `params` as one ltree[] parameter.
 */
export function scopeClause(alias: string, scope: Scope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  params.push(scope.paths);
  return `${alias}.path <@ $${params.length}::ltree[]`;
}

/** Advisory lock key for changes to the tree's shape ("orgi"). */
const TREE_SHAPE_LOCK = 0x6f726769;

/** SQL condition (and its parameter) limiting `pathColumn` to a scope. */
function scopeSql(
  scope: Scope,
  pathColumn: string,
  param: number,
): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'TRUE', params: [] };
  return { sql: `${pathColumn} <@ $${param}::ltree[]`, params: [scope.paths] };
}

export interface NewUnit {
  id?: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

export interface PersonFields {
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

export interface PeopleQuery {
  text?: string | undefined;
  unitId?: string | undefined;
  isLeader?: boolean | undefined;
  isKeyPerson?: boolean | undefined;
  status?: PersonStatus | undefined;
  offset: number;
  limit: number;
}

export interface GrantWithPath {
  id: string;
  personId: string;
  role: Role;
  unitId: string;
  unitPath: string;
  createdAt: Date;
}

/** Units, people, committee seats and role grants: everything "who sits where". */
export class OrgRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- units -------------------------------------------------------------------------------

  async createUnit(unit: NewUnit, tx?: EntityManager): Promise<UnitEntity> {
    if (!tx) return this.transaction((own) => this.createUnit(unit, own));
    await this.lockTreeShape(tx);
    const id = unit.id ?? randomUUID();
    const parent = unit.parentId
      ? await tx.findOneByOrFail(UnitEntity, { id: unit.parentId })
      : null;
    const path = parent ? `${parent.path}.${unitPathLabel(id)}` : unitPathLabel(id);
    await tx.insert(UnitEntity, {
      id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      path,
      firstResponsiblePersonId: null,
    });
    return tx.findOneByOrFail(UnitEntity, { id });
  }

  findUnit(id: string, tx?: EntityManager): Promise<UnitEntity | null> {
    return this.manager(tx).findOneBy(UnitEntity, { id });
  }

  findUnitByCode(code: string, tx?: EntityManager): Promise<UnitEntity | null> {
    return this.manager(tx).findOneBy(UnitEntity, { code });
  }

  async findUnitsByCodes(codes: string[], tx?: EntityManager): Promise<UnitEntity[]> {
    if (codes.length === 0) return [];
    return this.manager(tx)
      .createQueryBuilder(UnitEntity, 'u')
      .where('u.code = ANY(:codes)', { codes })
      .getMany();
  }

  /** Units within the scope, optionally only under `rootId`, in tree order (parents first). */
  async listUnits(scope: Scope, rootId?: string): Promise<UnitEntity[]> {
    const qb = this.dataSource.getRepository(UnitEntity).createQueryBuilder('u');
    if (!scope.all) qb.andWhere('u.path <@ :paths::ltree[]', { paths: scope.paths });
    if (rootId) {
      qb.andWhere('u.path <@ (SELECT r.path FROM units r WHERE r.id = :rootId)', { rootId });
    }
    return qb.orderBy('u.path', 'ASC').getMany();
  }

  /** Every unit in the subtree of `unitId`, itself included (one indexed query). */
  async subtree(unitId: string): Promise<UnitEntity[]> {
    return this.dataSource
      .getRepository(UnitEntity)
      .createQueryBuilder('u')
      .where('u.path <@ (SELECT r.path FROM units r WHERE r.id = :unitId)', { unitId })
      .orderBy('u.path', 'ASC')
      .getMany();
  }

  /** Locks the given units for the transaction (in id order, so two movers never deadlock). */
  async lockUnits(ids: string[], tx: EntityManager): Promise<UnitEntity[]> {
    return tx
      .createQueryBuilder(UnitEntity, 'u')
      .where('u.id = ANY(:ids)', { ids })
      .orderBy('u.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  async renameUnit(id: string, name: string): Promise<void> {
    await this.dataSource.getRepository(UnitEntity).update({ id }, { name });
  }

  /** Re-parents a unit; its whole subtree's paths follow in one statement. */
  async moveUnit(id: string, newParentId: string | null, tx?: EntityManager): Promise<void> {
    const m = this.manager(tx);
    const unit = await m.findOneByOrFail(UnitEntity, { id });
    const parent = newParentId ? await m.findOneByOrFail(UnitEntity, { id: newParentId }) : null;
    const newPath = parent ? `${parent.path}.${unitPathLabel(id)}` : unitPathLabel(id);
    await m.query(
      `UPDATE units SET path = CASE WHEN path = $1::ltree THEN $2::ltree
                   ELSE $2::ltree || subpath(path, nlevel($1::ltree)) END,
              parent_id = CASE WHEN id = $3 THEN $4::uuid ELSE parent_id END,
              updated_at = CASE WHEN id = $3 THEN now() ELSE updated_at END
       WHERE path <@ $1::ltree`,
      [unit.path, newPath, id, newParentId],
    );
  }

  async setFirstResponsible(
    unitId: string,
    personId: string | null,
    tx?: EntityManager,
  ): Promise<void> {
    await this.manager(tx).update(
      UnitEntity,
      { id: unitId },
      { firstResponsiblePersonId: personId },
    );
  }

  async setCommittee(
    unitId: string,
    members: Array<{ personId: string; areas: string[] }>,
    tx?: EntityManager,
  ): Promise<void> {
    const m = this.manager(tx);
    await m.query('DELETE FROM unit_committee_members WHERE unit_id = $1', [unitId]);
    for (const member of members) {
      await m.query(
        'INSERT INTO unit_committee_members (unit_id, person_id, areas) VALUES ($1, $2, $3)',
        [unitId, member.personId, member.areas],
      );
    }
  }

  async committeeOf(
    unitIds: string[],
    tx?: EntityManager,
  ): Promise<Array<{ unitId: string; personId: string; areas: string[] }>> {
    if (unitIds.length === 0) return [];
    const rows: Array<{ unit_id: string; person_id: string; areas: string[] }> = await this.manager(
      tx,
    ).query(
      'SELECT unit_id, person_id, areas FROM unit_committee_members WHERE unit_id = ANY($1) ORDER BY unit_id, person_id',
      [unitIds],
    );
    return rows.map((r) => ({ unitId: r.unit_id, personId: r.person_id, areas: r.areas }));
  }

  /**
   * The unit and its ancestors with their leadership, as the pure OrgTree needs them to answer
   * "who is responsible" questions.
   */
  async lineageForTree(unitId: string): Promise<TreeUnit[]> {
    // Seats held by someone who has left count as empty, so the question climbs past them.
    const units: Array<{ id: string; parent_id: string | null; first_responsible: string | null }> =
      await this.dataSource.query(
        `SELECT u.id, u.parent_id,
                CASE WHEN p.status = 'active' THEN u.first_responsible_person_id END AS first_responsible
         FROM units u LEFT JOIN people p ON p.id = u.first_responsible_person_id
         WHERE u.path @> (SELECT r.path FROM units r WHERE r.id = $1)`,
        [unitId],
      );
    const seats: Array<{ unit_id: string; person_id: string; areas: string[] }> =
      await this.dataSource.query(
        `SELECT c.unit_id, c.person_id, c.areas FROM unit_committee_members c
       JOIN people p ON p.id = c.person_id AND p.status = 'active'
       WHERE c.unit_id = ANY($1) ORDER BY c.unit_id, c.person_id`,
        [units.map((u) => u.id)],
      );
    return units.map((u) => ({
      id: u.id,
      parentId: u.parent_id,
      firstResponsiblePersonId: u.first_responsible,
      committee: seats
        .filter((c) => c.unit_id === u.id)
        .map((c) => ({ personId: c.person_id, areas: c.areas })),
    }));
  }

  /**
   * Who holds `role` nearest above the unit: the active holders of the deepest grant on the
   * unit or an ancestor (the unit's own inspectors before the county's), with that grant's unit.
   */
  async nearestRoleHolders(
    unitId: string,
    role: Role,
  ): Promise<{ unitId: string; personIds: string[] } | null> {
    const rows: Array<{ unit_id: string; person_id: string }> = await this.dataSource.query(
      `WITH holders AS (
         SELECT g.unit_id, g.person_id, nlevel(u.path) AS depth
         FROM role_grants g
         JOIN units u ON u.id = g.unit_id
         JOIN people p ON p.id = g.person_id AND p.status = 'active'
         WHERE g.role = $2 AND u.path @> (SELECT r.path FROM units r WHERE r.id = $1))
       SELECT unit_id, person_id FROM holders
       WHERE depth = (SELECT max(depth) FROM holders) ORDER BY person_id`,
      [unitId, role],
    );
    if (rows.length === 0) return null;
    return { unitId: rows[0].unit_id, personIds: [...new Set(rows.map((r) => r.person_id))] };
  }

  /** Of `ids`, the people still active. */
  async activePersonIds(ids: string[], tx?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      `SELECT id FROM people WHERE id = ANY($1::uuid[]) AND status = 'active'`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  // ---- people ------------------------------------------------------------------------------

  async createPerson(fields: PersonFields, tx?: EntityManager): Promise<PersonEntity> {
    const m = this.manager(tx);
    const id = randomUUID();
    await m.insert(PersonEntity, {
      id,
      ...fields,
      leftAt: fields.status === 'left' ? new Date() : null,
    });
    return m.findOneByOrFail(PersonEntity, { id });
  }

  async updatePerson(
    id: string,
    fields: Partial<PersonFields>,
    tx?: EntityManager,
  ): Promise<PersonEntity> {
    const m = this.manager(tx);
    const current = await m.findOneByOrFail(PersonEntity, { id });
    const leftAt =
      fields.status === undefined || fields.status === current.status
        ? current.leftAt
        : fields.status === 'left'
          ? new Date()
          : null;
    await m.update(PersonEntity, { id }, { ...fields, leftAt });
    return m.findOneByOrFail(PersonEntity, { id });
  }

  findPerson(id: string, tx?: EntityManager): Promise<PersonEntity | null> {
    return this.manager(tx).findOneBy(PersonEntity, { id });
  }

  async findPeopleByStaffNumbers(
    staffNumbers: string[],
    tx?: EntityManager,
  ): Promise<PersonEntity[]> {
    if (staffNumbers.length === 0) return [];
    return this.manager(tx)
      .createQueryBuilder(PersonEntity, 'p')
      .where('p.staffNumber = ANY(:staffNumbers)', { staffNumbers })
      .getMany();
  }

  /** The unit path of a person (for object-level scope checks); null when the person is unknown. */
  async personUnitPath(personId: string): Promise<string | null> {
    const rows: Array<{ path: string }> = await this.dataSource.query(
      'SELECT u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1',
      [personId],
    );
    return rows[0]?.path ?? null;
  }

  /** People within the scope, filtered and paginated in SQL; ordered by staff number. */
  async searchPeople(
    scope: Scope,
    query: PeopleQuery,
  ): Promise<{ items: PersonEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .innerJoin(UnitEntity, 'u', 'u.id = p.unit_id');
    if (!scope.all) qb.andWhere('u.path <@ :paths::ltree[]', { paths: scope.paths });
    if (query.unitId) {
      qb.andWhere('u.path <@ (SELECT r.path FROM units r WHERE r.id = :unitId)', {
        unitId: query.unitId,
      });
    }
    if (query.text) {
      qb.andWhere('(p.name ILIKE :text OR p.staff_number ILIKE :text)', {
        text: `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (query.isLeader !== undefined)
      qb.andWhere('p.is_leader = :isLeader', { isLeader: query.isLeader });
    if (query.isKeyPerson !== undefined) {
      qb.andWhere('p.is_key_person = :isKeyPerson', { isKeyPerson: query.isKeyPerson });
    }
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    const [items, total] = await qb
      .orderBy('p.staff_number', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items, total };
  }

  // ---- grants ------------------------------------------------------------------------------

  /**
   * Of `personIds`, those holding a role beyond `scope`: an admin grant, or a grant on a unit
   * outside it. A caller may not change such a person (e.g. an office marking an admin as left).
   */
  async holdingGrantsBeyond(
    personIds: string[],
    scope: Scope,
    tx?: EntityManager,
  ): Promise<Set<string>> {
    if (personIds.length === 0 || scope.all) return new Set();
    const rows: Array<{ person_id: string }> = await this.manager(tx).query(
      `SELECT DISTINCT g.person_id FROM role_grants g JOIN units u ON u.id = g.unit_id
       WHERE g.person_id = ANY($1::uuid[]) AND (g.role = 'admin' OR NOT (u.path <@ $2::ltree[]))`,
      [personIds, scope.paths],
    );
    return new Set(rows.map((r) => r.person_id));
  }

  /**
   * Serialises changes to the tree's shape (creating, moving, importing units) for the rest of
   * the transaction: each reads its parents' paths after the previous one committed.
   */
  async lockTreeShape(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [TREE_SHAPE_LOCK]);
  }

  async grantsOf(personId: string, tx?: EntityManager): Promise<GrantWithPath[]> {
    return this.grantRows('g.person_id = $1', [personId], tx);
  }

  async findGrant(id: string): Promise<GrantWithPath | null> {
    return (await this.grantRows('g.id = $1', [id]))[0] ?? null;
  }

  /** Grants on units within the scope, optionally for one person. */
  async listGrants(scope: Scope, personId?: string): Promise<GrantWithPath[]> {
    const where = scopeSql(scope, 'u.path', 1);
    const params = [...where.params];
    let sql = where.sql;
    if (personId) {
      params.push(personId);
      sql += ` AND g.person_id = $${params.length}`;
    }
    return this.grantRows(sql, params);
  }

  /** Idempotent: granting what is already granted returns the existing grant. */
  async grant(
    personId: string,
    role: Role,
    unitId: string,
    grantedBy: string | null,
    tx?: EntityManager,
  ): Promise<GrantWithPath> {
    await this.manager(tx).query(
      `INSERT INTO role_grants (id, person_id, role, unit_id, granted_by_person_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ON CONSTRAINT uq_role_grants DO NOTHING`,
      [randomUUID(), personId, role, unitId, grantedBy],
    );
    const [row] = await this.grantRows(
      'g.person_id = $1 AND g.role = $2 AND g.unit_id = $3',
      [personId, role, unitId],
      tx,
    );
    return row;
  }

  async revoke(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM role_grants WHERE id = $1', [id]);
  }

  private async grantRows(
    where: string,
    params: unknown[],
    tx?: EntityManager,
  ): Promise<GrantWithPath[]> {
    const rows: Array<{
      id: string;
      person_id: string;
      role: Role;
      unit_id: string;
      path: string;
      created_at: Date;
    }> = await this.manager(tx).query(
      `SELECT g.id, g.person_id, g.role, g.unit_id, u.path::text AS path, g.created_at
         FROM role_grants g JOIN units u ON u.id = g.unit_id
         WHERE ${where} ORDER BY u.path, g.role`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      role: r.role,
      unitId: r.unit_id,
      unitPath: r.path,
      createdAt: r.created_at,
    }));
  }
}
