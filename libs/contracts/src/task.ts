import type { ExtraDue, ScheduleState } from '@campaign/domain';

import type { CampaignEngineInput, NoticeBatch } from './campaign.js';

/** Activities a unit workflow calls for its unit's tasks. */
export interface TaskActivities {
  /** The campaign's frozen plan and clock, for a unit workflow to run on. */
  loadCampaignEngine(input: { campaignId: string }): Promise<CampaignEngineInput>;
  /**
   * Writes the unit's task rows for one phase not yet open (its members' and the unit's own),
   * deadlines as the schedule has them; idempotent. Phases already open when a unit joins are
   * given as to joiners, by `syncUnitMembers`.
   */
  createUnitTasks(input: {
    campaignId: string;
    unitId: string;
    phaseIndex: number;
    schedule: ScheduleState;
  }): Promise<{ created: number }>;
  /**
   * Brings the unit's tasks in line with its people now: joiners get the open and future
   * phases' tasks (deadlines relative to joining in the current phase), movers bring theirs
   * along, leavers' open tasks close as `left`. Returns the joiners' deadlines the plan does not know.
   */
  syncUnitMembers(input: {
    campaignId: string;
    unitId: string;
    schedule: ScheduleState;
    /** Campaign time now. */
    at: number;
  }): Promise<{ joined: number; left: number; extraDues: ExtraDue[] }>;
  /** Reminds whoever in the unit still owes the task with this deadline; records the batch. */
  sendTaskReminders(input: {
    campaignId: string;
    unitId: string;
    phaseIndex: number;
    taskKey: string;
    offset: string;
    dueAt: number;
    eventKey: string;
    scheduledAt: number;
    at: number;
  }): Promise<NoticeBatch>;
  /** Notes a deadline passing: how many in the unit still owe it. */
  recordTaskDue(input: {
    campaignId: string;
    unitId: string;
    phaseIndex: number;
    taskKey: string;
    dueAt: number;
    eventKey: string;
    at: number;
  }): Promise<{ owed: number }>;
  /** Closes the unit's open tasks when its campaign is cancelled. */
  closeUnitTasks(input: { campaignId: string; unitId: string }): Promise<{ closed: number }>;
}
