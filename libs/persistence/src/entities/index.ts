import { AccountEntity } from './account.entity.js';
import {
  AccountabilityEntryEntity,
  type AccountabilityKind,
  type AccountabilityRecipient,
} from './accountability-entry.entity.js';
import { AuditEventEntity } from './audit-event.entity.js';
import {
  type BulletinRung,
  CadenceBulletinItemEntity,
  CadenceReportEntity,
  CadenceUnitFiguresEntity,
} from './cadence-report.entity.js';
import { CalendarYearEntity } from './calendar-year.entity.js';
import { campaignClockSpec, CampaignEntity, campaignWorkflowInput } from './campaign.entity.js';
import { CampaignEventEntity } from './campaign-event.entity.js';
import { CampaignPhaseEntity } from './campaign-phase.entity.js';
import { CampaignTaskEntity } from './campaign-task.entity.js';
import { CampaignTaskCountEntity } from './campaign-task-count.entity.js';
import { CampaignUnitEntity } from './campaign-unit.entity.js';
import { CommitteeMemberEntity } from './committee-member.entity.js';
import { GateResultEntity } from './gate-result.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { type DecisionCandidate, LadderDecisionEntity } from './ladder-decision.entity.js';
import { type ExtensionStatus, LedgerExtensionEntity } from './ledger-extension.entity.js';
import { LedgerImportEntity } from './ledger-import.entity.js';
import { LedgerItemEntity } from './ledger-item.entity.js';
import { LedgerItemEventEntity } from './ledger-item-event.entity.js';
import {
  type EvidenceFile,
  type ItemRecordKind,
  LedgerReportEntity,
} from './ledger-report.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationAttemptEntity } from './notification-attempt.entity.js';
import { NotificationPreferenceEntity } from './notification-preference.entity.js';
import { PersonEntity } from './person.entity.js';
import { PlanTemplateEntity } from './plan-template.entity.js';
import {
  ChecklistEntryEntity,
  ConcealmentFlagEntity,
  DispositionEntity,
  LifeMeetingEntity,
  ProblemEntity,
} from './problem.entity.js';
import { RateLimitCounterEntity } from './rate-limit-counter.entity.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { RuleTaskEntity } from './rule-task.entity.js';
import { StatementEntity } from './statement.entity.js';
import { type EvidenceKind, TaskEvidenceEntity } from './task-evidence.entity.js';
import { TaskKindEntity } from './task-kind.entity.js';
import { TipOffEntity, type TipOffMessageAuthor, TipOffMessageEntity } from './tip-off.entity.js';
import { UnitEntity, unitPathLabel } from './unit.entity.js';

export type {
  AccountabilityKind,
  AccountabilityRecipient,
  BulletinRung,
  DecisionCandidate,
  EvidenceFile,
  EvidenceKind,
  ExtensionStatus,
  ItemRecordKind,
  TipOffMessageAuthor,
};
export {
  AccountabilityEntryEntity,
  AccountEntity,
  AuditEventEntity,
  CadenceBulletinItemEntity,
  CadenceReportEntity,
  CadenceUnitFiguresEntity,
  CalendarYearEntity,
  campaignClockSpec,
  CampaignEntity,
  CampaignEventEntity,
  CampaignPhaseEntity,
  CampaignTaskCountEntity,
  CampaignTaskEntity,
  CampaignUnitEntity,
  campaignWorkflowInput,
  ChecklistEntryEntity,
  CommitteeMemberEntity,
  ConcealmentFlagEntity,
  DispositionEntity,
  GateResultEntity,
  IdempotencyKeyEntity,
  LadderDecisionEntity,
  LedgerExtensionEntity,
  LedgerImportEntity,
  LedgerItemEntity,
  LedgerItemEventEntity,
  LedgerReportEntity,
  LifeMeetingEntity,
  NotificationAttemptEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  PersonEntity,
  PlanTemplateEntity,
  ProblemEntity,
  RateLimitCounterEntity,
  RefreshTokenEntity,
  RoleGrantEntity,
  RuleTaskEntity,
  StatementEntity,
  TaskEvidenceEntity,
  TaskKindEntity,
  TipOffEntity,
  TipOffMessageEntity,
  UnitEntity,
  unitPathLabel,
};

/** Every entity, for the one DataSource definition. */
export const ENTITIES = [
  CampaignEntity,
  CampaignPhaseEntity,
  CampaignUnitEntity,
  CampaignTaskEntity,
  CampaignTaskCountEntity,
  TaskEvidenceEntity,
  GateResultEntity,
  CampaignEventEntity,
  PlanTemplateEntity,
  TaskKindEntity,
  IdempotencyKeyEntity,
  AuditEventEntity,
  UnitEntity,
  PersonEntity,
  CommitteeMemberEntity,
  AccountEntity,
  RoleGrantEntity,
  RefreshTokenEntity,
  CalendarYearEntity,
  NotificationEntity,
  NotificationAttemptEntity,
  NotificationPreferenceEntity,
  LedgerImportEntity,
  LedgerItemEntity,
  LedgerItemEventEntity,
  LedgerReportEntity,
  LedgerExtensionEntity,
  AccountabilityEntryEntity,
  LadderDecisionEntity,
  CadenceReportEntity,
  CadenceUnitFiguresEntity,
  CadenceBulletinItemEntity,
  StatementEntity,
  TipOffEntity,
  TipOffMessageEntity,
  ProblemEntity,
  ConcealmentFlagEntity,
  DispositionEntity,
  ChecklistEntryEntity,
  LifeMeetingEntity,
  RuleTaskEntity,
  RateLimitCounterEntity,
];
