import { LOGGER, type Logger } from '@campaign/config';
import {
  type Language,
  NotFoundError,
  RuleBrokenError,
  tipOffQuoteViolations,
  WrongStateError,
} from '@campaign/domain';
import {
  AuditRepository,
  OrgRepository,
  type TipOffContent,
  type TipOffMessageSummary,
  TipOffRepository,
  type TipOffSummary,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ConfidentialReads } from '../audit/confidential-reads.service.js';
import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { labelled } from '../common/labelled.js';
import type { ProblemView } from './problems.dto.js';
import { ProblemsService } from './problems.service.js';
import type {
  AnswerTipOffDto,
  CloseTipOffDto,
  TipOffDetailView,
  TipOffMessageView,
  TipOffPageView,
  TipOffReporterView,
  TipOffsQueryDto,
  TipOffSummaryView,
  TipOffView,
  TriageTipOffDto,
} from './tip-offs.dto.js';

const HANDLED_MEANWHILE = 'this tip-off has just been handled by someone else';

/**
 * The inspectors' side of tip-offs (监督举报, D4): only inspectors whose units hold a tip-off's
 * unit see it (not the office, not the person it concerns); every opening of its text, subject,
 * messages or reporter is audited first. Triage turns it into a problem through the intake's
 * one door, in the inspector's own words — the ledger item is all the person concerned ever
 * sees — or it is closed without pursuing, with a reason; either is a decision on the trail.
 */
