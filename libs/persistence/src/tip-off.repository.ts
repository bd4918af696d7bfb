import { randomUUID } from 'node:crypto';

import type { ItemCategory, TipOffStatus } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import type { ConfidentialCipher, SealedPlace } from './confidential.js';
import {
  TipOffEntity,
  type TipOffMessageAuthor,
  TipOffMessageEntity,
} from './entities/tip-off.entity.js';
import type { Scope } from './org.repository.js';

/** A tip-off without anything sealed: what lists, scope checks and its reporter's follow-up use. */
export interface TipOffSummary {
  id: string;
  unitId: string;
  category: ItemCategory;
  anonymous: boolean;
  status: TipOffStatus;
  receivedAt: Date;
  problemId: string | null;
  handledByPersonId: string | null;
  handledAt: Date | null;
}

/** What a tip-off says and whom it is about, opened. */
export interface TipOffContent {
  subjectName: string;
  text: string;
}

/** Who reported a named tip-off, opened. */
export interface TipOffReporter {
  name: string;
  phone: string | null;
}

export interface TipOffMessageSummary {
  id: string;
  tipOffId: string;
  author: TipOffMessageAuthor;
  authorPersonId: string | null;
  createdAt: Date;
}

export interface TipOffMessage extends TipOffMessageSummary {
  text: string;
}

