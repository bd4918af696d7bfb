import { AccountEntity } from './account.entity.js';
import { CampaignEntity } from './campaign.entity.js';
import { CampaignPhaseEntity } from './campaign-phase.entity.js';
import { CommitteeMemberEntity } from './committee-member.entity.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationAttemptEntity } from './notification-attempt.entity.js';
import { NotificationPreferenceEntity } from './notification-preference.entity.js';
import { PersonEntity } from './person.entity.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { UnitEntity, unitPathLabel } from './unit.entity.js';

export {
  AccountEntity,
  CampaignEntity,
  CampaignPhaseEntity,
  CommitteeMemberEntity,
  NotificationAttemptEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  PersonEntity,
  RefreshTokenEntity,
  RoleGrantEntity,
  UnitEntity,
  unitPathLabel,
};

/** Every entity, for the one DataSource definition. */
export const ENTITIES = [
  CampaignEntity,
  CampaignPhaseEntity,
  UnitEntity,
  PersonEntity,
  CommitteeMemberEntity,
  AccountEntity,
  RoleGrantEntity,
  RefreshTokenEntity,
  NotificationEntity,
  NotificationAttemptEntity,
  NotificationPreferenceEntity,
];
