import {
  type AddUnitsRequest,
  addUnitsUpdate,
  advancePhaseUpdate,
  type AdvanceRequest,
  type CampaignActivities,
  type CampaignCarriedState,
  type CampaignEngineInput,
  type CampaignState,
  type CampaignWorkflowInput,
  cancelCampaignUpdate,
  type Decision,
  extendPhaseUpdate,
  type ExtendRequest,
  getCampaignStateQuery,
  type ItemPauseChange,
  NO_NEXT_PHASE,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  unitScheduleSignal,
  type UnitScheduleUpdate,
  unitWorkflowId,
  WRONG_CAMPAIGN_STATE,
} from '@campaign/contracts';
import {
  CampaignClock,
  type CampaignEvent,
  campaignEvents,
  type CampaignStatus,
  datedPlanSpec,
  INITIAL_SCHEDULE_STATE,
  phaseEnd,
  resolvePlan,
  type ScheduleState,
} from '@campaign/domain';
import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';

import { historyIsLong } from '../continue-as-new.js';
import { deliverInBackground } from '../notification/deliver.js';
import { campaignWorkflowV1 } from './campaign-v1.js';
import { unitWorkflow } from './unit.workflow.js';

/** Campaigns launched before plans existed have no marker and replay on the v1 code. */
export const ENGINE_PATCH = 'campaign-engine-v2';
/**
 * The clock's events fire under the control lock, and an advance opens its phase itself instead
 * of waiting for the main loop (which, waiting for every handler before continuing as new,
 * deadlocked with it). Runs that began before keep the old order to their end.
 */
export const CLOCK_UNDER_LOCK_PATCH = 'campaign-clock-under-lock';
/** A unit the broadcast cannot reach is started again instead of silently missing the change. */
export const RESTART_MISSED_UNITS_PATCH = 'campaign-restart-missed-units';
/**
 * A pause and a resume reach the campaign's ledger items too: they are not its children (a
 * campaign may hold thousands), so an activity signals each open one, and each holds its own
 * timers and moves them by the pause. Campaigns paused before keep their items running.
 */
export const ITEMS_PAUSE_PATCH = 'campaign-items-pause';
/**
 * Cancelling a paused campaign resumes its items: the ledger outlives the campaign, and an item
 * left paused would never remind, warn or climb again. Campaigns cancelled before kept them paused.
 */
export const CANCEL_RESUMES_ITEMS_PATCH = 'campaign-cancel-resumes-items';
/**
 * The units hear of a change from an activity, in the background, the newest schedule at a time,
 * and a control answers once it is decided and recorded. At 1,500 units the workflow's own 1,500
 * signals per change (two history events each, a workflow task per handful of confirmations,
 * queued behind the units' own work) took minutes on a two-core worker: a control outlived the
 * API's deadline (503, though it applied) and the run could not continue as new meanwhile. The
 * run still waits for the units to be told before it continues as new or ends. Runs that began
 * before keep signalling from the workflow, inside the control.
 */
export const UNITS_TOLD_IN_BACKGROUND_PATCH = 'campaign-units-told-in-background';
/** Temporal caps a workflow's pending children and signals at 2,000: start and signal in waves. */
const WAVE = 200;

// Projections and records are short idempotent writes: local activities, retried until the
// database answers (a read model down for an hour must catch up, not lose a phase).
const local = proxyLocalActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
// Batches (gates over every unit, reminders to everyone) go through the task queue.
const batch = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  if (!patched(ENGINE_PATCH)) return campaignWorkflowV1(input);
  return runCampaign(input);
}

const wrongState = (message: string) =>
  ApplicationFailure.create({ type: WRONG_CAMPAIGN_STATE, message, nonRetryable: true });

/** The engine for a campaign started without one (only ever by hand): its dated phases, nothing else. */
function engineFromDatedPlan(input: CampaignWorkflowInput): CampaignEngineInput {
  const start = Date.parse(input.plan.phases[0]?.startsAt ?? '');
  const noCalendar = {
    addWorkingDays: () => ({ date: '', missingYears: [] }),
    holidays: () => [],
    hasYear: () => false,
  };
  const { plan } = resolvePlan(datedPlanSpec(input.plan.phases), start, noCalendar);
  if (!plan)
    throw ApplicationFailure.create({
      message: 'the dated plan does not resolve',
      nonRetryable: true,
    });
  return {
    resolved: plan,
    clock: CampaignClock.real,
    rehearsal: false,
    sendEmail: true,
    launchedAt: start,
  };
}

