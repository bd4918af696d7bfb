import {
  type CampaignActivities,
  type CampaignPhaseChange,
  campaignWorkflowId,
  type CampaignWorkflowInput,
  itemPauseSignal,
  itemWorkflowId,
  unitScheduleSignal,
  unitWorkflowId,
} from '@campaign/contracts';
import { gateShortfalls, type HolidayKey, LABELS } from '@campaign/domain';
import {
  AuditRepository,
  CampaignReadModelRepository,
  LedgerRepository,
  NotificationRepository,
  TaskRepository,
} from '@campaign/persistence';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';

import type { ActivityDeps } from '../deps.js';
import { startBatchDelivery } from '../notification/start-batch.js';
import { campaignNotices } from './campaign-notices.js';

/** Items (or units) signalled at once when a campaign pauses or resumes (or changes). */
const ITEM_WAVE = 200;

/** Campaign activities. Each write is idempotent, so Temporal's retries are safe. */
export function createCampaignActivities({ dataSource }: ActivityDeps): CampaignActivities {
  const readModel = new CampaignReadModelRepository(dataSource);
  const tasks = new TaskRepository(dataSource);
  const audit = new AuditRepository(dataSource);
  const notifications = new NotificationRepository(dataSource);
  const ledger = new LedgerRepository(dataSource);
  /**
   * Tells the office of the campaign's issuing unit (else its first responsible person) that
   * the campaign holds at the gate of the phase that just closed: which units missed which rule
   * of the gate, by how much, and that going on takes its decision with a reason. Keyed by the
   * phase, so a retried activity or a resume into the same hold sends nothing twice.
   */
  const noticeHold = async (campaignId: string): Promise<void> => {
    const campaign = await readModel.findById(campaignId);
    const held = (campaign?.phases ?? []).filter((p) => p.closedAt !== null).at(-1);
    const frozen = campaign?.plan;
    if (!campaign || !held || !frozen) return;
    const phase = frozen.resolved.phases[held.position];
    const results = (await tasks.gateResults(campaignId)).filter(
      (r) => r.phaseIndex === held.position,
    );
    const below = results.filter((r) => !r.passed);
    if (below.length === 0) return;
    const names = await tasks.unitNames(below.map((r) => r.unitId));
    const office = campaign.issuingUnitId ?? campaign.coveredUnitId;
    const contacts = (await tasks.unitContacts([office])).get(office) ?? [];
    const notices = await campaignNotices(readModel, campaignId);
    const params = {
      phaseName: phase.name,
      campaignTitle: notices.title,
      unitsBelow: below.length,
      unitsTotal: results.length,
      threshold: Math.round(phase.gate.minMemberCompletion * 100),
      shortfalls: gateShortfalls(
        below.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? '' })),
        phase.gate,
      ),
      campaignId,
    };
    // A hold waits on the office's decision: it never waits for a daily digest.
    const requests = contacts.map((personId) => ({
      ...notices.to(
        personId,
        `gate-${campaignId}-${held.position}:hold:${personId}`,
        'gate_hold',
        params,
      ),
      urgency: 'escalation' as const,
    }));
    const batchKey = `${campaignId}:phase:${held.position}:hold`;
    await notifications.enqueue(requests, batchKey);
    if (requests.length > 0 && notices.channels.includes('email')) {
      await startBatchDelivery(batchKey);
    }
  };

  return {
    async projectCampaignCreated(input: CampaignWorkflowInput): Promise<void> {
      await readModel.insertPlanned(input, campaignWorkflowId(input.campaignId));
    },
    async projectCampaignPhase(change: CampaignPhaseChange): Promise<void> {
      await readModel.recordPhaseChange(change);
    },
    listCampaignUnits: ({ campaignId }) => readModel.unitIds(campaignId),
    async signalCampaignItems({ campaignId, change }) {
      // From here, not from the campaign's workflow: signalling 5,000 items from the workflow
      // would add three history events each to the campaign per pause and per resume.
      const ids = await ledger.openItemIds(campaignId);
      const client = Context.current().client;
      for (let i = 0; i < ids.length; i += ITEM_WAVE) {
        await Promise.all(
          ids.slice(i, i + ITEM_WAVE).map((id) =>
            client.workflow
              .getHandle(itemWorkflowId(id))
              .signal(itemPauseSignal, change)
              .catch((error: unknown) => {
                // Confirmed meanwhile: nothing left to hold.
                if (!(error instanceof WorkflowNotFoundError)) throw error;
              }),
          ),
        );
        Context.current().heartbeat(i);
      }
      return ids.length;
    },
    async signalCampaignUnits({ campaignId, update, unitIds }) {
      // From here, like the items': from the workflow, 1,500 units cost the campaign two
      // history events and a share of a workflow task each per change, minutes on a busy worker.
      const ids = unitIds ?? (await readModel.unitIds(campaignId));
      const client = Context.current().client;
      const missed: string[] = [];
      for (let i = 0; i < ids.length; i += ITEM_WAVE) {
        await Promise.all(
          ids.slice(i, i + ITEM_WAVE).map((unitId) =>
            client.workflow
              .getHandle(unitWorkflowId(campaignId, unitId))
              .signal(unitScheduleSignal, update)
              .catch((error: unknown) => {
                // Gone (closed, or never started): the campaign decides what to do about it.
                if (!(error instanceof WorkflowNotFoundError)) throw error;
                missed.push(unitId);
              }),
          ),
        );
        Context.current().heartbeat(i);
      }
      return missed;
    },
    async setCampaignStatus({ campaignId, status, pausedAt }) {
      await readModel.setStatus(campaignId, status, pausedAt);
      // The hold is recorded here (the workflow decided it after the gate): the office that
      // issued the campaign is told, once per held phase whatever retries or resumes follow.
      if (status === 'holding') await noticeHold(campaignId);
    },
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
      const batchKey = `${campaignId}:phase:${phaseIndex}:gate`;
      // Units below the gate are reminded: their office, else their first responsible person.
      const notices = await campaignNotices(readModel, campaignId);
      const contacts = await tasks.unitContacts(below.map((r) => r.unitId));
      const names = await tasks.unitNames(below.map((r) => r.unitId));
      const phase = frozen!.resolved.phases[phaseIndex];
      const requests = below.flatMap((r) =>
        contacts.get(r.unitId)!.map((personId) =>
          notices.to(
            personId,
            `gate-${campaignId}-${phaseIndex}-${r.unitId}:below:${personId}`,
            'gate_below',
            {
              unitName: names.get(r.unitId) ?? '',
              phaseName: phase.name,
              campaignTitle: notices.title,
              completionRate:
                r.memberOwed === 0 ? 100 : Math.floor((r.memberDone / r.memberOwed) * 100),
              threshold: Math.round(gate.minMemberCompletion * 100),
            },
          ),
        ),
      );
      await dataSource.transaction(async (tx) => {
        await tasks.storeGateResults(campaignId, phaseIndex, results, at, tx);
        await notifications.enqueue(requests, batchKey, tx);
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
      return {
        units: results.length,
        below: below.length,
        recipients: new Set(requests.map((r) => r.recipientPersonId)).size,
        batchKey,
        email: requests.length > 0 && notices.channels.includes('email'),
      };
    },
    async sendHolidayReminders({ campaignId, holiday, year, scheduledAt, at }) {
      const people = await tasks.campaignPeople(campaignId);
      const notices = await campaignNotices(readModel, campaignId);
      const frozen = await tasks.frozenPlan(campaignId);
      const firstDay = frozen!.resolved.holidays.find(
        (h) => h.holiday === holiday && h.year === year,
      )!.firstDay;
      const batchKey = `${campaignId}:holiday:${holiday}:${year}`;
      const params = {
        holidayName: LABELS.holiday[holiday as HolidayKey],
        holidayStartsOn: firstDay,
        campaignTitle: notices.title,
      };
      const requests = people.map((personId) =>
        notices.to(
          personId,
          `holiday-${campaignId}-${holiday}-${year}:${personId}`,
          'holiday_integrity',
          params,
        ),
      );
      await dataSource.transaction(async (tx) => {
        await notifications.enqueue(requests, batchKey, tx);
        await readModel.insertEvent(
          {
            campaignId,
            key: `holiday:${holiday}:${year}`,
            kind: 'holiday_reminder',
            scheduledAt,
            firedAt: at,
            count: people.length,
            details: { holiday, year },
          },
          tx,
        );
      });
      return {
        recipients: people.length,
        batchKey,
        email: people.length > 0 && notices.channels.includes('email'),
      };
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
