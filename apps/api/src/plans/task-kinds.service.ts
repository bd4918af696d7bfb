import { NotFoundError, overlaps, WrongStateError } from '@campaign/domain';
import {
  AuditRepository,
  type TaskKindChanges,
  type TaskKindEntity,
  TaskKindRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { OrgService } from '../org/org.service.js';
import type { CreateTaskKindDto, TaskKindStatus, UpdateTaskKindDto } from './dto/task-kind.dto.js';

/** What a kind was before a change and after it, as the audit trail keeps it. */
const definitionOf = (k: TaskKindEntity) => ({
  name: k.name,
  needsAttendance: k.needsAttendance,
  needsEvidence: k.needsEvidence,
  needsAnswers: k.needsAnswers,
});

/**
 * The office's own task kinds: created, edited and retired by the office of the unit that owns
 * them, read by everyone who plans within or below it. Plans freeze a kind's definition when
 * they are launched, so an edit or a retirement changes no campaign already running; a retired
 * kind is refused to every new plan (PlansService). Each change is on the audit trail.
 */
@Injectable()
export class TaskKindsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kinds: TaskKindRepository,
    private readonly audit: AuditRepository,
    private readonly org: OrgService,
  ) {}

  /** The kinds within the caller's scope or above it, all or those of one status. */
  list(principal: Principal, status?: TaskKindStatus): Promise<TaskKindEntity[]> {
    return this.kinds.list(principal.scope('taskKinds.read'), undefined, status);
  }

  /** One kind the caller reaches (owned in its scope or above it); else 404. */
  async get(principal: Principal, id: string): Promise<TaskKindEntity> {
    return this.reachable(principal, id, await this.kinds.find(id));
  }

  async create(
    principal: Principal,
    dto: CreateTaskKindDto,
    requestId: string,
  ): Promise<TaskKindEntity> {
    await this.org.visibleUnit(principal, 'taskKinds.write', dto.ownerUnitId);
    return this.dataSource.transaction(async (tx) => {
      const kind = await this.kinds.create(
        {
          ownerUnitId: dto.ownerUnitId,
          name: { 'zh-CN': dto.name['zh-CN'], en: dto.name.en },
          needsAttendance: dto.needsAttendance ?? false,
          needsEvidence: dto.needsEvidence ?? false,
          needsAnswers: dto.needsAnswers ?? false,
          createdByPersonId: principal.personId,
        },
        tx,
      );
      await this.record(principal, 'task_kind.create', kind, null, requestId, tx, {
        ownerUnitId: kind.ownerUnitId,
        to: definitionOf(kind),
      });
      return kind;
    });
  }

  /** Changes the fields given; a retired kind stays as it was retired (409). */
  async update(
    principal: Principal,
    id: string,
    dto: UpdateTaskKindDto,
    requestId: string,
  ): Promise<TaskKindEntity> {
    return this.dataSource.transaction(async (tx) => {
      const before = await this.writable(principal, id, tx);
      if (before.retiredAt) throw new WrongStateError('the task kind is retired: it cannot change');
      const changes: TaskKindChanges = {
        ...(dto.name ? { name: { 'zh-CN': dto.name['zh-CN'], en: dto.name.en } } : {}),
        ...(dto.needsAttendance !== undefined ? { needsAttendance: dto.needsAttendance } : {}),
        ...(dto.needsEvidence !== undefined ? { needsEvidence: dto.needsEvidence } : {}),
        ...(dto.needsAnswers !== undefined ? { needsAnswers: dto.needsAnswers } : {}),
      };
      const after = await this.kinds.update(id, changes, tx);
      await this.record(principal, 'task_kind.update', after, null, requestId, tx, {
        from: definitionOf(before),
        to: definitionOf(after),
      });
      return after;
    });
  }

  /** Retires a kind in use: no new plan may name it; 409 when it is retired already. */
  async retire(
    principal: Principal,
    id: string,
    reason: string,
    requestId: string,
  ): Promise<TaskKindEntity> {
    return this.dataSource.transaction(async (tx) => {
      const kind = await this.writable(principal, id, tx);
      if (kind.retiredAt) {
        throw new WrongStateError(`the task kind was retired on ${kind.retiredAt.toISOString()}`);
      }
      const retired = await this.kinds.retire(
        id,
        { at: new Date(), byPersonId: principal.personId },
        tx,
      );
      await this.record(principal, 'task_kind.retire', retired, reason, requestId, tx, {
        ownerUnitId: retired.ownerUnitId,
      });
      return retired;
    });
  }

  /**
   * The kind, locked, when the caller's office owns it: one it cannot see is unknown (404), one
   * a unit above owns it may use but not change (403).
   */
  private async writable(
    principal: Principal,
    id: string,
    tx: EntityManager,
  ): Promise<TaskKindEntity> {
    const kind = this.reachable(principal, id, await this.kinds.find(id, tx));
    requireAccess(principal, 'taskKinds.write', kind.ownerPath, {
      forbidden: 'the task kind belongs to a unit above yours: its office changes it',
    });
    return kind;
  }

  /** Owned within the caller's scope or above it (a city's kind serves its counties); else 404. */
  private reachable<K extends { ownerPath: string }>(
    principal: Principal,
    id: string,
    kind: K | null,
  ): K {
    const scope = principal.scope('taskKinds.read');
    if (kind && (scope.all || scope.paths.some((p) => overlaps(kind.ownerPath, p)))) return kind;
    throw new NotFoundError('task kind', id);
  }

  private async record(
    principal: Principal,
    action: string,
    kind: TaskKindEntity,
    reason: string | null,
    requestId: string,
    tx: EntityManager,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(
      {
        eventKey: `${action}:${kind.id}:${requestId}`,
        at: new Date(),
        actorPersonId: principal.personId,
        action,
        subjectType: 'task_kind',
        subjectId: kind.id,
        reason,
        details,
        source: requestId,
      },
      tx,
    );
  }
}
