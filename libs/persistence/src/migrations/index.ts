import type { MigrationInterface } from 'typeorm';

import { InitialSchema1795324749710 } from './1795324749710-initial-schema.js';
import { OrganisationAndAccess1795326647552 } from './1795326647552-organisation-and-access.js';
import { Notifications1796156230577 } from './1796156230577-notifications.js';
import { CalendarYears1796156359731 } from './1796156359731-calendar-years.js';
import { CampaignEngine1796158749815 } from './1796158749815-campaign-engine.js';
import { CampaignTaskCounts1796170273881 } from './1796170273881-campaign-task-counts.js';
import { Ledger1796182115784 } from './1796182115784-ledger.js';
import { LedgerImport1796197285010 } from './1796197285010-ledger-import.js';
import { Cadence1796197615005 } from './1796197615005-cadence.js';
import { Intake1796242865285 } from './1796242865285-intake.js';
import { Findings1796245543993 } from './1796245543993-findings.js';
import { AccessHardening1796645380607 } from './1796645380607-access-hardening.js';
import { OfficeTaskKinds1796648251301 } from './1796648251301-office-task-kinds.js';
import { ParkedItems1796650000000 } from './1796650000000-parked-items.js';
import { TaskKindRetirement1796673621946 } from './1796673621946-task-kind-retirement.js';
import { LadderDecisions1796685258872 } from './1796685258872-ladder-decisions.js';

/** Every migration in order. Listed explicitly so source and built code load the same set. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  InitialSchema1795324749710,
  OrganisationAndAccess1795326647552,
  CalendarYears1796156359731,
  CampaignEngine1796158749815,
  Notifications1796156230577,
  CampaignTaskCounts1796170273881,
  Ledger1796182115784,
  LedgerImport1796197285010,
  Cadence1796197615005,
  Intake1796242865285,
  Findings1796245543993,
  AccessHardening1796645380607,
  OfficeTaskKinds1796648251301,
  ParkedItems1796650000000,
  TaskKindRetirement1796673621946,
  LadderDecisions1796685258872,
];
