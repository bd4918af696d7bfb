import {
  ITEM_STATUSES,
  type ItemEventType,
  type ItemTimerKind,
  type Language,
} from '@campaign/domain';
import {
  type AccountabilityEntryEntity,
  DecisionRepository,
  LedgerRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import { ItemAccess } from './item-access.service.js';
import { entryView, extensionView, itemView, reportView } from './item-views.js';
import type {
  AccountabilityPageView,
  AccountabilityQueryDto,
  ItemDetailView,
  ItemPageView,
  ItemsQueryDto,
  LedgerUnitsView,
  TimelineView,
} from './items.dto.js';

/**
 * Reading the rectification ledger from the read model: one item with its reports, requests and
 * escalations, its timeline, the lists (scoped by `items.read`, or the caller's own), the
 * accountability register and where every unit stands.
 */
@Injectable()
export class ItemQueriesService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly campaigns: CampaignsService,
    private readonly access: ItemAccess,
    private readonly decisions: DecisionRepository,
  ) {}

  /** Each rung entry's deciding decision, keyed `<itemId>:<rung>`. */
  private async decidedBy(entries: AccountabilityEntryEntity[]) {
    const rows = await this.decisions.decidedRungs(
      entries.filter((e) => e.kind === 'rung').map((e) => e.itemId),
    );
    const byRung = new Map(rows.map((d) => [`${d.itemId}:${d.rung}`, d]));
    return (e: AccountabilityEntryEntity) =>
      e.kind === 'rung' ? (byRung.get(`${e.itemId}:${e.rung}`) ?? null) : null;
  }

  async get(principal: Principal, id: string, language: Language): Promise<ItemDetailView> {
    const { item } = await this.access.visible(principal, id);
    const [reports, extensions, entries] = await Promise.all([
      this.ledger.reports(id),
      this.ledger.extensions(id),
      this.ledger.entriesOf(id),
    ]);
    const deliveries = await this.ledger.deliveries(entries.map((e) => e.key));
    const decision = await this.decidedBy(entries);
    return {
      ...itemView(item, language),
      reports: reports.map(reportView),
      extensions: extensions.map(extensionView),
      escalations: entries.map((e) =>
        entryView(e, deliveries.get(e.key) ?? [], language, decision(e)),
      ),
    };
  }

  async timeline(principal: Principal, id: string, language: Language): Promise<TimelineView> {
    await this.access.visible(principal, id);
    const lines = await this.ledger.timeline(id);
    return {
      itemId: id,
      entries: lines.map((line) => ({
        at: line.at.toISOString(),
        kind: line.kind.startsWith('timer:')
          ? labelled('itemTimer', line.kind.slice(6) as ItemTimerKind, language)
          : labelled('itemEvent', line.kind as ItemEventType, language),
        actorPersonId: line.actorPersonId,
        requestId: line.requestId,
        status: labelled('itemStatus', line.status, language),
        details: line.details,
      })),
    };
  }

  async list(
    principal: Principal,
    query: ItemsQueryDto,
    language: Language,
  ): Promise<ItemPageView> {
    const { items, total } = await this.ledger.list({
      ...query,
      scope: principal.scope('items.read'),
    });
    return {
      items: items.map((i) => itemView(i, language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The caller's own items: responsible for, responsible leader of, or concerned in. */
  async mine(
    principal: Principal,
    query: ItemsQueryDto,
    language: Language,
  ): Promise<ItemPageView> {
    const { items, total } = await this.ledger.list({
      ...query,
      scope: { all: true },
      personId: principal.personId,
    });
    return {
      items: items.map((i) => itemView(i, language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async accountability(
    principal: Principal,
    query: AccountabilityQueryDto,
    language: Language,
  ): Promise<AccountabilityPageView> {
    const { entries, total } = await this.ledger.accountability({
      scope: principal.scope('accountability.read'),
      campaignId: query.campaignId,
      unitId: query.unitId,
      rung: query.rung,
      personId: query.personId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    const deliveries = await this.ledger.deliveries(entries.map((e) => e.key));
    const decision = await this.decidedBy(entries);
    return {
      entries: entries.map((e) => entryView(e, deliveries.get(e.key) ?? [], language, decision(e))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Where every unit in the caller's scope stands on a campaign's ledger (supervisors' view). */
  async unitCounts(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<LedgerUnitsView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.read');
    const rows = await this.ledger.unitCounts(campaign.id, principal.scope('items.read'));
    return {
      campaignId: campaign.id,
      units: rows.map((r) => ({
        ...r,
        byStatus: ITEM_STATUSES.map((status) => ({
          status: labelled('itemStatus', status, language),
          count: r.byStatus[status],
        })),
      })),
    };
  }
}
