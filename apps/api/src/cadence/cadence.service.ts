import {
  CADENCE_FIGURES,
  type CadenceFigures,
  type CadenceKind,
  cadencePeriodLabel,
  ESCALATION_REASONS,
  type EscalationReason,
  label,
  type Language,
} from '@campaign/domain';
import { type CadenceReportRecord, CadenceRepository, emptyFigures } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import type {
  AnalysisListView,
  BulletinListView,
  BulletinView,
  CadenceFigureLabelsView,
  CadenceReportView,
  DispatchListView,
} from './cadence.dto.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The ledger's cadence as people read it (DOMAIN.md D5): a campaign's monthly dispatches and
 * quarterly bulletins, as the cadence workflow stored them. The campaign answers 404 unless the
 * caller may read it; the figures and named items are those of the units in the caller's
 * subtrees, and the totals add those up.
 */
@Injectable()
export class CadenceService {
  constructor(
    private readonly cadence: CadenceRepository,
    private readonly campaigns: CampaignsService,
  ) {}

  async dispatches(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<DispatchListView> {
    const records = await this.records(principal, campaignId, 'dispatch');
    return {
      campaignId,
      figureLabels: figureLabels(language),
      dispatches: records.map((r) => this.report(r, language)),
    };
  }

  async bulletins(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<BulletinListView> {
    const records = await this.records(principal, campaignId, 'bulletin');
    return {
      campaignId,
      figureLabels: figureLabels(language),
      bulletins: records.map((r) => this.bulletin(r, language)),
    };
  }

  /** The half-year analyses (半年分析, 年中查账): a bulletin's figures and names over a half year. */
  async analyses(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<AnalysisListView> {
    const records = await this.records(principal, campaignId, 'analysis');
    return {
      campaignId,
      figureLabels: figureLabels(language),
      analyses: records.map((r) => this.bulletin(r, language)),
    };
  }

  private async records(principal: Principal, campaignId: string, kind: CadenceKind) {
    const campaign = await this.campaigns.get(principal, campaignId, 'cadence.read');
    return this.cadence.list(campaign.id, kind, principal.scope('cadence.read'));
  }

  private report({ report, units }: CadenceReportRecord, language: Language): CadenceReportView {
    const totals = emptyFigures();
    for (const unit of units) {
      for (const figure of CADENCE_FIGURES) totals[figure] += unit.figures[figure] ?? 0;
    }
    return {
      id: report.id,
      kind: labelled('cadenceKind', report.kind, language),
      period: report.period,
      periodLabel: cadencePeriodLabel(report.period, language),
      periodStart: report.periodStart.toISOString(),
      periodEnd: report.periodEnd.toISOString(),
      producedAt: report.producedCampaignAt.toISOString(),
      rehearsal: report.rehearsal,
      totals,
      units: units.map((u) => ({
        unitId: u.unitId,
        unitName: u.unitName,
        figures: figures(u.figures),
      })),
    };
  }

  private bulletin(record: CadenceReportRecord, language: Language): BulletinView {
    const units = new Map<string, BulletinView['namedUnits'][number]>();
    for (const item of record.named) {
      const unit = units.get(item.unitId) ?? {
        unitId: item.unitId,
        unitName: item.unitName,
        items: 0,
        overdue: 0,
        escalated: 0,
        sentBack: 0,
      };
      unit.items++;
      if (item.reasons.includes('overdue')) unit.overdue++;
      if (item.reasons.includes('escalated')) unit.escalated++;
      if (item.reasons.includes('sent_back')) unit.sentBack++;
      units.set(item.unitId, unit);
    }
    return {
      ...this.report(record, language),
      namedUnits: [...units.values()].sort((a, b) => b.items - a.items),
      namedItems: record.named.map((item) => ({
        itemId: item.itemId,
        number: item.number,
        description: item.description,
        unitId: item.unitId,
        unitName: item.unitName,
        status: labelled('itemStatus', item.status as never, language),
        rung: item.rung ? labelled('escalationRung', item.rung, language) : null,
        deadline: iso(item.deadline),
        reasons: item.reasons.map((r) => labelled('bulletinReason', r, language)),
        rungs: item.rungs.map((r) => ({
          rung: labelled('escalationRung', r.rung, language),
          at: new Date(r.at).toISOString(),
          reason:
            r.reason && (ESCALATION_REASONS as readonly string[]).includes(r.reason)
              ? labelled('escalationReason', r.reason as EscalationReason, language)
              : null,
          documentNumber: r.documentNumber,
        })),
      })),
    };
  }
}

/** Exactly the figures the view declares, whatever else a stored row may carry. */
function figures(stored: CadenceFigures): CadenceFigures {
  const out = emptyFigures();
  for (const figure of CADENCE_FIGURES) out[figure] = stored[figure] ?? 0;
  return out;
}

function figureLabels(language: Language): CadenceFigureLabelsView {
  return Object.fromEntries(
    CADENCE_FIGURES.map((f) => [f, label('cadenceFigure', f, language)]),
  ) as unknown as CadenceFigureLabelsView;
}
