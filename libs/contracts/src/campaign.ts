import type {
  CampaignPlan,
  CampaignStatus,
  ClockSpec,
  ExtraDue,
  PhaseKind,
  PlanFlag,
  PlanSpec,
  ResolvedPlan,
  ScheduleShift,
  ScheduleState,
} from '@campaign/domain';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

import type { ItemPauseChange } from './item.js';

/** Workflow ids are business keys, never names or timestamps. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

export function unitWorkflowId(campaignId: string, unitId: string): string {
  return `campaign-${campaignId}-unit-${unitId}`;
}

/** The plan as launched: the spec, its resolution, and what the check flagged. Stored and sent to workflows. */
export interface FrozenPlan {
  templateId: string | null;
  spec: PlanSpec;
  resolved: ResolvedPlan;
  flags: PlanFlag[];
}

/** What the engine needs beyond the v1 input; absent in campaigns launched before plans existed. */
export interface CampaignEngineInput {
  resolved: ResolvedPlan;
  clock: ClockSpec;
  rehearsal: boolean;
  sendEmail: boolean;
  /** Campaign time of the launch: events planned before it are past, not sent late. */
  launchedAt: number;
}

export interface CampaignWorkflowInput {
  campaignId: string;
  /** Title, covered unit and dated phases (v1's whole input). */
  plan: CampaignPlan;
  engine?: CampaignEngineInput;
  /** State carried over continue-as-new. */
  carried?: CampaignCarriedState;
  /**
   * Tests only: continue as new once the run's history holds this many events, as well as when
   * Temporal suggests it, so a test drives the workflow through continue-as-new in seconds.
   */
  continueAsNewAfterEvents?: number;
}

/** What a campaign run hands its successor when its history grows long. */
export interface CampaignCarriedState {
  status: CampaignStatus;
  phaseIndex: number | null;
  schedule: ScheduleState;
  done: string[];
  pausedAt: number | null;
  unitIds: string[];
  revision: number;
}

/** The live state the workflow answers queries with. */
export interface CampaignState {
  campaignId: string;
  status: CampaignStatus;
  /** Index into the plan's phases of the current phase, or null before the first opens. */
  phaseIndex: number | null;
  currentPhase: PhaseKind | null;
  /** Engine campaigns only. */
  revision?: number;
  /** Campaign time now (ISO-8601): the rehearsal clock's, or the real one. */
  now?: string;
  pausedAt?: string | null;
  /** A phase whose failed gate waits for the office's decision. */
  holdingAfter?: number | null;
}

export const getCampaignStateQuery = defineQuery<CampaignState>('getCampaignState');

/** Who asks for an admin control, and why (a reason is required and recorded). */
export interface Decision {
  actorPersonId: string;
  reason: string;
  /** The request that asked (its idempotency key or update id), for the audit trail. */
  requestId: string;
}

export interface AdvanceRequest extends Decision {
  /** The phase the office sees the campaign in; a stale view (a double click) is refused. Null: before the first phase. */
  fromPhase: PhaseKind | null;
}

export interface ExtendRequest extends Decision {
  phase: PhaseKind;
  /** The phase's new end, campaign time (ISO-8601); later than its current end. */
  until: string;
}

export interface AddUnitsRequest extends Decision {
  unitIds: string[];
}

/**
 * Moves the campaign into its next phase now rather than at the planned start. Rejected by the
 * validator once the campaign is in its last phase or has completed. (v1 campaigns take no
 * argument.)
 */
export const advancePhaseUpdate = defineUpdate<CampaignState, [AdvanceRequest]>('advancePhase');
export const extendPhaseUpdate = defineUpdate<CampaignState, [ExtendRequest]>('extendPhase');
export const pauseCampaignUpdate = defineUpdate<CampaignState, [Decision]>('pauseCampaign');
export const resumeCampaignUpdate = defineUpdate<CampaignState, [Decision]>('resumeCampaign');
export const cancelCampaignUpdate = defineUpdate<CampaignState, [Decision]>('cancelCampaign');
export const addUnitsUpdate = defineUpdate<CampaignState, [AddUnitsRequest]>('addUnits');

/** ApplicationFailure types the update validators use, so the API can answer 409. */
export const NO_NEXT_PHASE = 'NoNextPhase';
export const WRONG_CAMPAIGN_STATE = 'WrongCampaignState';

/** One change the campaign projection writes to the read model. */
export interface CampaignPhaseChange {
  campaignId: string;
  status: CampaignStatus;
  phase: PhaseKind | null;
  /** Workflow time at which the change happened (ISO-8601). */
  at: string;
  /** True when the phase opened early through an advance rather than on its planned date. */
  advanced: boolean;
}

/** Something the campaign's workflows did, for the timeline and the forecast comparison. */
export interface CampaignEventRecord {
  campaignId: string;
  /** Deterministic: recording the same event twice keeps one row. */
  key: string;
  kind: string;
  unitId?: string | null;
  phaseIndex?: number | null;
  taskKey?: string | null;
  /** Campaign time the schedule had it at. */
  scheduledAt: number;
  /** Campaign time it happened. */
  firedAt: number;
  count?: number | null;
  details?: Record<string, unknown>;
}

