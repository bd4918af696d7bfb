import { createHash } from 'node:crypto';

import type { DataSource, EntityManager } from 'typeorm';

import { AuditEventEntity } from './entities/audit-event.entity.js';

/** Advisory lock key serialising appends to the chain ("audt"). */
const AUDIT_CHAIN_LOCK = 0x61756474;
const GENESIS = '0'.repeat(64);

/** Who may read which entries: everything (admin), or the entries of people below some units. */
export type AuditScope = { all: true } | { all: false; abovePaths: string[] };

export interface AuditQuery {
  scope: AuditScope;
  actorPersonId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface AuditListEntry {
  seq: string;
  at: Date;
  actorPersonId: string | null;
  actorName: string | null;
  actorUnitId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details: Record<string, unknown>;
  source: string | null;
}

export interface AuditEntry {
  /** Unique per event: a retried append with the same key appends nothing. */
  eventKey: string;
  at: Date;
  actorPersonId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details: Record<string, unknown>;
  source: string | null;
}

/** JSON with keys sorted at every level, so the same entry always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

function entryHash(prevHash: string, seq: string, entry: AuditEntry): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonical({ seq, ...entry }))
    .digest('hex');
}

/**
 * The audit trail: an append-only hash chain. Each row's hash covers the previous row's hash
 * and its own content, so changing or removing any row breaks every hash after it, and
 * `verify` names the first broken row.
 */
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends an entry (once per event key); returns its position in the chain. */
  async append(entry: AuditEntry, tx?: EntityManager): Promise<string> {
    if (!tx) return this.dataSource.transaction((own) => this.append(entry, own));
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const existing: Array<{ seq: string }> = await tx.query(
      'SELECT seq::text AS seq FROM audit_events WHERE event_key = $1',
      [entry.eventKey],
    );
    if (existing[0]) return existing[0].seq;
    const last: Array<{ seq: string; hash: string }> = await tx.query(
      'SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1',
    );
    const seq = String(BigInt(last[0]?.seq ?? '0') + 1n);
    const prevHash = last[0]?.hash ?? GENESIS;
    const normalised: AuditEntry = { ...entry, at: new Date(entry.at.toISOString()) };
    await tx.query(
      `INSERT INTO audit_events (seq, event_key, at, actor_person_id, action, subject_type,
         subject_id, reason, details, source, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        seq,
        normalised.eventKey,
        normalised.at,
        normalised.actorPersonId,
        normalised.action,
        normalised.subjectType,
        normalised.subjectId,
        normalised.reason,
        JSON.stringify(normalised.details),
        normalised.source,
        prevHash,
        entryHash(prevHash, seq, normalised),
      ],
    );
    return seq;
  }

  /** Walks the chain in order; the first row whose hash does not hold, or null when all do. */
  async verify(batchSize = 1000): Promise<{ checked: number; firstBroken: string | null }> {
    let prevHash = GENESIS;
    let after = '0';
    let checked = 0;
    let expectedSeq = 1n;
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditEventEntity)
        .createQueryBuilder('a')
        .where('a.seq > :after', { after })
        .orderBy('a.seq', 'ASC')
        .take(batchSize)
        .getMany();
      if (rows.length === 0) return { checked, firstBroken: null };
      for (const row of rows) {
        const entry: AuditEntry = {
          eventKey: row.eventKey,
          at: row.at,
          actorPersonId: row.actorPersonId,
          action: row.action,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          reason: row.reason,
          details: row.details,
          source: row.source,
        };
        // A removed row shows as a gap in the sequence; a changed one as a wrong hash.
        if (
          BigInt(row.seq) !== expectedSeq ||
          row.prevHash !== prevHash ||
          row.hash !== entryHash(prevHash, row.seq, entry)
        ) {
          return { checked, firstBroken: row.seq };
        }
        prevHash = row.hash;
        expectedSeq++;
        checked++;
        after = row.seq;
      }
    }
  }

  /**
   * Entries newest first, filtered in SQL. A scope of units shows only what people in units
   * strictly below them did (an inspector's own reads are for those above to see); entries with
   * no person behind them (the system's) only to an admin.
   */
  async list(query: AuditQuery): Promise<{ items: AuditListEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (!query.scope.all) {
      where.push(
        `EXISTS (SELECT 1 FROM unnest(${param(query.scope.abovePaths)}::ltree[]) g
                  WHERE u.path <@ g AND u.path <> g)`,
      );
    }
    if (query.actorPersonId) where.push(`a.actor_person_id = ${param(query.actorPersonId)}`);
    if (query.action) where.push(`a.action = ${param(query.action)}`);
    if (query.subjectType) where.push(`a.subject_type = ${param(query.subjectType)}`);
    if (query.subjectId) where.push(`a.subject_id = ${param(query.subjectId)}`);
    if (query.from) where.push(`a.at >= ${param(query.from)}`);
    if (query.to) where.push(`a.at < ${param(query.to)}`);
    const join = query.scope.all ? 'LEFT JOIN' : 'JOIN';
    const from = `FROM audit_events a ${join} people p ON p.id = a.actor_person_id
                  ${join} units u ON u.id = p.unit_id
                  ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS total ${from}`,
      params,
    );
    const rows: Array<{
      seq: string;
      at: Date;
      actor_person_id: string | null;
      actor_name: string | null;
      actor_unit_id: string | null;
      action: string;
      subject_type: string;
      subject_id: string;
      reason: string | null;
      details: Record<string, unknown>;
      source: string | null;
    }> = await this.dataSource.query(
      `SELECT a.seq::text AS seq, a.at, a.actor_person_id, p.name AS actor_name,
              p.unit_id AS actor_unit_id, a.action, a.subject_type, a.subject_id, a.reason,
              a.details, a.source
         ${from}
        ORDER BY a.seq DESC
        LIMIT ${param(query.pageSize)} OFFSET ${param((query.page - 1) * query.pageSize)}`,
      params,
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actorPersonId: r.actor_person_id,
        actorName: r.actor_name,
        actorUnitId: r.actor_unit_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        reason: r.reason,
        details: r.details,
        source: r.source,
      })),
    };
  }

  /** Entries about one subject, oldest first. */
  async forSubject(subjectType: string, subjectId: string): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({
      where: { subjectType, subjectId },
      order: { seq: 'ASC' },
    });
  }
}
