import type {
  CalendarYear,
  ClockSpec,
  ClosedBy,
  EscalationPolicy,
  ItemEffect,
  ItemEvent,
  ItemState,
  ItemStatus,
  LadderRung,
  Violation,
  WarningLevel,
} from '@campaign/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

import type { NoticeBatch } from './campaign.js';

/** Deterministic: registering the same item twice finds its running workflow. */
export function itemWorkflowId(itemId: string): string {
  return `item-${itemId}`;
}

/**
 * What an item's workflow needs from its campaign, frozen when the item is registered: the
 * campaign's clock and its plan's escalation policy and review cadence (a policy changed later
 * applies to new campaigns only), and the working-day calendar of the years its deadlines can
 * fall in (years without data count weekends alone, and are flagged where they are set).
 */
export interface ItemWorkflowInput {
  itemId: string;
  campaignId: string;
  clock: ClockSpec;
  policy: EscalationPolicy;
  reviewCadence: string;
  calendarYears: CalendarYear[];
  /** The registration, applied first (its `at` is the campaign instant of the request). */
  registration: Extract<ItemEvent, { type: 'registered' }>;
  /** An assignment registered with the item (a ledger import's row), applied right after it. */
  assignment?: Extract<ItemEvent, { type: 'assigned' }>;
  /** Who closes its items (销号), as the plan says; the inspectors when absent. */
  closedBy?: ClosedBy;
  /** State carried over continue-as-new. */
  carried?: ItemState;
  /**
   * Whether the run takes the policy's decisions on the ladder (issue 18): decided by the first
   * run (a `patched()` marker) and carried over continue-as-new.
   */
  ladderDecisions?: boolean;
  /**
   * Campaign time the item's clock stopped at: its campaign was paused when it was registered,
   * or when the run continued as new. Timers hold until the campaign resumes (`itemPauseSignal`).
   */
  pausedAt?: number;
  /**
   * Tests only: continue as new once the run's history holds this many events, as well as when
   * Temporal suggests it, so a test drives the workflow through continue-as-new in seconds.
   */
  continueAsNewAfterEvents?: number;
}

/** A person's move on an item: any event but registration and time passing; `at` is the workflow's. */
export type ItemCommand = DistributiveOmit<
  Exclude<ItemEvent, { type: 'registered' | 'timer_fired' | 'time_shifted' }>,
  'at'
>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the item's workflow answers: enough for the API to answer the request that moved it. */
export interface ItemSnapshot {
  itemId: string;
  status: ItemStatus;
  warningLevel: WarningLevel;
  rung: LadderRung | null;
  /** Campaign time (epoch ms) of the deadline in force. */
  deadline: number | null;
  /** Events and timers applied so far. */
  seq: number;
}

/** A person's move, as a workflow update: validated against the item's state before it is accepted. */
export const itemCommandUpdate = defineUpdate<ItemSnapshot, [ItemCommand]>('itemCommand');
export const getItemSnapshotQuery = defineQuery<ItemSnapshot>('getItemSnapshot');

/** The ApplicationFailure type a refused command fails with; `details[0]` is an `ItemRefusalDetails`. */
export const ITEM_COMMAND_REFUSED = 'ItemCommandRefused';
export interface ItemRefusalDetails {
  code: 'wrong_state' | 'rule_broken';
  violations: Violation[];
}

/**
 * The campaign paused (its instant) or resumed (its instant; campaign time). Items are not
 * children of the campaign, so its pause and resume handlers tell each open item: timers hold
 * while paused (commands still work) and move by the pause on resume. Repeated ones are ignored.
 */
export type ItemPauseChange = { pausedAt: number } | { resumedAt: number };
export const itemPauseSignal = defineSignal<[ItemPauseChange]>('itemPause');

/**
 * Tries a parked item's failed step again (the office's retry route, and every worker at boot).
 * A signal: it only wakes the workflow, which records the step itself; an item that is not
 * parked ignores it.
 */
export const retryItemStepSignal = defineSignal('retryItemStep');

/**
 * The ApplicationFailure type a command fails with when its step could not be recorded for good
 * (bad data): nothing changed, the workflow goes on. The message names the failure, never values.
 */
export const ITEM_STEP_FAILED = 'ItemStepFailed';

/** Activities an item's workflow calls. */
export interface ItemActivities {
  /**
   * Records one step of an item in Postgres, in one transaction, each part idempotent on its
   * key: the read model's row (only if `state.seq` is newer than the stored one), the timeline,
   * the accountability register (every warning and rung, with whom it reached), and the
   * notifications (resolved from the organisation tree now: a leader who changed meanwhile is
   * the one warned). Returns the notice batch to deliver.
   */
  recordItemStep(input: {
    itemId: string;
    state: ItemState;
    effects: ItemEffect[];
  }): Promise<NoticeBatch>;
  /**
   * Marks the item parked after a step failed for good (`reason`: the failure's type and
   * SQLSTATE, never values), tells the office of the item's unit (once per step, `seq`) and logs
   * an error naming the item. The next step recorded clears the mark.
   */
  parkItem(input: { itemId: string; seq: number; reason: string }): Promise<NoticeBatch>;
}
