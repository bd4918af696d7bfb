import type { CampaignEngineInput, TaskActivities } from '@campaign/contracts';
import { DomainError } from '@campaign/domain';
import {
  campaignClockSpec,
  CampaignReadModelRepository,
  NotificationRepository,
  TaskRepository,
} from '@campaign/persistence';

import { campaignNotices } from '../campaign/campaign-notices.js';
import type { ActivityDeps } from '../deps.js';

/** Activities of the unit workflows: their unit's task rows, reminders and deadlines. */
export function createTaskActivities({ dataSource }: ActivityDeps): TaskActivities {
  const tasks = new TaskRepository(dataSource);
  const readModel = new CampaignReadModelRepository(dataSource);
  const notifications = new NotificationRepository(dataSource);
  const planOf = async (campaignId: string) => {
    const frozen = await tasks.frozenPlan(campaignId);
    if (!frozen) throw new DomainError('not_found', `campaign ${campaignId} has no plan`);
    return frozen.resolved;
  };
  return {
    async loadCampaignEngine({ campaignId }): Promise<CampaignEngineInput> {
      const campaign = await readModel.findById(campaignId);
      if (!campaign?.plan) throw new DomainError('not_found', `campaign ${campaignId} has no plan`);
      return {
        resolved: campaign.plan.resolved,
        clock: campaignClockSpec(campaign),
        rehearsal: campaign.rehearsal,
        sendEmail: campaign.sendEmail,
        launchedAt: (campaign.launchedAt ?? campaign.createdAt).getTime(),
      };
    },
    async createUnitTasks({ campaignId, unitId, phaseIndex, schedule }) {
      const created = await tasks.createUnitTasks(
        campaignId,
        unitId,
        await planOf(campaignId),
        phaseIndex,
        schedule,
      );
      return { created };
    },
    async syncUnitMembers({ campaignId, unitId, schedule, at }) {
      return tasks.syncUnitMembers(campaignId, unitId, await planOf(campaignId), schedule, at);
    },
    async sendTaskReminders(input) {
      const rows = await tasks.openRows(input.campaignId, input.unitId, input.taskKey, input.dueAt);
      const unitRows = rows.filter((r) => r.personId === null);
      const contacts =
        unitRows.length > 0 ? (await tasks.unitContacts([input.unitId])).get(input.unitId)! : [];
      const recipients = new Set([
        ...rows.flatMap((r) => (r.personId ? [r.personId] : [])),
        ...contacts,
      ]);
      const batchKey = `${input.campaignId}:${input.unitId}:${input.eventKey}`;
      // Nobody owes it any more (or nobody here ever did): no batch to send.
      if (recipients.size === 0) return { recipients: 0, batchKey, email: false };
      const notices = await campaignNotices(readModel, input.campaignId);
      const task = (await planOf(input.campaignId)).phases[input.phaseIndex].tasks.find(
        (t) => t.key === input.taskKey,
      )!;
      const params = {
        taskName: task.name,
        campaignTitle: notices.title,
        dueAt: new Date(input.dueAt).toISOString(),
        timeLeft: input.offset,
      };
      // One per owed row (a member's own); a unit's task reminds each of its contacts.
      const key = (rowId: string) => `task-${rowId}:reminder:${input.offset}`;
      const requests = rows.flatMap((row) =>
        row.personId
          ? [notices.to(row.personId, key(row.id), 'task_reminder', params)]
          : contacts.map((p) => notices.to(p, `${key(row.id)}:${p}`, 'task_reminder', params)),
      );
      await dataSource.transaction(async (tx) => {
        await notifications.enqueue(requests, batchKey, tx);
        await readModel.insertEvent(
          {
            campaignId: input.campaignId,
            key: `unit:${input.unitId}:${input.eventKey}`,
            kind: 'reminder',
            unitId: input.unitId,
            phaseIndex: input.phaseIndex,
            taskKey: input.taskKey,
            scheduledAt: input.scheduledAt,
            firedAt: input.at,
            count: recipients.size,
            details: { offset: input.offset, dueAt: new Date(input.dueAt).toISOString() },
          },
          tx,
        );
      });
      return { recipients: recipients.size, batchKey, email: notices.channels.includes('email') };
    },
    async recordTaskDue(input) {
      const { rows, owed } = await tasks.owedAt(
        input.campaignId,
        input.unitId,
        input.taskKey,
        input.dueAt,
      );
      // A task nobody in the unit was given (no leaders here, say) has no deadline to note.
      if (rows === 0) return { owed: 0 };
      await readModel.insertEvent({
        campaignId: input.campaignId,
        key: `unit:${input.unitId}:${input.eventKey}`,
        kind: 'task_due',
        unitId: input.unitId,
        phaseIndex: input.phaseIndex,
        taskKey: input.taskKey,
        scheduledAt: input.dueAt,
        firedAt: input.at,
        count: owed,
      });
      return { owed };
    },
    async closeUnitTasks({ campaignId, unitId }) {
      return { closed: await tasks.closeUnitTasks(campaignId, unitId) };
    },
  };
}
