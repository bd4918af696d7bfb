import {
  type DecisionStatus,
  ForbiddenError,
  type Language,
  NotFoundError,
  RuleBrokenError,
  type Violation,
  WrongStateError,
} from '@campaign/domain';
import { DecisionRepository, LadderDecisionEntity, LedgerRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { labelled } from '../common/labelled.js';
import { ItemMoves } from '../items/item-moves.service.js';
import type {
  DecisionsQueryDto,
  LadderDecisionPageView,
  LadderDecisionView,
  TakeDecisionDto,
} from './decisions.dto.js';

const OFFICE_OPENS = 'T09:00:00+08:00';
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Decisions on the ladder (issue 18): the item's workflow proposes a rung to a desk (a role at a
 * unit relative to the responsible unit) and waits; the people at the desk issue, defer or
 * decline it here, and a desk that lets its limit pass hands it one level up. Every row is the
 * item workflow's (written by its step); this service reads them and sends the desk's decision
 * to the item, which judges it again and records it, with the audit trail, in one step.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly decisions: DecisionRepository,
    private readonly ledger: LedgerRepository,
    private readonly moves: ItemMoves,
  ) {}

  /** What awaits the caller's desk (pending unless another status is asked for). */
  async mine(
    principal: Principal,
    query: DecisionsQueryDto,
    language: Language,
  ): Promise<LadderDecisionPageView> {
    return this.page(
      {
        deskPersonId: principal.personId,
        status: query.status ?? 'pending',
        campaignId: query.campaignId,
        page: query.page,
        pageSize: query.pageSize,
      },
      language,
    );
  }

  /** Decisions about items whose responsible unit lies in the caller's scope. */
  async list(
    principal: Principal,
    query: DecisionsQueryDto,
    language: Language,
  ): Promise<LadderDecisionPageView> {
    return this.page(
      {
        scope: principal.scope('decisions.read'),
        status: query.status,
        campaignId: query.campaignId,
        page: query.page,
        pageSize: query.pageSize,
      },
      language,
    );
  }

  async get(principal: Principal, id: string, language: Language): Promise<LadderDecisionView> {
    const row = await this.visible(principal, id);
    return (await this.views([row], language))[0];
  }

  /**
   * The desk's decision: 404 when the caller can neither see it nor sits at its desk, 403 when
   * they see it but the desk is not theirs, 409 when it was taken, passed on or deferred, 422 when
   * a rule is broken (an accountable person who is not a candidate, a deferral without its day).
   */
  async take(
    principal: Principal,
    id: string,
    body: TakeDecisionDto,
    language: Language,
  ): Promise<LadderDecisionView> {
    const row = await this.visible(principal, id);
    if (!row.deskPersonIds.includes(principal.personId)) {
      throw new ForbiddenError(
        'this decision waits on another desk; only the people at it may take it',
      );
    }
    if (row.status !== 'pending') {
      throw new WrongStateError(
        row.status === 'deferred'
          ? 'this decision is deferred; it comes back to the desk on its day'
          : 'this decision is no longer waiting on this desk',
      );
    }
    const violations: Violation[] = [];
    if (body.decision === 'defer' && body.until === undefined) {
      violations.push({
        field: 'until',
        rule: 'defer_needs_date',
        message: 'a deferral names the day the desk takes it up again',
      });
    }
    if (body.decision !== 'issue' && body.accountable !== undefined) {
      violations.push({
        field: 'accountable',
        rule: 'only_when_issued',
        message: 'only an issued accountability decision names who is held to account',
      });
    }
    (body.accountable ?? []).forEach((a, i) => {
      if (a.personId === principal.personId) {
        violations.push({
          field: `accountable.${i}.personId`,
          rule: 'own_accountability',
          message: 'nobody decides on holding themselves to account; the level above does',
        });
        return;
      }
      const candidate = row.candidates.find((c) => c.personId === a.personId);
      if (!candidate) {
        violations.push({
          field: `accountable.${i}.personId`,
          rule: 'not_a_candidate',
          message: 'only a person the proposal lists may be held to account',
        });
      }
    });
    if (violations.length) throw new RuleBrokenError('the decision breaks a rule', violations);
    const found = await this.ledger.findWithPath(row.itemId);
    if (!found) throw new NotFoundError('decision', id);
    await this.moves.command(found.item, {
      type: 'decision_taken',
      by: principal.personId,
      decisionKey: row.key,
      decision: body.decision,
      reason: body.reason,
      ...(body.until !== undefined ? { until: instantOf(body.until) } : {}),
      ...(body.accountable ? { accountable: body.accountable.map((a) => ({ ...a })) } : {}),
    });
    return this.get(principal, id, language);
  }

  /** The row, if the caller sits at its desk or sees its item's unit; else 404. */
  private async visible(principal: Principal, id: string): Promise<LadderDecisionEntity> {
    const row = await this.decisions.findById(id);
    if (row && row.deskPersonIds.includes(principal.personId)) return row;
    if (row) {
      const [unit] = await this.decisions.unitPaths([row.unitId]);
      if (unit && principal.covers('decisions.read', unit.path)) return row;
    }
    throw new NotFoundError('decision', id);
  }

  private async page(
    filter: Parameters<DecisionRepository['list']>[0] & { status?: DecisionStatus },
    language: Language,
  ): Promise<LadderDecisionPageView> {
    const { rows, total } = await this.decisions.list(filter);
    return {
      items: await this.views(rows, language),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  private async views(
    rows: LadderDecisionEntity[],
    language: Language,
  ): Promise<LadderDecisionView[]> {
    const previous = await this.decisions.idsByKeys(
      rows.map((r) => r.previousKey).filter((k): k is string => k !== null),
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.rung,
      kindLabel: labelled('escalationRung', row.rung, language),
      itemId: row.itemId,
      campaignId: row.campaignId,
      unitId: row.unitId,
      step: {
        index: row.step,
        of: row.steps,
        role: labelled('decisionRole', row.role, language),
        levelsUp: row.levelsUp,
        unitId: row.deskUnitId,
        personIds: row.deskPersonIds,
      },
      status: row.status,
      statusLabel: labelled('decisionStatus', row.status, language),
      reason: labelled('escalationReason', row.reason, language),
      openedAt: row.openedAt.toISOString(),
      dueBy: row.decideBy.toISOString(),
      previousId: row.previousKey ? (previous.get(row.previousKey) ?? null) : null,
      ...(row.candidates.length > 0
        ? {
            candidates: row.candidates.map((c) => ({
              personId: c.personId,
              responsibility: c.responsibility,
              responsibilityLabel: labelled(
                'accountableResponsibility',
                c.responsibility,
                language,
              ),
              levelsUp: c.levelsUp,
            })),
          }
        : {}),
      closedAt: iso(row.closedAt),
      decidedBy: row.decidedBy,
      decisionReason: row.decisionReason,
      deferredUntil: iso(row.deferredUntil),
      accountable: row.accountable.map((a) => ({
        personId: a.personId,
        responsibility: labelled('accountableResponsibility', a.responsibility, language),
        form: labelled('accountabilityForm', a.form, language),
        reason: a.reason,
      })),
      rehearsal: row.rehearsal,
    }));
  }
}

/** A day means 09:00 Beijing time that day (office hours); an instant is taken as given. */
function instantOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}${OFFICE_OPENS}` : value);
}
