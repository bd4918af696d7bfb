import { LOGGER, type Logger } from '@campaign/config';
import {
  CampaignClock,
  checkStatementAnswers,
  type Language,
  NotFoundError,
  owesTask,
  RuleBrokenError,
  type StatementAnswer,
} from '@campaign/domain';
import {
  campaignClockSpec,
  CampaignReadModelRepository,
  OrgRepository,
  StatementRepository,
  type StatementSummary,
  TaskRepository,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import type { Principal } from '../auth/principal.js';
import { refuseEnded } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled } from '../common/labelled.js';
import type {
  StatementListView,
  StatementSummaryView,
  StatementView,
  SubmitStatementDto,
} from './statements.dto.js';

/**
 * The six clarifications (六个讲清, D4): each leader and key person a campaign covers states,
 * item by item, "nothing to report" or a disclosure. Statements are sealed at rest, never
 * changed (a correction is the next version), readable only by the person and by inspectors in
 * scope, every read audited; the office sees who has submitted, never what.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly tasks: TaskRepository,
    private readonly campaigns: CampaignsService,
    private readonly reads: ConfidentialReads,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async submit(principal: Principal, body: SubmitStatementDto): Promise<StatementSummaryView> {
    const campaign = await this.readModel.findById(body.campaignId);
    const person = await this.org.findPerson(principal.personId);
    const covered =
      campaign && person
        ? (await this.readModel.unitIds(campaign.id)).includes(person.unitId)
        : false;
    if (!campaign || !person || !covered) throw new NotFoundError('campaign', body.campaignId);
    refuseEnded(campaign);
    const plan = campaign.plan?.resolved;
    const owed = (plan?.phases ?? [])
      .flatMap((p) => p.tasks)
      .some((t) => t.kind === 'six_clarifications' && owesTask(t.owner, person, plan!.keyGroups));
    if (!owed) {
      throw new RuleBrokenError('you owe no six clarifications in this campaign', [
        {
          field: 'campaignId',
          rule: 'statement_not_owed',
          message: "the campaign's plan asks the six clarifications of leaders and key persons",
        },
      ]);
    }
    const violations = checkStatementAnswers(body.items);
    if (violations.length > 0) throw new RuleBrokenError('the statement is incomplete', violations);

    const at = new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
    const answers = body.items.map((a): StatementAnswer =>
      a.nothingToReport === true
        ? { item: a.item, nothingToReport: true }
        : { item: a.item, disclosure: a.disclosure! },
    );
    const saved = await this.dataSource.transaction(async (tx) => {
      const summary = await this.statements.submit(
        {
          campaignId: campaign.id,
          personId: person.id,
          unitId: person.unitId,
          answers,
          submittedAt: new Date(at),
        },
        tx,
      );
      // The six-clarifications task is done by the first statement (a row written later, when
      // the self-check phase opens, is written done).
      await this.tasks.completeStatementTasks(campaign.id, person.id, at, tx);
      return summary;
    });
    this.logger.info(
      { statementId: saved.id, campaignId: campaign.id, version: saved.version },
      'statement submitted',
    );
    return this.summaryView(saved, person.name);
  }

  /** One version with its answers: the person's own, or an inspector's in scope; audited first. */
  async get(
    principal: Principal,
    id: string,
    requestId: string,
    language: Language,
  ): Promise<StatementView> {
    const statement = await this.statements.find(id);
    if (!statement || !(await this.mayRead(principal, statement))) {
      throw new NotFoundError('statement', id);
    }
    await this.reads.record(principal, requestId, [
      {
        what: 'statement',
        subjectType: 'statement',
        subjectId: statement.id,
        details: { version: statement.version, personId: statement.personId },
      },
    ]);
    const answers = await this.statements.open(statement.id);
    const versions = await this.statements.versions(statement.campaignId, statement.personId);
    const person = await this.org.findPerson(statement.personId);
    return {
      ...this.summaryView(statement, person?.name ?? null),
      items: answers.map((a) => ({
        item: labelled('clarificationItem', a.item, language),
        nothingToReport: 'nothingToReport' in a,
        disclosure: 'disclosure' in a ? a.disclosure : null,
      })),
      versions: versions.map((v) => this.summaryView(v, person?.name ?? null)),
    };
  }

  /** The caller's own versions in a campaign, without content. */
  async mine(principal: Principal, campaignId: string): Promise<StatementListView> {
    const person = await this.org.findPerson(principal.personId);
    const versions = await this.statements.versions(campaignId, principal.personId);
    return { items: versions.map((v) => this.summaryView(v, person?.name ?? null)) };
  }

  /** Who has submitted in a campaign, within the caller's scope: names and versions, never content. */
  async submitted(principal: Principal, campaignId: string): Promise<StatementListView> {
    await this.campaigns.get(principal, campaignId, 'statements.status');
    const latest = await this.statements.submitted(
      campaignId,
      principal.scope('statements.status'),
    );
    const names = await this.names(latest.map((s) => s.personId));
    return { items: latest.map((s) => this.summaryView(s, names.get(s.personId) ?? null)) };
  }

  private async mayRead(principal: Principal, statement: StatementSummary): Promise<boolean> {
    if (statement.personId === principal.personId) return true;
    // The unit the person submitted from, or the one they are in now.
    const submittedFrom = await this.org.findUnit(statement.unitId);
    const now = await this.org.personUnitPath(statement.personId);
    return [submittedFrom?.path, now].some(
      (path) => path !== undefined && path !== null && principal.covers('statements.read', path),
    );
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      'SELECT id, name FROM people WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private summaryView(s: StatementSummary, personName: string | null): StatementSummaryView {
    return {
      id: s.id,
      campaignId: s.campaignId,
      personId: s.personId,
      personName,
      unitId: s.unitId,
      version: s.version,
      submittedAt: s.submittedAt.toISOString(),
    };
  }
}
