import {
  getUnitStateQuery,
  type TaskActivities,
  type UnitCarriedState,
  unitMembersChangedSignal,
  unitScheduleSignal,
  type UnitWorkflowInput,
} from '@campaign/contracts';
import { CampaignClock, type ExtraDue, type UnitEvent, unitEvents } from '@campaign/domain';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

import { historyIsLong } from '../continue-as-new.js';
import { deliverInBackground } from '../notification/deliver.js';

const local = proxyLocalActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Task rows and reminder batches can be thousands of rows: regular activities, retried with
// backoff until they succeed (a reminder must never be lost).
const batch = proxyActivities<TaskActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/**
 * A unit that has just written its tasks does not compare them with its people again when a
 * phase whose rows it wrote opens within a campaign day (the launch: the first phase opens as the units start):
 * that comparison re-checks every row of every phase and, at launch, doubled the database's
 * work while the first phase's rows were being written. A member's move is still signalled at
 * once, and the next phase's opening checks again.
 */
export const FRESH_TASKS_PATCH = 'unit-fresh-tasks-not-synced';
const FRESH_FOR_MS = 24 * 3600 * 1000;

/**
 * One covered unit's part of a campaign: writes its members' and its own task rows, reminds
 * whoever still owes a task before each deadline, notes each deadline as it passes, and keeps
 * the tasks in line with the unit's people (joiners get theirs, leavers' close). It follows
 * the campaign's schedule, which the campaign workflow signals whenever it changes.
 */
export async function unitWorkflow(input: UnitWorkflowInput): Promise<void> {
  const { campaignId, unitId } = input;
  const engine = await local.loadCampaignEngine({ campaignId });
  const plan = engine.resolved;
  const clock = new CampaignClock(engine.clock);
  const now = () => clock.toCampaign(Date.now());
  let schedule = input.schedule;
  let revision = input.revision;
  const s: UnitCarriedState = input.carried ?? {
    done: [],
    extraDues: [],
    status: 'running',
    tasksCreated: false,
  };
  const done = new Set(s.done);
  let membersChanged = false;

  setHandler(unitScheduleSignal, (update) => {
    // Signals can arrive out of order after a retry: the newest revision wins.
    if (update.revision < revision) return;
    revision = update.revision;
    schedule = update.schedule;
    s.status = update.status;
  });
  setHandler(unitMembersChangedSignal, () => {
    membersChanged = true;
  });
  const pending = (): UnitEvent[] =>
    unitEvents(plan, schedule, s.extraDues).filter((e) => !done.has(e.key));
  setHandler(getUnitStateQuery, () => ({
    campaignId,
    unitId,
    status: s.status,
    revision,
    pending: pending().length,
  }));

  /** Campaign time this run wrote the unit's tasks (null: written by an earlier run, or before the patch). */
  let writtenAt: number | null = null;
  /** The phases whose rows this run wrote for everyone (not those already open: see below). */
  const written = new Set<number>();
  if (!s.tasksCreated) {
    // Phases already open (a unit added mid-campaign) are given as to joiners, below.
    for (const phase of plan.phases) {
      if (schedule.opened[phase.index] !== undefined) continue;
      await batch.createUnitTasks({ campaignId, unitId, phaseIndex: phase.index, schedule });
      written.add(phase.index);
    }
    s.tasksCreated = true;
    if (patched(FRESH_TASKS_PATCH)) writtenAt = now();
  }

  const addExtraDues = (dues: ExtraDue[]) => {
    for (const due of dues) {
      const known = s.extraDues.some((d) => d.taskKey === due.taskKey && d.dueAt === due.dueAt);
      const planned = plan.phases[due.phaseIndex]?.tasks.some(
        (t) => t.key === due.taskKey && Date.parse(t.dueAt) === due.dueAt,
      );
      if (!known && !planned) s.extraDues.push(due);
    }
  };

  const fire = async (event: UnitEvent, at: number) => {
    if (event.kind === 'task_reminder') {
      // Planned before the launch: past, not sent late.
      if (event.at < engine.launchedAt) return;
      const sent = await batch.sendTaskReminders({
        campaignId,
        unitId,
        phaseIndex: event.phaseIndex,
        taskKey: event.taskKey,
        offset: event.offset,
        dueAt: event.dueAt,
        eventKey: event.key,
        scheduledAt: event.at,
        at,
      });
      await deliverInBackground(sent);
    } else {
      await local.recordTaskDue({
        campaignId,
        unitId,
        phaseIndex: event.phaseIndex,
        taskKey: event.taskKey,
        dueAt: event.dueAt,
        eventKey: event.key,
        at,
      });
    }
  };

  let openedPhases = -1;
  while (s.status !== 'completed' && s.status !== 'cancelled') {
    if (s.status === 'paused') {
      await condition(() => s.status !== 'paused');
      continue;
    }
    // Joiners and leavers: when told, and whenever a phase opens (a safety net for a lost signal).
    const opened = Object.keys(schedule.opened).length;
    if (membersChanged || opened !== openedPhases) {
      const fresh =
        !membersChanged &&
        writtenAt !== null &&
        now() - writtenAt < FRESH_FOR_MS &&
        Object.keys(schedule.opened).every((index) => written.has(Number(index)));
      membersChanged = false;
      openedPhases = opened;
      if (!fresh) {
        const result = await batch.syncUnitMembers({ campaignId, unitId, schedule, at: now() });
        addExtraDues(result.extraDues);
      }
    }
    const at = now();
    const events = pending();
    const due = events.find((e) => e.at <= at);
    if (due) {
      await fire(due, at);
      done.add(due.key);
      continue;
    }
    const seen = revision;
    const woken = () => revision !== seen || membersChanged || s.status !== 'running';
    const next = events[0];
    if (next) await condition(woken, Math.max(1, clock.waitMs(next.at, Date.now())));
    else await condition(woken); // nothing left to remind: wait for the campaign to end
    if (historyIsLong(input.continueAsNewAfterEvents)) {
      await condition(allHandlersFinished);
      s.done = [...done];
      await continueAsNew<typeof unitWorkflow>({ ...input, schedule, revision, carried: s });
    }
  }

  if (s.status === 'completed') {
    // The campaign ended: whatever fell due before its end still happens, late if need be.
    const end = now();
    for (const event of pending().filter((e) => e.at <= end)) {
      await fire(event, end);
      done.add(event.key);
    }
  }
  if (s.status === 'cancelled') await batch.closeUnitTasks({ campaignId, unitId });
  await condition(allHandlersFinished);
}
