import type { Language, ResponsibilityRole } from '@campaign/domain';
import type {
  AccountabilityEntryEntity,
  Delivery,
  LadderDecisionEntity,
  LedgerExtensionEntity,
  LedgerItemEntity,
  LedgerReportEntity,
} from '@campaign/persistence';

import { labelled } from '../common/labelled.js';
import type {
  AccountabilityEntryView,
  ExtensionView,
  ItemReportView,
  ItemView,
} from './items.dto.js';

const DAY_MS = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An item as every list shows it (the ledger's lists, rule-making tasks). */
export function itemView(item: LedgerItemEntity, language: Language): ItemView {
  return {
    id: item.id,
    number: item.number,
    campaignId: item.campaignId,
    unitId: item.unitId,
    personIds: item.personIds,
    description: item.description,
    source: labelled('itemSource', item.source, language),
    sourceRound: item.sourceRound,
    category: labelled('itemCategory', item.category, language),
    status: labelled('itemStatus', item.status, language),
    warningLevel: labelled('warningLevel', item.warningLevel, language),
    rung: item.rung ? labelled('escalationRung', item.rung, language) : null,
    overdue: item.overdue,
    supervised: item.supervisingLeaderId !== null,
    mode: item.mode ? labelled('itemMode', item.mode, language) : null,
    responsibleLeaderId: item.responsibleLeaderId,
    responsibleUnitId: item.responsibleUnitId,
    responsiblePersonId: item.responsiblePersonId,
    supervisingLeaderId: item.supervisingLeaderId,
    deadline: iso(item.deadline),
    originalDeadline: iso(item.originalDeadline),
    cumulativeDelayDays: Math.round(Number(item.cumulativeDelayMs) / DAY_MS),
    acceptanceStandard: item.acceptanceStandard,
    expectedEffect: item.expectedEffect,
    measures: item.measures,
    yellowWarnings: item.yellowWarnings,
    repeatOffences: item.repeatOffences,
    lastProgressAt: iso(item.lastProgressAt),
    closedAt: iso(item.closedAt),
    registeredAt: item.registeredAt.toISOString(),
    registeredByPersonId: item.registeredByPersonId,
    rehearsal: item.rehearsal,
    starting: item.workflowStartedAt === null,
    parked: item.parkedAt ? { at: item.parkedAt.toISOString(), reason: item.parkedReason } : null,
  };
}

/** A line of the accountability register with how each of its deliveries went. */
export function entryView(
  entry: AccountabilityEntryEntity,
  deliveries: Delivery[],
  language: Language,
  decision: LadderDecisionEntity | null = null,
): AccountabilityEntryView {
  return {
    id: entry.id,
    itemId: entry.itemId,
    campaignId: entry.campaignId,
    unitId: entry.unitId,
    kind: entry.kind,
    rung: labelled('registerEntry', entry.rung, language),
    level: entry.level ? labelled('warningLevel', entry.level, language) : null,
    reason: entry.reason ? labelled('escalationReason', entry.reason, language) : null,
    at: entry.at.toISOString(),
    recipients: entry.recipients.map((r) => ({
      personId: r.personId,
      role: labelled('responsibilityRole', r.role as ResponsibilityRole, language),
      ...(r.levelsUp !== undefined ? { levelsUp: r.levelsUp } : {}),
    })),
    accountable: entry.accountable,
    documentNumber: entry.documentNumber,
    respondBy: iso(entry.respondBy),
    decision: decision
      ? {
          id: decision.id,
          decidedBy: decision.decidedBy,
          role: labelled('decisionRole', decision.role, language),
          deskUnitId: decision.deskUnitId,
          reason: decision.decisionReason,
          decidedAt: iso(decision.closedAt),
          accountable: decision.accountable.map((a) => ({
            personId: a.personId,
            responsibility: labelled('accountableResponsibility', a.responsibility, language),
            form: labelled('accountabilityForm', a.form, language),
            reason: a.reason,
          })),
        }
      : null,
    rehearsal: entry.rehearsal,
    deliveries: deliveries.map((d) => ({
      personId: d.personId,
      channel: d.channel,
      status: d.status,
      sentAt: iso(d.sentAt),
    })),
  };
}

export function reportView(r: LedgerReportEntity): ItemReportView {
  return {
    id: r.id,
    kind: r.kind,
    text: r.text,
    details: r.details,
    link: r.link,
    files: r.files,
    reportedByPersonId: r.reportedByPersonId,
    reportedAt: r.reportedAt.toISOString(),
  };
}

export function extensionView(e: LedgerExtensionEntity): ExtensionView {
  return {
    id: e.id,
    requestedByPersonId: e.requestedByPersonId,
    requestedAt: e.requestedAt.toISOString(),
    requestedDeadline: e.requestedDeadline,
    reason: e.reason,
    status: e.status,
    decidedByPersonId: e.decidedByPersonId,
    decidedAt: iso(e.decidedAt),
    deadlineAfter: iso(e.deadlineAfter),
    decisionReason: e.decisionReason,
  };
}
