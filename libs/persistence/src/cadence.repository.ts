import { randomUUID } from 'node:crypto';

import {
  type BulletinReason,
  type CadenceFigures,
  type CadenceKind,
  ESCALATION_RUNGS,
  type ItemStatus,
  type LadderRung,
  RECTIFYING_STATUSES,
} from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import {
  type BulletinRung,
  CadenceBulletinItemEntity,
  CadenceReportEntity,
  CadenceUnitFiguresEntity,
} from './entities/cadence-report.entity.js';
import { type Scope, scopeClause } from './org.repository.js';

/** The rungs of the ladder in order (the reminder is not a rung that names anyone). */
const LADDER: readonly LadderRung[] = ESCALATION_RUNGS.filter(
  (r): r is LadderRung => r !== 'reminder',
);
const CLOSED: readonly ItemStatus[] = ['closed', 'confirmed'];

/** One item as the ledger stood at an instant, rebuilt from its timeline and the register. */
interface ItemAsOf {
  id: string;
  number: number;
  unitId: string;
  description: string;
  registeredAt: Date;
  status: ItemStatus;
  rung: LadderRung | null;
  overdue: boolean;
  deadline: Date | null;
  sentBack: number;
}

export interface CadenceProduction {
  campaignId: string;
  kind: CadenceKind;
  period: string;
  from: Date;
  to: Date;
  producedCampaignAt: Date;
  rehearsal: boolean;
}

export interface CadenceUnitView {
  unitId: string;
  unitName: string;
  figures: CadenceFigures;
}

export interface CadenceReportRecord {
  report: CadenceReportEntity;
  /** The units in scope, in tree order. */
  units: CadenceUnitView[];
  /** Bulletins only: the items named whose unit is in scope. */
  named: CadenceBulletinItemEntity[];
}

export function emptyFigures(): CadenceFigures {
  return {
    total: 0,
    new: 0,
    inProgress: 0,
    submitted: 0,
    closed: 0,
    overdue: 0,
    escalated: 0,
    sentBack: 0,
  };
}

/**
 * The ledger's cadence in Postgres (DOMAIN.md D5): each campaign's monthly dispatches and
 * quarterly bulletins, written once per (campaign, kind, period) and read by scope.
 */
