import { type Language, NotFoundError } from '@campaign/domain';
import {
  CampaignReadModelRepository,
  DecisionRepository,
  OrgRepository,
  ProblemRepository,
  StatementRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { labelled } from '../common/labelled.js';
import type { IntegrityFileView } from './integrity-file.dto.js';
import { problemSummaryView } from './problem-summary.dto.js';
import { dispositionView } from './problems.dto.js';

/**
 * A person's integrity file (个人廉政档案, D4): every problem filed about them in every campaign
 * — where it came from, the ledger item's wording and status, its routing, the disclosure rules'
 * verdict, the concealment flag and its decision, every disposition — and the versions of their
 * six clarifications (ids and dates: the content stays behind its own audited route), and every
 * 问责 decision that held them to account. For the
 * inspectors in scope of the person's unit; the read is audited before anything is served.
 */
@Injectable()
export class IntegrityFileService {
  constructor(
    private readonly org: OrgRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly problems: ProblemRepository,
    private readonly statements: StatementRepository,
    private readonly reads: ConfidentialReads,
    private readonly decisions: DecisionRepository,
  ) {}

  async get(
    principal: Principal,
    personId: string,
    requestId: string,
    language: Language,
  ): Promise<IntegrityFileView> {
    const person = await this.org.findPerson(personId);
    if (!person) throw new NotFoundError('person', personId);
    const unit = await this.org.findUnit(person.unitId);
    requireAccess(principal, 'integrity.read', unit?.path, { unknown: 'person', id: personId });
    await this.reads.record(principal, requestId, [
      {
        what: 'integrity_file',
        subjectType: 'person',
        subjectId: person.id,
        details: { unitId: unit.id },
      },
    ]);
    // The whole file is the person's, found in whichever unit they were then.
    const problems = await this.problems.summaries({ scope: { all: true }, personId: person.id });
    const dispositions = await this.problems.dispositionsOf(problems.map((p) => p.id));
    const versions = await this.statements.ofPerson(person.id);
    const held = await this.decisions.heldToAccount(person.id);
    const titles = new Map<string, string>();
    for (const id of new Set(versions.map((v) => v.campaignId))) {
      titles.set(id, (await this.readModel.findById(id))?.title ?? '');
    }
    return {
      person: {
        id: person.id,
        name: person.name,
        staffNumber: person.staffNumber,
        unitId: unit.id,
        unitName: unit.name,
        position: person.position,
        isLeader: person.isLeader,
        isKeyPerson: person.isKeyPerson,
        status: labelled('personStatus', person.status, language),
      },
      statements: versions.map((v) => ({
        id: v.id,
        campaignId: v.campaignId,
        campaignTitle: titles.get(v.campaignId) ?? '',
        version: v.version,
        submittedAt: v.submittedAt.toISOString(),
      })),
      problems: problems.map((p) => ({
        ...problemSummaryView(p, language),
        dispositions: (dispositions.get(p.id) ?? []).map((d) => dispositionView(d, language)),
        reportBack: p.reportBack,
        reportBackHandling: p.reportBackHandling,
      })),
      accountability: held.flatMap((d) =>
        d.accountable
          .filter((a) => a.personId === person.id)
          .map((a) => ({
            decisionId: d.id,
            itemId: d.itemId,
            campaignId: d.campaignId,
            responsibility: labelled('accountableResponsibility', a.responsibility, language),
            form: labelled('accountabilityForm', a.form, language),
            reason: a.reason,
            decidedBy: d.decidedBy,
            decidedAt: d.closedAt ? d.closedAt.toISOString() : null,
          })),
      ),
    };
  }
}
