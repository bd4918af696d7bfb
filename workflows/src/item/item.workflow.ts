import {
  getItemSnapshotQuery,
  ITEM_COMMAND_REFUSED,
  ITEM_STEP_FAILED,
  type ItemActivities,
  type ItemCommand,
  itemCommandUpdate,
  type ItemPauseChange,
  itemPauseSignal,
  type ItemRefusalDetails,
  type ItemSnapshot,
  type ItemWorkflowInput,
  type NoticeBatch,
  retryItemStepSignal,
} from '@campaign/contracts';
import {
  advanceItem,
  applyItemEvent,
  CampaignClock,
  type ItemContext,
  type ItemEffect,
  itemFacts,
  type ItemRefusal,
  type ItemState,
  nextItemTimers,
  registerItem,
  WorkingDayCalendar,
} from '@campaign/domain';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

import { historyIsLong } from '../continue-as-new.js';
import { deliverInBackground } from '../notification/deliver.js';

// One activity per step: the row, the timeline, the register and the messages in one
// transaction, retried with backoff until it succeeds (a rung must never be lost).
const act = proxyActivities<ItemActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/**
 * The same step as a local activity: run by the worker in the workflow task that decided it,
 * with no round trip through the task queue (the first step of 5,000 imported items took three
 * server round trips each; a rung due now is recorded in the task its timer woke).
 */
const local = proxyLocalActivities<ItemActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Registration with an assignment (ledger imports), added after item-v1 shipped. */
const IMPORTED_ASSIGNMENT = 'item-imported-assignment';

/**
 * Each step is recorded first and the state moved after, so a step that fails for good (bad
 * data: SQLSTATE classes 22/23) changes nothing. Before, the state moved first and the failure
 * escaped the loop and failed `item-<id>`, its ladder with it. Now such a timer step parks the
 * item until it is retried, and such a command fails alone. Runs begun before keep the old order
 * until their next step after the deploy (the marker is taken where the order differs).
 */
const RECORD_FIRST = 'item-record-first';

/**
 * Steps are recorded by a local activity (same function, same retries, same transaction). Taken
 * at each step, so a run begun before records its steps already in history as it did, and its
 * next steps locally.
 */
const LOCAL_STEPS = 'item-local-steps';

/**
 * The campaign's pause reaches its items (they are not its children: it signals them from an
 * activity). Taken where a pause signal is acted on, so one an older worker left unhandled stays
 * unhandled on replay.
 */
const CAMPAIGN_PAUSE = 'item-campaign-pause';

/**
 * Decisions on the ladder (issue 18): a rung the frozen policy names as a decision is proposed
 * to its desks instead of firing by itself. Taken once, at the run's start, so a run begun
 * before keeps the ladder it was launched with all its life; its continued runs carry that.
 */
const LADDER_DECISIONS = 'item-ladder-decisions';

/** A step that could not be recorded for good; `reason` is the failure's type and SQLSTATE. */
class StepFailed extends Error {
  constructor(readonly reason: string) {
    super(`the step could not be recorded (${reason}); nothing changed`);
    this.name = 'StepFailed';
  }
}

/**
 * The failure's type and SQLSTATE when an activity failed for good, else null. A regular
 * activity's failure comes wrapped in an ActivityFailure; a local activity's as it was thrown.
 */
function permanentReason(error: unknown): string | null {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable) return null;
  const sqlState = (cause.details?.[0] as { sqlState?: unknown } | undefined)?.sqlState;
  return `${cause.type ?? 'Error'}${typeof sqlState === 'string' ? ` SQLSTATE ${sqlState}` : ''}`;
}

const refused = (refusal: ItemRefusal) =>
  ApplicationFailure.create({
    type: ITEM_COMMAND_REFUSED,
    message: refusal.message,
    nonRetryable: true,
    details: [{ code: refusal.code, violations: refusal.violations } satisfies ItemRefusalDetails],
  });

/**
 * One rectification item (DOMAIN.md D5): the thin loop around the ledger's pure core. People's
 * moves arrive as updates (validated before they are accepted, so a refusal changes nothing);
 * time passes on the campaign's clock, and every timer the core arms (reminders, the overdue
 * warning, the ladder's rungs, review windows, extension limits, the look-back) fires once,
 * in order, late if the worker was down. Each step is recorded by one idempotent activity.
 */