export class CadenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Produces one period's report as the ledger stood at `to`, in one transaction: nothing when
   * it exists already (the unique index on campaign, kind and period decides between two
   * producers; the second changes nothing). Returns whether this call wrote it.
   */
  async produce(p: CadenceProduction): Promise<{ created: boolean; reportId: string }> {
    return this.dataSource.transaction(async (tx) => {
      const inserted: Array<{ id: string }> = await tx.query(
        `INSERT INTO cadence_reports
           (id, campaign_id, kind, period, period_start, period_end, produced_campaign_at, rehearsal)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (campaign_id, kind, period) DO NOTHING RETURNING id`,
        [
          randomUUID(),
          p.campaignId,
          p.kind,
          p.period,
          p.from,
          p.to,
          p.producedCampaignAt,
          p.rehearsal,
        ],
      );
      if (inserted.length === 0) {
        const [existing]: Array<{ id: string }> = await tx.query(
          'SELECT id FROM cadence_reports WHERE campaign_id = $1 AND kind = $2 AND period = $3',
          [p.campaignId, p.kind, p.period],
        );
        return { created: false, reportId: existing.id };
      }
      const reportId = inserted[0].id;
      const items = await this.itemsAsOf(tx, p.campaignId, p.from, p.to);
      const units = await this.units(tx, p.campaignId, items);

      const figures = new Map<string, CadenceFigures>(
        [...units.keys()].map((id) => [id, emptyFigures()]),
      );
      for (const item of items) {
        const f = figures.get(item.unitId)!;
        f.total++;
        if (item.registeredAt.getTime() >= p.from.getTime()) f.new++;
        if ((RECTIFYING_STATUSES as readonly string[]).includes(item.status)) f.inProgress++;
        if (item.status === 'submitted') f.submitted++;
        if (CLOSED.includes(item.status)) f.closed++;
        if (item.overdue) f.overdue++;
        if (item.rung !== null) f.escalated++;
        f.sentBack += item.sentBack;
      }
      if (figures.size > 0) {
        await tx
          .createQueryBuilder()
          .insert()
          .into(CadenceUnitFiguresEntity)
          .values(
            [...figures].map(([unitId, f]) => ({
              reportId,
              unitId,
              unitName: units.get(unitId)!,
              figures: f,
            })),
          )
          .execute();
      }
      // The half-year analysis checks the ledger as a bulletin does (年中查账): it names too.
      if (p.kind === 'bulletin' || p.kind === 'analysis')
        await this.name(tx, reportId, p, items, units);
      return { created: true, reportId };
    });
  }

  /**
   * The bulletin's named items (点名通报): overdue at the period's end, escalated (a rung fired in
   * the period, or still open with a rung fired before), or sent back in the period; each with
   * the rungs that named it in the period (the ladder's first rung is "named in the next
   * bulletin": this is that bulletin).
   */
  private async name(
    tx: EntityManager,
    reportId: string,
    p: CadenceProduction,
    items: ItemAsOf[],
    units: Map<string, string>,
  ) {
    const fired: Array<{
      item_id: string;
      rung: LadderRung;
      at: Date;
      reason: string | null;
      document_number: string | null;
      key: string;
    }> = await tx.query(
      `SELECT item_id, rung, at, reason, document_number, key FROM accountability_entries
        WHERE campaign_id = $1 AND kind = 'rung' AND at >= $2 AND at < $3
        ORDER BY at, key`,
      [p.campaignId, p.from, p.to],
    );
    const rungsOf = new Map<string, BulletinRung[]>();
    for (const r of fired) {
      const list = rungsOf.get(r.item_id) ?? [];
      list.push({
        rung: r.rung,
        at: r.at.toISOString(),
        reason: r.reason,
        documentNumber: r.document_number,
        key: r.key,
      });
      rungsOf.set(r.item_id, list);
    }
    const named = items.flatMap((item) => {
      const rungs = rungsOf.get(item.id) ?? [];
      const reasons: BulletinReason[] = [];
      if (item.overdue) reasons.push('overdue');
      if (rungs.length > 0 || (item.rung !== null && !CLOSED.includes(item.status)))
        reasons.push('escalated');
      if (item.sentBack > 0) reasons.push('sent_back');
      if (reasons.length === 0) return [];
      return [
        {
          reportId,
          itemId: item.id,
          unitId: item.unitId,
          unitName: units.get(item.unitId)!,
          number: item.number,
          description: item.description,
          status: item.status,
          rung: item.rung,
          deadline: item.deadline,
          reasons,
          rungs,
        },
      ];
    });
    if (named.length > 0) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(CadenceBulletinItemEntity)
        .values(named)
        .execute();
    }
  }

  /** The campaign's units (covered, and any an item is on) with their names now. */
  private async units(
    tx: EntityManager,
    campaignId: string,
    items: ItemAsOf[],
  ): Promise<Map<string, string>> {
    const rows: Array<{ id: string; name: string }> = await tx.query(
      `SELECT u.id, u.name FROM units u
        WHERE u.id IN (SELECT unit_id FROM campaign_units WHERE campaign_id = $1)
           OR u.id = ANY($2::uuid[])
        ORDER BY u.path`,
      [campaignId, [...new Set(items.map((i) => i.unitId))]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Every item of the campaign registered before `to`, as it stood at `to`: its status from the
   * last timeline line before it, its highest rung from the register, overdue when it was being
   * rectified past a deadline whose overdue warning fired and no extension was approved after
   * that warning, its deadline after the extensions approved by then, and the send-backs in
   * [from, to). So a report produced late reads as it would have on time.
   */
  private async itemsAsOf(
    tx: EntityManager,
    campaignId: string,
    from: Date,
    to: Date,
  ): Promise<ItemAsOf[]> {
    const rows: Array<{
      id: string;
      number: number;
      unit_id: string;
      description: string;
      registered_at: Date;
      status: ItemStatus;
      rung_pos: number | null;
      overdue: boolean;
      deadline: Date | null;
      sent_back: number;
    }> = await tx.query(
      `WITH asof AS (
         SELECT i.id, i.number, i.unit_id, i.description, i.registered_at, i.original_deadline,
           COALESCE((SELECT e.status FROM ledger_item_events e
                      WHERE e.item_id = i.id AND e.at < $3
                      ORDER BY e.at DESC, e.seq DESC, e.id DESC LIMIT 1), 'registered') AS status,
           (SELECT max(a.at) FROM accountability_entries a
             WHERE a.item_id = i.id AND a.kind = 'warning' AND a.reason = 'overdue'
               AND a.at < $3) AS overdue_at,
           (SELECT max(array_position($4::text[], a.rung::text)) FROM accountability_entries a
             WHERE a.item_id = i.id AND a.kind = 'rung' AND a.at < $3) AS rung_pos,
           (SELECT count(*) FROM ledger_item_events e
             WHERE e.item_id = i.id AND e.kind = 'verified'
               AND e.details->>'decision' = 'send_back' AND e.at >= $2 AND e.at < $3)::int
             AS sent_back
         FROM ledger_items i
         WHERE i.campaign_id = $1 AND i.registered_at < $3
       )
       SELECT s.id, s.number, s.unit_id, s.description, s.registered_at, s.status, s.rung_pos,
         s.sent_back,
         (s.status = ANY($5::text[]) AND s.overdue_at IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM ledger_extensions x
             WHERE x.item_id = s.id AND x.status = 'approved'
               AND x.decided_at > s.overdue_at AND x.decided_at < $3)) AS overdue,
         COALESCE((SELECT x.deadline_after FROM ledger_extensions x
                    WHERE x.item_id = s.id AND x.status = 'approved' AND x.decided_at < $3
                    ORDER BY x.decided_at DESC LIMIT 1), s.original_deadline) AS deadline
       FROM asof s ORDER BY s.number`,
      [campaignId, from, to, LADDER, RECTIFYING_STATUSES],
    );
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      unitId: r.unit_id,
      description: r.description,
      registeredAt: r.registered_at,
      status: r.status,
      rung: r.rung_pos === null ? null : LADDER[r.rung_pos - 1],
      overdue: r.overdue,
      deadline: r.deadline,
      sentBack: r.sent_back,
    }));
  }

  /**
   * A campaign's reports of one kind, oldest period first, each with the figures of the units in
   * `scope` and (bulletins) the named items whose unit is in `scope`.
   */
  async list(campaignId: string, kind: CadenceKind, scope: Scope): Promise<CadenceReportRecord[]> {
    const reports = await this.dataSource.getRepository(CadenceReportEntity).find({
      where: { campaignId, kind },
      order: { periodEnd: 'ASC', period: 'ASC' },
    });
    if (reports.length === 0) return [];
    const ids = reports.map((r) => r.id);
    const params: unknown[] = [ids];
    const visible = scopeClause('u', scope, params);
    const figures: Array<{
      report_id: string;
      unit_id: string;
      unit_name: string;
      figures: CadenceFigures;
    }> = await this.dataSource.query(
      `SELECT f.report_id, f.unit_id, f.unit_name, f.figures FROM cadence_unit_figures f
         JOIN units u ON u.id = f.unit_id
        WHERE f.report_id = ANY($1::uuid[]) AND ${visible} ORDER BY u.path`,
      params,
    );
    const namedRows: Array<{
      report_id: string;
      item_id: string;
      unit_id: string;
      unit_name: string;
      number: number;
      description: string;
      status: string;
      rung: LadderRung | null;
      deadline: Date | null;
      reasons: BulletinReason[];
      rungs: BulletinRung[];
    }> =
      kind === 'bulletin' || kind === 'analysis'
        ? await this.dataSource.query(
            `SELECT b.report_id, b.item_id, b.unit_id, b.unit_name, b.number, b.description,
                    b.status, b.rung, b.deadline, b.reasons, b.rungs
               FROM cadence_bulletin_items b JOIN units u ON u.id = b.unit_id
              WHERE b.report_id = ANY($1::uuid[]) AND ${visible} ORDER BY b.number`,
            params,
          )
        : [];
    const named = namedRows.map((r): CadenceBulletinItemEntity => ({
      reportId: r.report_id,
      itemId: r.item_id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      number: r.number,
      description: r.description,
      status: r.status,
      rung: r.rung,
      deadline: r.deadline,
      reasons: r.reasons,
      rungs: r.rungs,
    }));
    return reports.map((report) => ({
      report,
      units: figures
        .filter((f) => f.report_id === report.id)
        .map((f) => ({ unitId: f.unit_id, unitName: f.unit_name, figures: f.figures })),
      named: named.filter((n) => n.reportId === report.id),
    }));
  }
}
