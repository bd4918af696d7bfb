import { randomUUID } from 'node:crypto';

import type { Localised } from '@campaign/domain';
import type { DataSource } from 'typeorm';

import { TaskKindEntity } from './entities/task-kind.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import type { Scope } from './org.repository.js';

/** Offices' own task kinds; a scope sees those owned by a unit in it or above it. */
export class TaskKindRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(kind: {
    ownerUnitId: string;
    name: Localised;
    needsAttendance: boolean;
    needsEvidence: boolean;
    needsAnswers: boolean;
    createdByPersonId: string;
  }): Promise<TaskKindEntity> {
    const id = randomUUID();
    await this.dataSource.getRepository(TaskKindEntity).insert({ id, ...kind });
    return this.dataSource.getRepository(TaskKindEntity).findOneByOrFail({ id });
  }

  /** Kinds owned within the scope or above it (a city's kind serves its counties), `ids` of them if given. */
  async list(scope: Scope, ids?: readonly string[]): Promise<TaskKindEntity[]> {
    const qb = this.dataSource
      .getRepository(TaskKindEntity)
      .createQueryBuilder('k')
      .innerJoin(UnitEntity, 'u', 'u.id = k.owner_unit_id')
      .where('true');
    if (!scope.all) {
      qb.andWhere('(u.path <@ :paths::ltree[] OR u.path @> :paths::ltree[])', {
        paths: scope.paths,
      });
    }
    if (ids) qb.andWhere('k.id = ANY(:ids::uuid[])', { ids: [...ids] });
    return qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id').getMany();
  }
}