export async function itemWorkflow(input: ItemWorkflowInput): Promise<void> {
  const decisions = input.ladderDecisions ?? patched(LADDER_DECISIONS);
  const ctx: ItemContext = {
    policy: decisions ? input.policy : { ...input.policy, decisions: undefined },
    reviewCadence: input.reviewCadence,
    calendar: new WorkingDayCalendar(input.calendarYears),
    ...(input.closedBy ? { closedBy: input.closedBy } : {}),
  };
  const clock = new CampaignClock(input.clock);
  const now = () => clock.toCampaign(Date.now());
  let state: ItemState;
  /** Bumped whenever the state changes, so the timer loop re-plans. */
  let version = 0;
  let busy = false;
  /**
   * Campaign time the item's clock stopped at while its campaign is paused (null: running). A
   * command meanwhile first moves the timers by the pause so far and restarts it from its own
   * instant; the resume moves them by the rest, so they all move by the whole pause.
   */
  let pausedAt: number | null = input.pausedAt ?? null;
  if (pausedAt !== null && !input.carried) pausedAt = Math.max(pausedAt, input.registration.at);
  /** The campaign instant it resumed at, until the loop has moved the timers. */
  let resumedAt: number | null = null;

  const snapshot = (): ItemSnapshot => {
    const facts = itemFacts(state, now());
    return {
      itemId: state.itemId,
      status: facts.status,
      warningLevel: facts.warningLevel,
      rung: facts.rung,
      deadline: facts.deadline,
      seq: state.seq,
    };
  };
  /** Steps run one at a time: a command waits for a rung being recorded, and the other way round. */
  const exclusive = async <T>(step: () => Promise<T>): Promise<T> => {
    while (busy) await condition(() => !busy);
    busy = true;
    try {
      return await step();
    } finally {
      busy = false;
    }
  };
  const commit = async (next: ItemState, effects: ItemEffect[]) => {
    if (!patched(RECORD_FIRST)) {
      state = next;
      version++;
      if (effects.length === 0) return;
      await deliverInBackground(await act.recordItemStep({ itemId: input.itemId, state, effects }));
      return;
    }
    let batch: NoticeBatch | null = null;
    if (effects.length > 0) {
      try {
        const record = patched(LOCAL_STEPS) ? local : act;
        batch = await record.recordItemStep({ itemId: input.itemId, state: next, effects });
      } catch (error) {
        const reason = permanentReason(error);
        throw reason === null ? error : new StepFailed(reason);
      }
    }
    state = next;
    version++;
    if (batch) await deliverInBackground(batch);
  };

  /** Retries asked for (the office's retry route, a worker's boot): wakes a parked step. */
  let retries = 0;
  setHandler(retryItemStepSignal, () => {
    retries++;
  });
  /**
   * A step failed for good: the item is marked parked (the office is told, the health endpoint
   * and the log name it) and waits, its state unchanged, until someone retries or a command
   * moves it; then the loop plans again and the step is tried again. Time's later steps wait
   * behind it, so no rung is lost or fired out of order.
   */
  const parkUntilRetried = async (reason: string) => {
    const seenRetries = retries;
    const seenVersion = version;
    try {
      await deliverInBackground(
        await act.parkItem({ itemId: input.itemId, seq: state.seq, reason }),
      );
    } catch (error) {
      // Not even the mark could be written: wait all the same, never fail the item.
      if (permanentReason(error) === null) throw error;
    }
    await condition(() => retries !== seenRetries || version !== seenVersion);
  };

  // The state exists before the handlers do (an update can arrive with the first task), and
  // the registration is recorded before any command runs: the lock is taken until it is.
  let registration: ItemEffect[] = [];
  if (input.carried) {
    state = input.carried;
  } else {
    const registered = registerItem(input.registration, ctx);
    if (!registered.ok) throw refused(registered);
    state = registered.state;
    registration = registered.effects;
    // An imported row arrives assigned: both are recorded in the first step. The import checked
    // the assignment; should the core still refuse it, the item stays registered for the office.
    if (input.assignment && patched(IMPORTED_ASSIGNMENT)) {
      const assigned = applyItemEvent(state, input.assignment, ctx);
      if (assigned.ok) {
        state = assigned.state;
        registration = [...registration, ...assigned.effects];
      }
    }
    busy = true;
  }

  /** The time stood still so far, as an event (null when running or nothing has passed). */
  const pauseSoFar = (at: number) =>
    pausedAt !== null && at > pausedAt
      ? { type: 'time_shifted' as const, at, pausedAt, pausedMs: at - pausedAt }
      : null;
  const apply = (command: ItemCommand, at = now()) => {
    const shift = pauseSoFar(at);
    const shifted = shift ? applyItemEvent(state, shift, ctx) : null;
    if (!shifted?.ok) return applyItemEvent(state, { ...command, at }, ctx);
    const result = applyItemEvent(shifted.state, { ...command, at }, ctx);
    return result.ok ? { ...result, effects: [...shifted.effects, ...result.effects] } : result;
  };
  setHandler(
    itemCommandUpdate,
    (command: ItemCommand) =>
      exclusive(async () => {
        // Judged again: the item may have moved while this command waited its turn.
        const at = now();
        const result = apply(command, at);
        if (!result.ok) throw refused(result);
        try {
          await commit(result.state, result.effects);
          if (pausedAt !== null) pausedAt = Math.max(pausedAt, at);
        } catch (error) {
          if (!(error instanceof StepFailed)) throw error;
          throw ApplicationFailure.create({
            type: ITEM_STEP_FAILED,
            message: error.message,
            nonRetryable: true,
          });
        }
        return snapshot();
      }),
    {
      validator: (command: ItemCommand) => {
        const result = apply(command);
        if (!result.ok) throw refused(result);
      },
    },
  );
  setHandler(getItemSnapshotQuery, snapshot);
  setHandler(itemPauseSignal, (change: ItemPauseChange) => {
    if (!patched(CAMPAIGN_PAUSE)) return;
    if ('pausedAt' in change) {
      // A repeated pause changes nothing; a pause after a resume not yet applied restarts it.
      if (pausedAt === null) pausedAt = Math.max(change.pausedAt, state.clock);
      else if (resumedAt !== null) resumedAt = null;
      else return;
    } else {
      if (pausedAt === null || resumedAt !== null) return;
      resumedAt = change.resumedAt;
    }
    version++; // plan again: hold the timers, or move them
  });
  if (registration.length > 0) {
    try {
      for (;;) {
        try {
          await commit(state, registration);
          break;
        } catch (error) {
          if (!(error instanceof StepFailed)) throw error;
          await parkUntilRetried(error.reason);
        }
      }
    } finally {
      busy = false;
    }
  }

  for (;;) {
    if (resumedAt !== null) {
      // Resumed: every timer still ahead moves by the rest of the pause, in one recorded step.
      const failed = await exclusive(async () => {
        const shift = resumedAt === null ? null : pauseSoFar(resumedAt);
        const result = shift ? applyItemEvent(state, { ...shift, at: now() }, ctx) : null;
        try {
          if (result?.ok) await commit(result.state, result.effects);
        } catch (error) {
          if (error instanceof StepFailed) return error.reason;
          throw error;
        }
        pausedAt = null;
        resumedAt = null;
        return null;
      });
      if (failed !== null) await parkUntilRetried(failed);
      continue;
    }
    const timers = nextItemTimers(state, ctx.policy, ctx.calendar);
    // Confirmed at its look-back: nothing can happen to the item any more.
    if (timers.length === 0 && state.status === 'confirmed') break;
    const seen = version;
    // Time stands still while the campaign is paused: no timer fires, commands still work.
    const next = pausedAt === null ? timers[0] : undefined;
    const moved = next
      ? await condition(() => version !== seen, Math.max(1, clock.waitMs(next.at, Date.now())))
      : await condition(() => version !== seen);
    if (!moved && next) {
      const failed = await exclusive(async () => {
        if (version !== seen) return null; // a command got in first: plan again
        const advanced = advanceItem(state, Math.max(now(), next.at), ctx);
        try {
          await commit(advanced.state, advanced.effects);
          return null;
        } catch (error) {
          if (error instanceof StepFailed) return error.reason;
          throw error;
        }
      });
      // Outside the lock: people's commands go on while the step waits.
      if (failed !== null) await parkUntilRetried(failed);
    }
    if (historyIsLong(input.continueAsNewAfterEvents)) {
      await condition(() => !busy && allHandlersFinished());
      // A resume that came meanwhile is applied first (the next run would not know of it).
      if (resumedAt === null) {
        await continueAsNew<typeof itemWorkflow>({
          ...input,
          ladderDecisions: decisions,
          carried: state,
          pausedAt: pausedAt ?? undefined,
        });
      }
    }
  }
  await condition(allHandlersFinished);
}
