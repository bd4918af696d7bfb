import { randomUUID } from 'node:crypto';

import type { Localised } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { TaskKindEntity } from './entities/task-kind.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import type { Scope } from './org.repository.js';

/** What an office may change on its kind: its name and what completing it takes. */
export interface TaskKindChanges {
  name?: Localised;
  needsAttendance?: boolean;
  needsEvidence?: boolean;
  needsAnswers?: boolean;
}

/** Offices' own task kinds; a scope sees those owned by a unit in it or above it. */
export class TaskKindRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    kind: {
      ownerUnitId: string;
      name: Localised;
      needsAttendance: boolean;
      needsEvidence: boolean;
      needsAnswers: boolean;
      createdByPersonId: string;
    },
    tx?: EntityManager,
  ): Promise<TaskKindEntity> {
    const manager = tx ?? this.dataSource.manager;
    const id = randomUUID();
    await manager.getRepository(TaskKindEntity).insert({ id, ...kind });
    return manager.getRepository(TaskKindEntity).findOneByOrFail({ id });
  }

  /**
   * Kinds owned within the scope or above it (a city's kind serves its counties), `ids` of them
   * if given; `status` keeps only those in use (`active`) or only the retired ones.
   */
  async list(
    scope: Scope,
    ids?: readonly string[],
    status?: 'active' | 'retired',
  ): Promise<TaskKindEntity[]> {
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
    if (status === 'active') qb.andWhere('k.retired_at IS NULL');
    if (status === 'retired') qb.andWhere('k.retired_at IS NOT NULL');
    return qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id').getMany();
  }

  /** One kind with its owner's path (for the caller's scope check), locked in `tx` if given. */
  async find(
    id: string,
    tx?: EntityManager,
  ): Promise<(TaskKindEntity & { ownerPath: string }) | null> {
    const manager = tx ?? this.dataSource.manager;
    const qb = manager
      .getRepository(TaskKindEntity)
      .createQueryBuilder('k')
      .innerJoin(UnitEntity, 'u', 'u.id = k.owner_unit_id')
      .addSelect('u.path', 'owner_path')
      .where('k.id = :id', { id });
    if (tx) qb.setLock('pessimistic_write', undefined, ['k']);
    const { entities, raw } = await qb.getRawAndEntities<{ owner_path: string }>();
    const kind = entities[0];
    return kind ? Object.assign(kind, { ownerPath: String(raw[0].owner_path) }) : null;
  }

  async update(id: string, changes: TaskKindChanges, tx: EntityManager): Promise<TaskKindEntity> {
    if (Object.keys(changes).length > 0) {
      await tx.getRepository(TaskKindEntity).update({ id }, changes);
    }
    return tx.getRepository(TaskKindEntity).findOneByOrFail({ id });
  }

  async retire(
    id: string,
    retired: { at: Date; byPersonId: string },
    tx: EntityManager,
  ): Promise<TaskKindEntity> {
    await tx
      .getRepository(TaskKindEntity)
      .update({ id }, { retiredAt: retired.at, retiredByPersonId: retired.byPersonId });
    return tx.getRepository(TaskKindEntity).findOneByOrFail({ id });
  }
}