@Injectable()
export class TipOffsService {
  constructor(
    private readonly tipOffs: TipOffRepository,
    private readonly org: OrgRepository,
    private readonly audit: AuditRepository,
    private readonly reads: ConfidentialReads,
    private readonly problems: ProblemsService,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Tip-offs about units in scope, newest first, with what they say: each one's read audited. */
  async list(
    principal: Principal,
    query: TipOffsQueryDto,
    requestId: string,
    language: Language,
  ): Promise<TipOffPageView> {
    const { items, total } = await this.tipOffs.list({
      scope: principal.scope('tipoffs.read'),
      status: query.status,
      unitId: query.unitId,
      page: query.page,
      pageSize: query.pageSize,
    });
    await this.reads.record(
      principal,
      requestId,
      items.map((t) => ({
        what: 'tip_off' as const,
        subjectType: 'tip_off',
        subjectId: t.id,
        details: { purpose: 'list' },
      })),
    );
    const contents = await this.tipOffs.open(items.map((t) => t.id));
    const names = await this.unitNames(items.map((t) => t.unitId));
    return {
      items: items.map((t) => this.view(t, contents.get(t.id)!, names, language)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** One tip-off with its messages (the reporter's additions, the answers): audited first. */
  async get(
    principal: Principal,
    id: string,
    requestId: string,
    language: Language,
  ): Promise<TipOffDetailView> {
    const tipOff = await this.inScope(principal, id, 'tipoffs.read');
    await this.reads.record(principal, requestId, [
      { what: 'tip_off', subjectType: 'tip_off', subjectId: id, details: { purpose: 'detail' } },
    ]);
    const contents = await this.tipOffs.open([id]);
    const messages = await this.tipOffs.openMessages(id);
    const names = await this.unitNames([tipOff.unitId]);
    return {
      ...this.view(tipOff, contents.get(id)!, names, language),
      messages: messages.map((m) => this.messageView(m, m.text, language)),
      closingReason: tipOff.status === 'not_pursued' ? await this.tipOffs.closingReason(id) : null,
    };
  }

  /** Who reported it: its own route, its own audit entry (also for an anonymous one). */
  async reporter(principal: Principal, id: string, requestId: string): Promise<TipOffReporterView> {
    const tipOff = await this.inScope(principal, id, 'tipoffs.read');
    await this.reads.record(principal, requestId, [
      { what: 'tip_off_reporter', subjectType: 'tip_off', subjectId: id },
    ]);
    const reporter = tipOff.anonymous ? null : await this.tipOffs.openReporter(id);
    return {
      anonymous: tipOff.anonymous,
      name: reporter?.name ?? null,
      phone: reporter?.phone ?? null,
    };
  }

  /** An answer the reporter reads with their receipt (sealed like everything on a tip-off). */
  async answer(
    principal: Principal,
    id: string,
    body: AnswerTipOffDto,
    language: Language,
  ): Promise<TipOffMessageView> {
    await this.inScope(principal, id, 'tipoffs.triage');
    const message = await this.tipOffs.addMessage({
      tipOffId: id,
      author: 'inspector',
      authorPersonId: principal.personId,
      text: body.text,
    });
    this.logger.info({ tipOffId: id, messageId: message.id }, 'tip-off answered');
    return this.messageView(message, body.text, language);
  }

  /** Closes it without pursuing (了结): a decision with its reason, on the audit trail. */
  async notPursued(
    principal: Principal,
    id: string,
    body: CloseTipOffDto,
    requestId: string,
    language: Language,
  ): Promise<TipOffSummaryView> {
    const tipOff = await this.inScope(principal, id, 'tipoffs.triage');
    this.refuseHandled(tipOff);
    // The reason stays on the audit trail, which its readers see in the clear: own words only.
    await this.refuseQuoting(principal, tipOff, body.reason, 'reason', requestId);
    const at = new Date();
    await this.dataSource.transaction(async (tx) => {
      const handled = await this.tipOffs.markHandled(
        id,
        { status: 'not_pursued', problemId: null, byPersonId: principal.personId, at },
        tx,
      );
      if (!handled) throw new WrongStateError(HANDLED_MEANWHILE);
      await this.audit.append(
        {
          eventKey: `tip_off.not_pursued:${id}`,
          at,
          actorPersonId: principal.personId,
          action: 'tip_off.not_pursued',
          subjectType: 'tip_off',
          subjectId: id,
          reason: body.reason,
          details: { unitId: tipOff.unitId },
          source: requestId,
        },
        tx,
      );
    });
    this.logger.info({ tipOffId: id }, 'tip-off closed without pursuing');
    const closed = (await this.tipOffs.find(id))!;
    return this.summaryView(closed, await this.unitNames([closed.unitId]), language);
  }

  /**
   * 422 when `text` (an inspector's words that outlive the tip-off: a ledger description, a
   * closing reason) repeats the tip-off or what its reporter added, or names the reporter. The
   * check reads the sealed text, the additions and the name on the inspector's behalf: audited
   * like any read, for this purpose.
   */
  private async refuseQuoting(
    principal: Principal,
    tipOff: TipOffSummary,
    text: string,
    field: 'description' | 'reason',
    requestId: string,
  ): Promise<void> {
    const id = tipOff.id;
    await this.reads.record(principal, requestId, [
      {
        what: 'tip_off',
        subjectType: 'tip_off',
        subjectId: id,
        details: { purpose: 'quote_check' },
      },
      ...(tipOff.anonymous
        ? []
        : [
            {
              what: 'tip_off_reporter' as const,
              subjectType: 'tip_off',
              subjectId: id,
              details: { purpose: 'quote_check' },
            },
          ]),
    ]);
    const contents = await this.tipOffs.open([id]);
    const additions = await this.tipOffs.openMessages(id, 'reporter');
    const reporter = tipOff.anonymous ? null : await this.tipOffs.openReporter(id);
    const violations = tipOffQuoteViolations(
      text,
      {
        texts: [contents.get(id)!.text, ...additions.map((m) => m.text)],
        reporterName: reporter?.name ?? null,
      },
      field,
    );
    if (violations.length > 0) {
      throw new RuleBrokenError(
        `the ${field} must be your own wording, not the tip-off’s`,
        violations,
      );
    }
  }

  /**
   * Registers the problem a tip-off reveals, about one person, as a ledger item in the
   * inspector's own words (a description quoting the tip-off or naming its reporter is refused),
   * through the intake's one door: routing, the disclosure rules and any concealment flag as for
   * every channel, the tip-off marked triaged and the decision audited in the same transaction.
   */
  async triage(
    principal: Principal,
    id: string,
    body: TriageTipOffDto,
    requestId: string,
    language: Language,
  ): Promise<ProblemView> {
    const tipOff = await this.inScope(principal, id, 'tipoffs.triage');
    this.refuseHandled(tipOff);
    if (body.personId === principal.personId) {
      // A tip-off about the inspector goes to another inspector (or the one above).
      throw new RuleBrokenError('this tip-off is about you', [
        {
          field: 'personId',
          rule: 'conflict_of_interest',
          message: 'nobody triages a tip-off about themselves',
        },
      ]);
    }
    await this.refuseQuoting(principal, tipOff, body.description, 'description', requestId);
    const view = await this.problems.register(
      principal,
      {
        campaignId: body.campaignId,
        personId: body.personId,
        channel: 'tip_off',
        category: body.category,
        description: body.description,
        clarificationItem: body.clarificationItem,
        tipOffId: id,
      },
      {
        requestId,
        language,
        alsoWrite: async (tx, problemId) => {
          const at = new Date();
          const handled = await this.tipOffs.markHandled(
            id,
            { status: 'triaged', problemId, byPersonId: principal.personId, at },
            tx,
          );
          // Someone handled it meanwhile: the problem and its item roll back with this.
          if (!handled) throw new WrongStateError(HANDLED_MEANWHILE);
          await this.audit.append(
            {
              eventKey: `tip_off.triage:${id}`,
              at,
              actorPersonId: principal.personId,
              action: 'tip_off.triage',
              subjectType: 'tip_off',
              subjectId: id,
              reason: null,
              details: { problemId, campaignId: body.campaignId, personId: body.personId },
              source: requestId,
            },
            tx,
          );
        },
      },
    );
    this.logger.info({ tipOffId: id, problemId: view.id }, 'tip-off triaged');
    return view;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The tip-off, if its unit is in the caller's scope for `action`; 404 as for an unknown id. */
  private async inScope(principal: Principal, id: string, action: Action): Promise<TipOffSummary> {
    const tipOff = await this.tipOffs.find(id);
    if (!tipOff) throw new NotFoundError('tip-off', id);
    const unit = await this.org.findUnit(tipOff.unitId);
    requireAccess(principal, action, unit?.path, { unknown: 'tip-off', id });
    return tipOff;
  }

  private refuseHandled(tipOff: TipOffSummary): void {
    if (tipOff.status !== 'received') {
      throw new WrongStateError(
        tipOff.status === 'triaged'
          ? 'this tip-off has already been triaged'
          : 'this tip-off has already been closed without pursuing',
      );
    }
  }

  private async unitNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      'SELECT id, name FROM units WHERE id = ANY($1::uuid[])',
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private summaryView(
    t: TipOffSummary,
    unitNames: Map<string, string>,
    language: Language,
  ): TipOffSummaryView {
    return {
      id: t.id,
      unit: { id: t.unitId, name: unitNames.get(t.unitId) ?? null },
      category: labelled('itemCategory', t.category, language),
      anonymous: t.anonymous,
      status: labelled('tipOffStatus', t.status, language),
      receivedAt: t.receivedAt.toISOString(),
      handledAt: t.handledAt?.toISOString() ?? null,
      handledByPersonId: t.handledByPersonId,
      problemId: t.problemId,
    };
  }

  private view(
    t: TipOffSummary,
    content: TipOffContent,
    unitNames: Map<string, string>,
    language: Language,
  ): TipOffView {
    return {
      ...this.summaryView(t, unitNames, language),
      subjectName: content.subjectName,
      text: content.text,
    };
  }

  private messageView(
    m: TipOffMessageSummary,
    text: string,
    language: Language,
  ): TipOffMessageView {
    return {
      id: m.id,
      author: labelled('tipOffMessageAuthor', m.author, language),
      authorPersonId: m.authorPersonId,
      text,
      at: m.createdAt.toISOString(),
    };
  }
}