/**
 * Runs a campaign on its frozen plan: phases open and close (their gates judged) on the
 * campaign clock, holiday reminders go out, and one child workflow per covered unit takes care
 * of its unit's tasks and reminders. Admin controls arrive as updates, each validated against
 * the state the caller expects and recorded with who, when and why. Long campaigns continue as
 * new before their history grows large.
 */
async function runCampaign(input: CampaignWorkflowInput): Promise<CampaignState> {
  const { campaignId } = input;
  const underLock = patched(CLOCK_UNDER_LOCK_PATCH);
  const inBackground = patched(UNITS_TOLD_IN_BACKGROUND_PATCH);
  const engine = input.engine ?? engineFromDatedPlan(input);
  const plan = engine.resolved;
  const clock = new CampaignClock(engine.clock);
  const now = () => clock.toCampaign(Date.now());
  const carried = input.carried;
  const s: CampaignCarriedState = carried ?? {
    status: 'scheduled',
    phaseIndex: null,
    schedule: JSON.parse(JSON.stringify(INITIAL_SCHEDULE_STATE)) as ScheduleState,
    done: [],
    pausedAt: null,
    unitIds: [],
    revision: 0,
  };
  const done = new Set(s.done);
  const terminal = () => s.status === 'completed' || s.status === 'cancelled';
  const current = () => (s.phaseIndex === null ? null : plan.phases[s.phaseIndex]);

  const state = (): CampaignState => ({
    campaignId,
    status: s.status,
    phaseIndex: s.phaseIndex,
    currentPhase: current()?.kind ?? null,
    revision: s.revision,
    now: new Date(now()).toISOString(),
    pausedAt: s.pausedAt === null ? null : new Date(s.pausedAt).toISOString(),
    holdingAfter: s.schedule.holdingAfter,
  });

  const unitUpdate = (): UnitScheduleUpdate => ({
    revision: s.revision,
    schedule: s.schedule,
    status:
      s.status === 'paused'
        ? 'paused'
        : terminal()
          ? (s.status as 'completed' | 'cancelled')
          : 'running',
  });
  const signalUnits = async (unitIds: string[]): Promise<string[]> => {
    const update = unitUpdate();
    const missed: string[] = [];
    for (let i = 0; i < unitIds.length; i += WAVE) {
      await Promise.all(
        unitIds.slice(i, i + WAVE).map((unitId) =>
          getExternalWorkflowHandle(unitWorkflowId(campaignId, unitId))
            .signal(unitScheduleSignal, update)
            .catch(() => void missed.push(unitId)),
        ),
      );
    }
    return missed;
  };
  /**
   * Tells every unit workflow the schedule as it stands. A unit whose workflow is gone while the
   * campaign runs (it failed, or was terminated by hand) would miss the change for good: it is
   * started again with the schedule as it stands and told its status (its steps are idempotent,
   * so it repeats nothing it did). Once the campaign has ended, a unit that finished is skipped.
   */
  const broadcast = async () => {
    if (inBackground) {
      const missed = await batch.signalCampaignUnits({ campaignId, update: unitUpdate() });
      if (missed.length > 0 && !terminal()) {
        await startUnits(missed);
        await batch.signalCampaignUnits({ campaignId, update: unitUpdate(), unitIds: missed });
      }
      return;
    }
    const missed = await signalUnits(s.unitIds);
    if (missed.length > 0 && !terminal() && patched(RESTART_MISSED_UNITS_PATCH)) {
      await startUnits(missed);
      await signalUnits(missed);
    }
  };
  const startUnits = async (unitIds: string[]) => {
    for (let i = 0; i < unitIds.length; i += WAVE) {
      await Promise.all(
        unitIds.slice(i, i + WAVE).map((unitId) =>
          startChild(unitWorkflow, {
            workflowId: unitWorkflowId(campaignId, unitId),
            args: [
              {
                campaignId,
                unitId,
                schedule: s.schedule,
                revision: s.revision,
                continueAsNewAfterEvents: input.continueAsNewAfterEvents,
              },
            ],
            // The campaign continues as new; its units must outlive each run.
            parentClosePolicy: ParentClosePolicy.ABANDON,
          }).catch((error: unknown) => {
            // Already started (an addition repeated): it runs; nothing to do.
            if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError')
              throw error;
          }),
        ),
      );
    }
  };
  const setStatus = async (status: CampaignStatus) => {
    s.status = status;
    await local.setCampaignStatus({ campaignId, status, pausedAt: s.pausedAt });
  };
  const decide = async (
    action: string,
    decision: Decision,
    details: Record<string, unknown> = {},
  ) => local.recordDecision({ campaignId, action, decision, details, at: now() });
  /** The revision the units were last told in full; a new run starts with them told. */
  let toldRevision = s.revision;
  let telling = false;
  /** Tells the units the newest schedule until they have it, one broadcast at a time. */
  const tellUnits = async () => {
    telling = true;
    try {
      while (toldRevision !== s.revision) {
        const revision = s.revision;
        await broadcast();
        toldRevision = revision;
      }
    } finally {
      telling = false;
    }
  };
  const changed = async () => {
    s.revision++;
    if (!inBackground) await broadcast();
    else if (!telling) void tellUnits();
  };
  const shift = async (by: number, from: number) => {
    const change = { from, by };
    s.schedule.shifts.push(change);
    await local.applyScheduleShift({
      campaignId,
      key: `shift:${s.schedule.shifts.length}`,
      shift: change,
    });
  };
  /**
   * Pauses and resumes reach the ledger items in the background, one broadcast after the other
   * (a resume never overtakes its pause): a control answers without waiting for thousands of
   * signals, and the run waits for them before it continues as new or ends.
   */
  let itemBroadcast: Promise<unknown> = Promise.resolve();
  let broadcasts = 0;
  let broadcastsDone = 0;
  const tellItems = (change: ItemPauseChange) => {
    broadcasts++;
    itemBroadcast = itemBroadcast.then(() =>
      batch
        .signalCampaignItems({ campaignId, change })
        .catch(() => undefined)
        .finally(() => broadcastsDone++),
    );
  };
  /** Every handler finished, and every broadcast to the items. */
  const settled = () => allHandlersFinished() && broadcastsDone === broadcasts && !telling;
  const requireRunning = () => {
    if (terminal()) throw wrongState(`the campaign is ${s.status}`);
    if (s.status === 'paused') throw wrongState('the campaign is paused; resume it first');
  };

  setHandler(getCampaignStateQuery, state);

  /**
   * Controls run one at a time, each checked again when its turn comes. Updates accepted in the
   * same moment all passed their validator against the same state; only the first may act on
   * it (five offices advancing from the study phase advance it once, the others get 409).
   */
  let controlling = false;
  const exclusive = async <T>(step: () => Promise<T>): Promise<T> => {
    // Taken in the same turn as the check: conditions that came true together all resume.
    while (controlling) await condition(() => !controlling);
    controlling = true;
    try {
      return await step();
    } finally {
      controlling = false;
    }
  };
  const setControl = <Args extends [unknown]>(
    update: UpdateDefinition<CampaignState, Args>,
    handler: (...args: Args) => Promise<CampaignState>,
    options: { validator: (...args: Args) => void },
  ) =>
    setHandler(
      update,
      async (...args: Args) =>
        exclusive(async () => {
          options.validator(...args);
          return await handler(...args);
        }),
      options,
    );

  setControl(
    advancePhaseUpdate,
    async (request: AdvanceRequest) => {
      const target = (s.phaseIndex ?? -1) + 1;
      await decide('campaign.advance', request, {
        fromPhase: request.fromPhase,
        toPhase: plan.phases[target].kind,
      });
      const at = now();
      s.schedule.openAt[target] = at;
      if (s.phaseIndex !== null && !done.has(`phase:${s.phaseIndex}:close`))
        s.schedule.closeAt[s.phaseIndex] = at;
      if (s.schedule.holdingAfter !== null) s.schedule.holdingAfter = null;
      s.revision++;
      // Answer once the new phase is open in the read model, so the caller reads it back.
      if (underLock) await fireDue();
      else await condition(() => (s.phaseIndex ?? -1) >= target || terminal());
      return state();
    },
    {
      validator: (request: AdvanceRequest) => {
        if (!request?.reason) throw wrongState('an advance needs its reason');
        requireRunning();
        if (request.fromPhase !== (current()?.kind ?? null)) {
          throw wrongState(
            `the campaign is not in ${request.fromPhase ?? 'its first days'} any more`,
          );
        }
        if ((s.phaseIndex ?? -1) + 1 >= plan.phases.length) {
          throw ApplicationFailure.create({
            type: NO_NEXT_PHASE,
            message: 'the campaign has no next phase to advance to',
            nonRetryable: true,
          });
        }
      },
    },
  );

  setControl(
    extendPhaseUpdate,
    async (request: ExtendRequest) => {
      await decide('campaign.extend', request, { phase: request.phase, until: request.until });
      const index = s.phaseIndex!;
      await shift(Date.parse(request.until) - phaseEnd(plan, s.schedule, index), now());
      await changed();
      return state();
    },
    {
      validator: (request: ExtendRequest) => {
        requireRunning();
        const phase = current();
        if (!phase || phase.kind !== request.phase || done.has(`phase:${phase.index}:close`)) {
          throw wrongState(`${request.phase} is not the open phase`);
        }
        const until = Date.parse(request.until);
        if (!(until > phaseEnd(plan, s.schedule, phase.index))) {
          throw wrongState('the new end must be later than the phase ends now');
        }
      },
    },
  );

  setControl(
    pauseCampaignUpdate,
    async (request: Decision) => {
      await decide('campaign.pause', request);
      s.pausedAt = now();
      await setStatus('paused');
      await changed();
      if (patched(ITEMS_PAUSE_PATCH)) tellItems({ pausedAt: s.pausedAt });
      return state();
    },
    { validator: (_request: Decision) => requireRunning() },
  );

  setControl(
    resumeCampaignUpdate,
    async (request: Decision) => {
      await decide('campaign.resume', request);
      const pausedAt = s.pausedAt!;
      const resumedAt = now();
      // Every timer moves by the time the campaign stood still.
      await shift(resumedAt - pausedAt, pausedAt);
      s.pausedAt = null;
      await setStatus(
        s.phaseIndex === null
          ? 'scheduled'
          : s.schedule.holdingAfter !== null
            ? 'holding'
            : 'active',
      );
      await changed();
      if (patched(ITEMS_PAUSE_PATCH)) tellItems({ resumedAt });
      return state();
    },
    {
      validator: (_request: Decision) => {
        if (s.status !== 'paused') throw wrongState('the campaign is not paused');
      },
    },
  );

  setControl(
    cancelCampaignUpdate,
    async (request: Decision) => {
      const resumeItems = s.status === 'paused' && patched(CANCEL_RESUMES_ITEMS_PATCH);
      await decide('campaign.cancel', request);
      if (resumeItems) s.pausedAt = null;
      await setStatus('cancelled');
      s.revision++;
      if (resumeItems) tellItems({ resumedAt: now() });
      return state();
    },
    {
      validator: (_request: Decision) => {
        if (terminal()) throw wrongState(`the campaign is ${s.status}`);
      },
    },
  );

  setControl(
    addUnitsUpdate,
    async (request: AddUnitsRequest) => {
      await decide('campaign.add_units', request, { unitIds: request.unitIds });
      const added = request.unitIds.filter((u) => !s.unitIds.includes(u));
      await local.addCampaignUnits({ campaignId, unitIds: added, at: now() });
      s.unitIds.push(...added);
      await startUnits(added);
      s.revision++;
      return state();
    },
    {
      validator: (request: AddUnitsRequest) => {
        if (terminal()) throw wrongState(`the campaign is ${s.status}`);
        if (request.unitIds.every((u) => s.unitIds.includes(u)))
          throw wrongState('every unit named is already in the campaign');
      },
    },
  );

  const fire = async (event: CampaignEvent, at: number) => {
    const record = {
      campaignId,
      key: event.key,
      kind: event.kind,
      scheduledAt: event.at,
      firedAt: at,
    };
    switch (event.kind) {
      case 'phase_open': {
        s.phaseIndex = event.phaseIndex;
        s.schedule.opened[event.phaseIndex] = at;
        if (s.status !== 'paused') s.status = 'active';
        const early = s.schedule.openAt[event.phaseIndex] !== undefined;
        await local.projectPhase({
          campaignId,
          phaseIndex: event.phaseIndex,
          event: 'open',
          at,
          early,
          status: s.status,
        });
        await local.recordCampaignEvent({
          ...record,
          phaseIndex: event.phaseIndex,
          details: { early },
        });
        await changed();
        return;
      }
      case 'phase_close': {
        const outcome = await batch.evaluateGates({
          campaignId,
          phaseIndex: event.phaseIndex,
          at,
          scheduledAt: event.at,
        });
        await deliverInBackground(outcome);
        await local.projectPhase({
          campaignId,
          phaseIndex: event.phaseIndex,
          event: 'close',
          at,
          early: s.schedule.closeAt[event.phaseIndex] !== undefined,
          status: s.status,
        });
        const last = event.phaseIndex === plan.phases.length - 1;
        if (
          !last &&
          outcome.below > 0 &&
          plan.phases[event.phaseIndex].gate.onFail === 'hold' &&
          s.schedule.openAt[event.phaseIndex + 1] === undefined
        ) {
          s.schedule.holdingAfter = event.phaseIndex;
          await setStatus('holding');
          await changed();
        }
        return;
      }
      case 'holiday_reminder':
        if (event.at < engine.launchedAt) return; // planned before the launch: past, not sent late
        await deliverInBackground(
          await batch.sendHolidayReminders({
            campaignId,
            holiday: event.holiday,
            year: event.year,
            scheduledAt: event.at,
            at,
          }),
        );
        return;
    }
  };

  /** Pending events of the schedule as it stands, earliest first. */
  const pending = () => campaignEvents(plan, s.schedule).filter((e) => !done.has(e.key));
  /** Fires every event that is due, in order (the caller holds the control lock). */
  const fireDue = async () => {
    while (!terminal() && s.status !== 'paused') {
      const at = now();
      const due = pending().find((e) => e.at <= at);
      if (!due) return;
      await fire(due, at);
      done.add(due.key);
    }
  };

  if (!carried) {
    await local.setCampaignStatus({ campaignId, status: 'scheduled', pausedAt: null });
    s.unitIds = await local.listCampaignUnits({ campaignId });
    await startUnits(s.unitIds);
  }

  while (!terminal()) {
    if (s.status === 'paused') {
      await condition(() => s.status !== 'paused');
      continue;
    }
    const at = now();
    const events = pending();
    const due = events.find((e) => e.at <= at);
    if (due) {
      // Under the lock, so no control acts on a phase while it opens or closes.
      if (underLock) await exclusive(fireDue);
      else {
        await fire(due, at);
        done.add(due.key);
      }
      continue;
    }
    const next = events[0];
    if (!next && s.schedule.holdingAfter === null) break;
    const revision = s.revision;
    const woken = () => s.revision !== revision || terminal();
    if (next) await condition(woken, Math.max(1, clock.waitMs(next.at, Date.now())));
    else await condition(woken); // a held gate: nothing happens until the office decides
    // Nothing is due here (new runs): no handler waits for this loop, so all of them finish.
    if (historyIsLong(input.continueAsNewAfterEvents)) {
      await condition(settled);
      // A control that finished meanwhile may have made an event due: fire it in the next run.
      s.done = [...done];
      await continueAsNew<typeof campaignWorkflow>({ ...input, engine, carried: s });
    }
  }

  if (!terminal()) await setStatus('completed');
  if (telling) await condition(() => !telling);
  await broadcast();
  // An update accepted just before the end must get its answer before the workflow closes.
  await condition(settled);
  return state();
}
