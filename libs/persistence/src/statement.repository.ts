import { randomUUID } from 'node:crypto';

import type { StatementAnswer } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import type { ConfidentialCipher } from './confidential.js';
import { StatementEntity } from './entities/statement.entity.js';
import type { Scope } from './org.repository.js';

/** Advisory lock namespace serialising one person's versions in one campaign ("stmt"). */
const STATEMENT_LOCK = 0x73746d74;

/** A statement version without its content: what the office may see. */
export interface StatementSummary {
  id: string;
  campaignId: string;
  personId: string;
  unitId: string;
  version: number;
  submittedAt: Date;
}

/**
 * The six clarifications, sealed: every version is a new row, never changed, and its answers
 * are opened only by `open` (the API audits each call). Nothing here logs or returns plaintext
 * except `open`.
 */
export class StatementRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ConfidentialCipher,
  ) {}

  /** Stores the next version of a person's statement in a campaign. */
  async submit(
    input: {
      campaignId: string;
      personId: string;
      unitId: string;
      answers: readonly StatementAnswer[];
      submittedAt: Date;
    },
    tx?: EntityManager,
  ): Promise<StatementSummary> {
    if (!tx) return this.dataSource.transaction((own) => this.submit(input, own));
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      STATEMENT_LOCK,
      `${input.campaignId}:${input.personId}`,
    ]);
    const [{ next }]: Array<{ next: number }> = await tx.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM statements
        WHERE campaign_id = $1 AND person_id = $2`,
      [input.campaignId, input.personId],
    );
    const id = randomUUID();
    const keyId = this.cipher.currentKeyId;
    // Answers in item order, so a version reads the same whatever order it was sent in.
    const answers = [...input.answers].sort((a, b) => a.item - b.item);
    await tx.getRepository(StatementEntity).insert({
      id,
      campaignId: input.campaignId,
      personId: input.personId,
      unitId: input.unitId,
      version: next,
      keyId,
      answers: this.cipher.sealJson(answers, { table: 'statements', column: 'answers', rowId: id }),
      submittedAt: input.submittedAt,
    });
    // The summary only: never the answers, so nothing downstream holds their plaintext.
    return {
      id,
      campaignId: input.campaignId,
      personId: input.personId,
      unitId: input.unitId,
      version: next,
      submittedAt: input.submittedAt,
    };
  }

  async find(id: string): Promise<StatementSummary | null> {
    const row = await this.dataSource.getRepository(StatementEntity).findOne({
      where: { id },
      select: SUMMARY_SELECT,
    });
    return row ? summary(row) : null;
  }

  /** Every version of a person's statement in a campaign, oldest first. */
  async versions(campaignId: string, personId: string): Promise<StatementSummary[]> {
    const rows = await this.dataSource.getRepository(StatementEntity).find({
      where: { campaignId, personId },
      select: SUMMARY_SELECT,
      order: { version: 'ASC' },
    });
    return rows.map(summary);
  }

  /** Every version a person has submitted, in every campaign, oldest first (never content). */
  async ofPerson(personId: string): Promise<StatementSummary[]> {
    const rows = await this.dataSource.getRepository(StatementEntity).find({
      where: { personId },
      select: SUMMARY_SELECT,
      order: { submittedAt: 'ASC', version: 'ASC' },
    });
    return rows.map(summary);
  }

  /**
   * The latest version a person had submitted in a campaign at `at` (campaign time): what the
   * disclosure rules judge a problem found then against.
   */
  async latestAt(campaignId: string, personId: string, at: Date): Promise<StatementSummary | null> {
    const row = await this.dataSource
      .getRepository(StatementEntity)
      .createQueryBuilder('s')
      .select(SUMMARY_COLUMNS.map((c) => `s.${c}`))
      .where('s.campaign_id = :campaignId AND s.person_id = :personId', { campaignId, personId })
      .andWhere('s.submitted_at <= :at', { at })
      .orderBy('s.version', 'DESC')
      .limit(1)
      .getOne();
    return row ? summary(row) : null;
  }

  /**
   * Who has submitted in a campaign, within a scope (by the unit they submitted from): each
   * person's latest version, never its content.
   */
  async submitted(campaignId: string, scope: Scope): Promise<StatementSummary[]> {
    const rows: Array<{
      id: string;
      campaign_id: string;
      person_id: string;
      unit_id: string;
      version: number;
      submitted_at: Date;
    }> = await this.dataSource.query(
      `SELECT DISTINCT ON (s.person_id) s.id, s.campaign_id, s.person_id, s.unit_id, s.version,
              s.submitted_at
         FROM statements s JOIN units u ON u.id = s.unit_id
        WHERE s.campaign_id = $1 AND ${scope.all ? 'TRUE' : 'u.path <@ $2::ltree[]'}
        ORDER BY s.person_id, s.version DESC`,
      scope.all ? [campaignId] : [campaignId, scope.paths],
    );
    return rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      personId: r.person_id,
      unitId: r.unit_id,
      version: r.version,
      submittedAt: r.submitted_at,
    }));
  }

  /** Opens a version's answers. Callers audit the read first (who, what, from which request). */
  async open(id: string): Promise<StatementAnswer[]> {
    const row = await this.dataSource
      .getRepository(StatementEntity)
      .findOneOrFail({ where: { id }, select: { id: true, keyId: true, answers: true } });
    return this.cipher.openJson<StatementAnswer[]>(
      row.answers,
      { table: 'statements', column: 'answers', rowId: row.id },
      row.keyId,
    );
  }
}

const SUMMARY_COLUMNS = [
  'id',
  'campaignId',
  'personId',
  'unitId',
  'version',
  'submittedAt',
] as const;
/** Every column but the sealed answers. */
const SUMMARY_SELECT = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, true])) as Record<
  (typeof SUMMARY_COLUMNS)[number],
  true
>;

function summary(row: StatementEntity): StatementSummary {
  return {
    id: row.id,
    campaignId: row.campaignId,
    personId: row.personId,
    unitId: row.unitId,
    version: row.version,
    submittedAt: row.submittedAt,
  };
}
