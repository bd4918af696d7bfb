import {
  type CampaignActivities,
  type CampaignPhaseChange,
  campaignWorkflowId,
  type CampaignWorkflowInput,
} from '@campaign/contracts';
import {
  AuditRepository,
  CampaignReadModelRepository,
  TaskRepository,
} from '@campaign/persistence';

import type { ActivityDeps } from '../deps.js';

/** Campaign activities. Each write is idempotent, so Temporal's retries are safe. */
export function createCampaignActivities({ dataSource }: ActivityDeps): CampaignActivities {
  const readModel = new CampaignReadModelRepository(dataSource);
  const tasks = new TaskRepository(dataSource);
  const audit = new AuditRepository(dataSource);
  return {
    async projectCampaignCreated(input: CampaignWorkflowInput): Promise<void> {
      await readModel.insertPlanned(input, campaignWorkflowId(input.campaignId));
    },
    async projectCampaignPhase(change: CampaignPhaseChange): Promise<void> {
      await readModel.recordPhaseChange(change);
    },
    listCampaignUnits: ({ campaignId }) => readModel.unitIds(campaignId),
    setCampaignStatus: ({ campaignId, status, pausedAt }) =>
      readModel.setStatus(campaignId, status, pausedAt),
    projectPhase: (projection) => readModel.projectPhase(projection),
    applyScheduleShift: ({ campaignId, key, shift }) =>
      readModel.applyShift(campaignId, key, shift),
    async evaluateGates({ campaignId, phaseIndex, at, scheduledAt }) {
      const frozen = await tasks.frozenPlan(campaignId);
      const gate = frozen!.resolved.phases[phaseIndex].gate;
      const results = (await tasks.gateRows(campaignId, phaseIndex)).map((row) => ({
        ...row,
        passed:
          (row.memberOwed === 0 || row.memberDone / row.memberOwed >= gate.minMemberCompletion) &&
          (!gate.requireUnitTasks || row.unitDone === row.unitOwed),
      }));
      const below = results.filter((r) => !r.passed);
      await dataSource.transaction(async (tx) => {
        await tasks.storeGateResults(campaignId, phaseIndex, results, at, tx);
        await readModel.insertEvent(
          {
            campaignId,
            key: `phase:${phaseIndex}:close`,
            kind: 'gate_evaluation',
            phaseIndex,
            scheduledAt,
            firedAt: at,
            count: below.length,
            details: { units: results.length, below: below.map((r) => r.unitId) },
          },
          tx,
        );
      });
      return { units: results.length, below: below.length };
    },
    async sendHolidayReminders({ campaignId, holiday, year, scheduledAt, at }) {
      const people = await tasks.campaignPeople(campaignId);
      await readModel.insertEvent({
        campaignId,
        key: `holiday:${holiday}:${year}`,
        kind: 'holiday_reminder',
        scheduledAt,
        firedAt: at,
        count: people.length,
        details: { holiday, year },
      });
      return { recipients: people.length };
    },
    async recordCampaignEvent(event) {
      await readModel.insertEvent(event);
    },
    async recordDecision({ campaignId, action, decision, details, at }) {
      await audit.append({
        eventKey: `${action}:${campaignId}:${decision.requestId}`,
        at: new Date(at),
        actorPersonId: decision.actorPersonId,
        action,
        subjectType: 'campaign',
        subjectId: campaignId,
        reason: decision.reason,
        details,
        source: decision.requestId,
      });
    },
    addCampaignUnits: ({ campaignId, unitIds, at }) => readModel.addUnits(campaignId, unitIds, at),
  };
}
