import { randomUUID } from 'node:crypto';

import type { Localised, PlanSpec } from '@campaign/domain';
import type { DataSource } from 'typeorm';

import { PlanTemplateEntity } from './entities/plan-template.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import type { Scope } from './org.repository.js';

/** Offices' saved templates; a scope sees those owned by a unit in it or above it. */
export class PlanTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(template: {
    name: Localised;
    description: Localised;
    ownerUnitId: string;
    basedOnId: string | null;
    plan: PlanSpec;
    createdByPersonId: string;
  }): Promise<PlanTemplateEntity> {
    const id = randomUUID();
    await this.dataSource.getRepository(PlanTemplateEntity).insert({ id, ...template });
    return this.dataSource.getRepository(PlanTemplateEntity).findOneByOrFail({ id });
  }

  async find(id: string): Promise<(PlanTemplateEntity & { ownerPath: string }) | null> {
    const row = await this.dataSource
      .getRepository(PlanTemplateEntity)
      .createQueryBuilder('t')
      .innerJoin(UnitEntity, 'u', 'u.id = t.owner_unit_id')
      .addSelect('u.path', 'owner_path')
      .where('t.id = :id', { id })
      .getRawAndEntities();
    const entity = row.entities[0];
    const raw = row.raw as Array<{ owner_path: string }>;
    return entity ? Object.assign(entity, { ownerPath: String(raw[0].owner_path) }) : null;
  }

  /** Templates owned within the scope or above it (a city's template serves its counties). */
  async list(scope: Scope): Promise<PlanTemplateEntity[]> {
    const qb = this.dataSource
      .getRepository(PlanTemplateEntity)
      .createQueryBuilder('t')
      .innerJoin(UnitEntity, 'u', 'u.id = t.owner_unit_id');
    if (!scope.all) {
      qb.where('(u.path <@ :paths::ltree[] OR u.path @> :paths::ltree[])', { paths: scope.paths });
    }
    return qb.orderBy('t.created_at', 'DESC').addOrderBy('t.id').getMany();
  }
}