export interface PhaseProjection {
  campaignId: string;
  phaseIndex: number;
  event: 'open' | 'close';
  /** Campaign time. */
  at: number;
  early: boolean;
  status: CampaignStatus;
}

export interface GateEvaluation {
  campaignId: string;
  phaseIndex: number;
  /** Campaign time of the evaluation. */
  at: number;
  scheduledAt: number;
}

/** A batch of notices a workflow had enqueued: who it reached, and whether it has mail to deliver. */
export interface NoticeBatch {
  recipients: number;
  batchKey: string;
  /** E-mail rows wait for delivery (a rehearsal without e-mail has none). */
  email: boolean;
}

export interface GateOutcome extends NoticeBatch {
  units: number;
  below: number;
}

/** Activities the campaign workflow calls; implemented in activities/, typed here. */
export interface CampaignActivities {
  /** v1: idempotent upsert of the campaign row, keyed by campaign id. */
  projectCampaignCreated(input: CampaignWorkflowInput): Promise<void>;
  /** v1: idempotent: replaying the same change writes nothing new. */
  projectCampaignPhase(change: CampaignPhaseChange): Promise<void>;
  /** The units the campaign covers now (launch and later additions). */
  listCampaignUnits(input: { campaignId: string }): Promise<string[]>;
  setCampaignStatus(input: {
    campaignId: string;
    status: CampaignStatus;
    pausedAt: number | null;
  }): Promise<void>;
  projectPhase(input: PhaseProjection): Promise<void>;
  /**
   * Tells every open ledger item of the campaign that it paused or resumed (`itemPauseSignal`),
   * from the activity, 200 at a time. Returns how many were told.
   */
  signalCampaignItems(input: { campaignId: string; change: ItemPauseChange }): Promise<number>;
  /**
   * Tells the campaign's unit workflows the schedule as it stands (`unitScheduleSignal`), from
   * the activity, 200 at a time: every unit of the campaign, or only `unitIds`. Returns the units
   * whose workflow is gone (closed or never started).
   */
  signalCampaignUnits(input: {
    campaignId: string;
    update: UnitScheduleUpdate;
    unitIds?: string[];
  }): Promise<string[]>;
  /** Moves the stored deadlines and phase dates by a shift, once (keyed by `key`). */
  applyScheduleShift(input: {
    campaignId: string;
    key: string;
    shift: ScheduleShift;
  }): Promise<void>;
  /** Judges every unit against the phase's gate, stores the results, reminds those below. */
  evaluateGates(input: GateEvaluation): Promise<GateOutcome>;
  /** Integrity reminders to everyone in the campaign before a holiday. */
  sendHolidayReminders(input: {
    campaignId: string;
    holiday: string;
    year: number;
    scheduledAt: number;
    at: number;
  }): Promise<NoticeBatch>;
  recordCampaignEvent(event: CampaignEventRecord): Promise<void>;
  /** Appends an admin decision to the audit trail (once per request id). */
  recordDecision(input: {
    campaignId: string;
    action: string;
    decision: Decision;
    details: Record<string, unknown>;
    at: number;
  }): Promise<void>;
  /** Adds units to the campaign's coverage (idempotent). */
  addCampaignUnits(input: { campaignId: string; unitIds: string[]; at: number }): Promise<void>;
}

// ---- unit workflows ------------------------------------------------------------------------

export interface UnitWorkflowInput {
  campaignId: string;
  unitId: string;
  /** The campaign's schedule state when the unit started (later changes arrive by signal). */
  schedule: ScheduleState;
  revision: number;
  carried?: UnitCarriedState;
  /**
   * Tests only: continue as new once the run's history holds this many events, as well as when
   * Temporal suggests it, so a test drives the workflow through continue-as-new in seconds.
   */
  continueAsNewAfterEvents?: number;
}

export interface UnitCarriedState {
  done: string[];
  extraDues: ExtraDue[];
  status: 'running' | 'paused' | 'completed' | 'cancelled';
  tasksCreated: boolean;
}

/** The campaign's schedule as it stands, sent to every unit workflow when it changes. */
export interface UnitScheduleUpdate {
  revision: number;
  schedule: ScheduleState;
  status: 'running' | 'paused' | 'completed' | 'cancelled';
}

export const unitScheduleSignal = defineSignal<[UnitScheduleUpdate]>('unitSchedule');
/** Someone joined or left the unit: give joiners their tasks, close leavers' open ones. */
export const unitMembersChangedSignal = defineSignal('unitMembersChanged');

export interface UnitState {
  campaignId: string;
  unitId: string;
  status: UnitCarriedState['status'];
  revision: number;
  pending: number;
}
export const getUnitStateQuery = defineQuery<UnitState>('getUnitState');