export interface TipOffQuery {
  scope: Scope;
  status?: TipOffStatus | undefined;
  /** The tip-offs about this unit's subtree. */
  unitId?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * Tip-offs (监督举报), sealed: whom a tip-off is about, what it says, who reported it and every
 * message on it are encrypted with the key ring, each bound to its row and column. Only `open`,
 * `openReporter` and `openMessages` return plaintext, and the API audits each call first;
 * nothing here logs. The receipt's passphrase is kept as a hash, its failed attempts counted
 * here so that a burst of guesses cannot outrun the lock.
 */
export class TipOffRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ConfidentialCipher,
  ) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async submit(
    input: {
      receiptCode: string;
      passphraseHash: string;
      unitId: string;
      category: ItemCategory;
      subjectName: string;
      text: string;
      reporter: TipOffReporter | null;
      receivedAt: Date;
    },
    tx?: EntityManager,
  ): Promise<TipOffSummary> {
    const id = randomUUID();
    const keyId = this.cipher.currentKeyId;
    const place = (column: string): SealedPlace => ({ table: 'tip_offs', column, rowId: id });
    await this.manager(tx)
      .getRepository(TipOffEntity)
      .insert({
        id,
        receiptCode: input.receiptCode,
        passphraseHash: input.passphraseHash,
        failedAttempts: 0,
        lockedUntil: null,
        unitId: input.unitId,
        category: input.category,
        anonymous: input.reporter === null,
        keyId,
        subjectName: this.cipher.seal(input.subjectName, place('subject_name'), keyId),
        text: this.cipher.seal(input.text, place('text'), keyId),
        reporter: input.reporter
          ? this.cipher.sealJson(input.reporter, place('reporter'), keyId)
          : null,
        status: 'received',
        receivedAt: input.receivedAt,
        problemId: null,
        handledByPersonId: null,
        handledAt: null,
      });
    return {
      id,
      unitId: input.unitId,
      category: input.category,
      anonymous: input.reporter === null,
      status: 'received',
      receivedAt: input.receivedAt,
      problemId: null,
      handledByPersonId: null,
      handledAt: null,
    };
  }

  async find(id: string, tx?: EntityManager): Promise<TipOffSummary | null> {
    const row = await this.manager(tx)
      .getRepository(TipOffEntity)
      .findOne({ where: { id }, select: SUMMARY_SELECT });
    return row ? summary(row) : null;
  }

  /** A receipt by its code, with what the follow-up checks: its passphrase hash, its lock. */
  async findReceipt(
    receiptCode: string,
  ): Promise<{ id: string; passphraseHash: string; lockedUntil: Date | null } | null> {
    const row = await this.dataSource.getRepository(TipOffEntity).findOne({
      where: { receiptCode },
      select: { id: true, passphraseHash: true, lockedUntil: true },
    });
    return row
      ? { id: row.id, passphraseHash: row.passphraseHash, lockedUntil: row.lockedUntil }
      : null;
  }

  /**
   * Counts an attempt on a receipt before its passphrase is checked, unless the receipt is
   * locked or already at `maxFailures` uncounted attempts: false then, and the attempt must be
   * refused unchecked. Counting first means concurrent guesses cannot all be checked before the
   * count catches up with them.
   */
  async beginAttempt(id: string, maxFailures: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE tip_offs SET failed_attempts = failed_attempts + 1
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now()) AND failed_attempts < $2`,
      [id, maxFailures],
    );
    return touched(result) > 0;
  }

  /** The passphrase was right: the attempts counted so far are forgiven. */
  async attemptSucceeded(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE tip_offs SET failed_attempts = 0 WHERE id = $1`, [id]);
  }

  /**
   * The passphrase was wrong (the attempt is already counted): at `maxFailures` the receipt
   * locks for `lockMs`, and the count starts again when the lock ends. True when it locked.
   */
  async attemptFailed(id: string, maxFailures: number, lockMs: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE tip_offs
          SET failed_attempts = 0, locked_until = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND failed_attempts >= $2`,
      [id, maxFailures, lockMs],
    );
    return touched(result) > 0;
  }

  /** Tip-offs about units in scope, newest first, without their sealed content. */
  async list(query: TipOffQuery): Promise<{ items: TipOffSummary[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (!query.scope.all) add((p) => `u.path <@ ${p}::ltree[]`, query.scope.paths);
    add((p) => `t.status = ${p}`, query.status);
    add((p) => `u.path <@ (SELECT path FROM units WHERE id = ${p})`, query.unitId);
    const from = `FROM tip_offs t JOIN units u ON u.id = t.unit_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const rows: Array<{
      id: string;
      unit_id: string;
      category: ItemCategory;
      anonymous: boolean;
      status: TipOffStatus;
      received_at: Date;
      problem_id: string | null;
      handled_by_person_id: string | null;
      handled_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT t.id, t.unit_id, t.category, t.anonymous, t.status, t.received_at, t.problem_id,
              t.handled_by_person_id, t.handled_at
         ${from}
        ORDER BY t.received_at DESC, t.id
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        unitId: r.unit_id,
        category: r.category,
        anonymous: r.anonymous,
        status: r.status,
        receivedAt: r.received_at,
        problemId: r.problem_id,
        handledByPersonId: r.handled_by_person_id,
        handledAt: r.handled_at,
      })),
    };
  }

  /** Opens what tip-offs say and whom they are about. Callers audit the reads first. */
  async open(ids: readonly string[]): Promise<Map<string, TipOffContent>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(TipOffEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.keyId', 't.subjectName', 't.text'])
      .whereInIds([...ids])
      .getMany();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          subjectName: this.cipher.open(
            row.subjectName,
            { table: 'tip_offs', column: 'subject_name', rowId: row.id },
            row.keyId,
          ),
          text: this.cipher.open(
            row.text,
            { table: 'tip_offs', column: 'text', rowId: row.id },
            row.keyId,
          ),
        },
      ]),
    );
  }

  /** Opens who reported a tip-off (null: anonymous). Callers audit the read first. */
  async openReporter(id: string, tx?: EntityManager): Promise<TipOffReporter | null> {
    const row = await this.manager(tx)
      .getRepository(TipOffEntity)
      .findOneOrFail({ where: { id }, select: { id: true, keyId: true, reporter: true } });
    if (!row.reporter) return null;
    return this.cipher.openJson<TipOffReporter>(
      row.reporter,
      { table: 'tip_offs', column: 'reporter', rowId: row.id },
      row.keyId,
    );
  }

  /** A tip-off's messages without their text, oldest first. */
  async messages(tipOffId: string): Promise<TipOffMessageSummary[]> {
    const rows = await this.dataSource.getRepository(TipOffMessageEntity).find({
      where: { tipOffId },
      select: MESSAGE_SUMMARY_SELECT,
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(messageSummary);
  }

  /**
   * Opens a tip-off's messages, oldest first: all of them, or only one author's. Callers audit
   * the read first.
   */
  async openMessages(
    tipOffId: string,
    author?: TipOffMessageAuthor,
    tx?: EntityManager,
  ): Promise<TipOffMessage[]> {
    const rows = await this.manager(tx)
      .getRepository(TipOffMessageEntity)
      .find({
        where: author ? { tipOffId, author } : { tipOffId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
    return rows.map((row) => ({
      ...messageSummary(row),
      text: this.cipher.open(
        row.text,
        { table: 'tip_off_messages', column: 'text', rowId: row.id },
        row.keyId,
      ),
    }));
  }

  /** Seals and stores a message: the reporter's addition, or an inspector's answer. */
  async addMessage(
    input: {
      tipOffId: string;
      author: TipOffMessageAuthor;
      authorPersonId: string | null;
      text: string;
    },
    tx?: EntityManager,
  ): Promise<TipOffMessageSummary> {
    const id = randomUUID();
    const keyId = this.cipher.currentKeyId;
    const m = this.manager(tx);
    await m.getRepository(TipOffMessageEntity).insert({
      id,
      tipOffId: input.tipOffId,
      author: input.author,
      authorPersonId: input.authorPersonId,
      keyId,
      text: this.cipher.seal(
        input.text,
        { table: 'tip_off_messages', column: 'text', rowId: id },
        keyId,
      ),
    });
    const row = await m
      .getRepository(TipOffMessageEntity)
      .findOneOrFail({ where: { id }, select: MESSAGE_SUMMARY_SELECT });
    return messageSummary(row);
  }

  /**
   * Records how a tip-off was handled, if it is still waiting to be: false when someone handled
   * it first (the caller answers 409 and its transaction rolls back).
   */
  async markHandled(
    id: string,
    handled: {
      status: Exclude<TipOffStatus, 'received'>;
      problemId: string | null;
      byPersonId: string;
      at: Date;
    },
    tx: EntityManager,
  ): Promise<boolean> {
    const result: unknown = await tx.query(
      `UPDATE tip_offs
          SET status = $2, problem_id = $3, handled_by_person_id = $4, handled_at = $5
        WHERE id = $1 AND status = 'received'`,
      [id, handled.status, handled.problemId, handled.byPersonId, handled.at],
    );
    return touched(result) === 1;
  }

  /**
   * Why a tip-off was closed without pursuing: the reason of that decision in the audit trail,
   * where it is kept once (who, when, why), hash-chained.
   */
  async closingReason(id: string): Promise<string | null> {
    const rows: Array<{ reason: string | null }> = await this.dataSource.query(
      `SELECT reason FROM audit_events
        WHERE subject_type = 'tip_off' AND subject_id = $1 AND action = 'tip_off.not_pursued'
        ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    return rows[0]?.reason ?? null;
  }
}

/** Rows an UPDATE changed: TypeORM answers one with `[rows, affected]`. */
const touched = (result: unknown): number => (result as [unknown[], number])[1];

const SUMMARY_SELECT = {
  id: true,
  unitId: true,
  category: true,
  anonymous: true,
  status: true,
  receivedAt: true,
  problemId: true,
  handledByPersonId: true,
  handledAt: true,
} as const;

const MESSAGE_SUMMARY_SELECT = {
  id: true,
  tipOffId: true,
  author: true,
  authorPersonId: true,
  createdAt: true,
} as const;

function summary(row: TipOffEntity): TipOffSummary {
  return {
    id: row.id,
    unitId: row.unitId,
    category: row.category,
    anonymous: row.anonymous,
    status: row.status,
    receivedAt: row.receivedAt,
    problemId: row.problemId,
    handledByPersonId: row.handledByPersonId,
    handledAt: row.handledAt,
  };
}

function messageSummary(row: TipOffMessageSummary): TipOffMessageSummary {
  return {
    id: row.id,
    tipOffId: row.tipOffId,
    author: row.author,
    authorPersonId: row.authorPersonId,
    createdAt: row.createdAt,
  };
}
