import { isCalendarDate } from '../calendar/days.js';
import { DomainError, RuleBrokenError, type Violation, WrongStateError } from '../errors.js';
import { deadlineOfDay } from '../time/duration.js';
import {
  ACCOUNTABILITY_CANDIDATES,
  ACCOUNTABILITY_FORMS,
  ACCOUNTABLE_RESPONSIBILITIES,
  decisionChain,
  type DecisionRung,
  type DecisionStatus,
  MAX_DECISION_LEVELS_UP,
  type PendingDecision,
} from './decisions.js';
import {
  afterWait,
  type LadderRung,
  rungOrder,
  supervisionOrderIndex,
  yellowWarningTarget,
} from './escalation.js';
import {
  checkAssignment,
  checkRegistration,
  MAX_TEXT_LENGTH,
  resolveDeadline,
} from './item-checks.js';
import {
  type EscalationReason,
  type ItemStatus,
  RECTIFYING_STATUSES,
  type ResponsibilityRef,
  SEND_BACK_REASONS,
  type WarningLevel,
} from './item-enums.js';
import {
  highestRungOrder,
  isRectifying,
  itemSpreadMs,
  nextRung,
  pendingItemTimers,
  windowCheckAt,
} from './item-schedule.js';
import type {
  ItemContext,
  ItemEffect,
  ItemEvent,
  ItemRefusal,
  ItemResult,
  ItemState,
  ItemTimer,
  NoticeTopic,
} from './item-state.js';

/**
 * The rectification item's state machine (DOMAIN.md D5, issue 9), pure: the item workflow is
 * the loop "state ← apply(state, event); timers ← nextItemTimers(state); perform the effects".
 * Status and escalation are separate dimensions: status says whose move it is; the warning
 * level and the rungs fired say how hard the organisation has pushed.
 *
 * Time comes only from events. Before applying an event at t, every timer due at or before t
 * fires first, in order (catching up after a worker was down), so the result never depends on
 * when the workflow woke, and no due timer is ever skipped.
 */

type Event<T extends ItemEvent['type']> = Extract<ItemEvent, { type: T }>;

const RP: ResponsibilityRef = { role: 'responsible_person' };
const RL: ResponsibilityRef = { role: 'responsible_leader' };
const OFFICE: ResponsibilityRef = { role: 'office' };
const INSPECTOR: ResponsibilityRef = { role: 'inspector' };
const INSPECTOR_LEADER: ResponsibilityRef = { role: 'inspector_leader' };
const firstResponsible = (levelsUp: 0 | 1 | 2): ResponsibilityRef => ({
  role: 'first_responsible',
  levelsUp,
});
const areaLeader = (levelsUp: 1 | 2): ResponsibilityRef => ({ role: 'area_leader', levelsUp });

/**
 * Who each rung reaches (the supervising leader of a flagged item is added to every one). The
 * bulletin is the office's; the supervision order goes to the responsible unit; the talk is
 * with the unit's first responsible person, held by an inspector; accountability reaches two
 * levels up on both lines (the responsible leader is the business line at level 0).
 */
const RUNG_RECIPIENTS: Record<LadderRung, ResponsibilityRef[]> = {
  bulletin: [RP, RL, OFFICE],
  supervision_order: [RP, RL, firstResponsible(0), OFFICE],
  admonishment_talk: [firstResponsible(0), RL, RP, INSPECTOR],
  stationed_supervision: [firstResponsible(0), RL, RP, INSPECTOR, OFFICE],
  accountability: [
    RP,
    RL,
    firstResponsible(0),
    firstResponsible(1),
    areaLeader(1),
    firstResponsible(2),
    areaLeader(2),
    INSPECTOR,
    INSPECTOR_LEADER,
  ],
};

const NOTICE_RECIPIENTS: Record<NoticeTopic, ResponsibilityRef[]> = {
  assigned: [RP, RL],
  supervision_flagged: [RL],
  submitted: [INSPECTOR],
  sent_back: [RP, RL],
  closed: [RP, RL, OFFICE],
  extension_requested: [INSPECTOR],
  extension_approved: [RP, RL],
  extension_refused: [RP, RL],
  reopened: [RP, RL, OFFICE],
};

const LEVELS: readonly WarningLevel[] = ['green', 'yellow', 'red'];

/** Working state of one application: a private copy, mutated, returned only on success. */
interface Step {
  s: ItemState;
  fx: ItemEffect[];
  ctx: ItemContext;
}

const copy = (state: ItemState): ItemState => JSON.parse(JSON.stringify(state)) as ItemState;

function refuse(
  code: ItemRefusal['code'],
  message: string,
  violations: Violation[] = [],
): ItemRefusal {
  return { ok: false, code, message, violations };
}

const broken = (field: string, rule: string, message: string): ItemRefusal =>
  refuse('rule_broken', message, [{ field, rule, message }]);

/** The item's own people: nobody among them verifies, decides on or looks back at it. */
export function conflictedPersonIds(state: ItemState): string[] {
  const ids = [...state.personIds];
  if (state.assignment)
    ids.push(state.assignment.responsiblePersonId, state.assignment.responsibleLeaderId);
  return [...new Set(ids)];
}

function withSupervisor(s: ItemState, refs: ResponsibilityRef[]): ResponsibilityRef[] {
  return s.supervisingLeaderId ? [...refs, { role: 'supervising_leader' }] : refs;
}

function notice(st: Step, topic: NoticeTopic, at: number): void {
  // What the inspectors must act on goes to them; what happens to the item, to its people too.
  const forInspectors = topic === 'submitted' || topic === 'extension_requested';
  const recipients = forInspectors
    ? NOTICE_RECIPIENTS[topic]
    : withSupervisor(st.s, NOTICE_RECIPIENTS[topic]);
  st.fx.push({
    kind: 'notice',
    key: `${st.s.itemId}:notice:${st.s.seq}:${topic}`,
    at,
    topic,
    recipients,
  });
}

function warn(st: Step, level: 'yellow' | 'red', reason: EscalationReason, at: number): void {
  const esc = st.s.escalation;
  esc.warnings.push({ level, reason, at });
  if (level === 'yellow') esc.yellowWarnings += 1;
  if (LEVELS.indexOf(level) > LEVELS.indexOf(esc.level)) esc.level = level;
  st.fx.push({
    kind: 'warning',
    key: `${st.s.itemId}:warning:${esc.warnings.length}`,
    at,
    level,
    reason,
    yellowWarnings: esc.yellowWarnings,
    recipients: withSupervisor(st.s, [RP, RL]),
  });
}

/**
 * Fires the rung at `index` of the policy's ladder, if the item has not reached it yet. A
 * counting rule may jump over rungs: those are passed, never fired later (each fires once and
 * the ladder only climbs). From the supervision order up an item is red.
 */
function climbTo(
  st: Step,
  index: number,
  reason: EscalationReason,
  at: number,
  anchor = at,
  decided = false,
): void {
  const { s, ctx } = st;
  const step = ctx.policy.ladder[Math.min(index, ctx.policy.ladder.length - 1)];
  if (!step || rungOrder(step.rung) <= highestRungOrder(s)) return;
  const chain = decisionChain(ctx.policy.decisions, step.rung);
  if (chain && !decided) {
    // People decide this rung: it is proposed to the chain's first desk, and the ladder waits
    // on the decision. One proposal at a time: a pending one stands for whatever is due.
    if (!s.escalation.decision) {
      openDecision(st, step.rung as DecisionRung, reason, 0, chain[0].levelsUp, at, anchor, null);
    }
    return;
  }
  s.escalation.rungs.push({ rung: step.rung, reason, at });
  s.escalation.ladderAnchor = anchor;
  // Decided: the decision names who is held to account (the register takes them from it).
  const accountable: ResponsibilityRef[] | undefined =
    step.rung === 'accountability' && !decided
      ? s.escalation.repeatOffences > 0 && ctx.policy.repeatOffenceHoldsLeader
        ? [RP, RL]
        : [RP]
      : undefined;
  const next = nextRung(s, ctx.policy, ctx.calendar);
  st.fx.push({
    kind: 'rung',
    key: `${s.itemId}:rung:${step.rung}`,
    at,
    rung: step.rung,
    reason,
    recipients: withSupervisor(s, RUNG_RECIPIENTS[step.rung]),
    ...(accountable ? { accountable } : {}),
    ...(next ? { respondBy: next.dueAt } : {}),
    deadline: s.deadline,
  });
  if (rungOrder(step.rung) >= rungOrder('supervision_order') && s.escalation.level !== 'red') {
    warn(st, 'red', reason, at);
  }
}

/**
 * A proposal reaches a desk: step `step` of the rung's chain at `levelsUp`, its limit counted
 * from `from` (the rung's business instant, or when it reached this desk).
 */
function openDecision(
  st: Step,
  rung: DecisionRung,
  reason: EscalationReason,
  step: number,
  levelsUp: number,
  at: number,
  from: number,
  previousKey: string | null,
): void {
  const { s, ctx } = st;
  const chain = decisionChain(ctx.policy.decisions, rung)!;
  const policy = chain[step];
  const n = (s.escalation.decisionCount ?? 0) + 1;
  s.escalation.decisionCount = n;
  const key = `${s.itemId}:decision:${n}`;
  const decideBy = afterWait(from, policy.within, ctx.calendar).at;
  s.escalation.decision = {
    key,
    rung,
    reason,
    step,
    levelsUp,
    openedAt: at,
    decideBy,
    deferredUntil: null,
  };
  st.fx.push({
    kind: 'decision_opened',
    key,
    at,
    rung,
    reason,
    step,
    steps: chain.length,
    role: policy.role,
    levelsUp,
    decideBy,
    previousKey,
    ...(rung === 'accountability' && step === chain.length - 1
      ? { candidates: ACCOUNTABILITY_CANDIDATES.map((c) => ({ ...c })) }
      : {}),
  });
}

/** The decision at its desk ends with `status`; the item holds no decision after it. */
function closeDecision(
  st: Step,
  status: Exclude<DecisionStatus, 'pending'>,
  at: number,
  taken: Partial<
    Pick<Extract<ItemEffect, { kind: 'decision_closed' }>, 'until' | 'accountable' | 'documentNo'>
  > & {
    by?: string;
    reason?: string;
  } = {},
): PendingDecision {
  const decision = st.s.escalation.decision!;
  st.s.escalation.decision = null;
  st.fx.push({
    kind: 'decision_closed',
    key: `${decision.key}:${status}`,
    at,
    decisionKey: decision.key,
    rung: decision.rung,
    status,
    by: taken.by ?? null,
    reason: taken.reason ?? null,
    ...(taken.until !== undefined ? { until: taken.until } : {}),
    ...(taken.accountable ? { accountable: taken.accountable } : {}),
    ...(taken.documentNo ? { documentNo: taken.documentNo } : {}),
  });
  return decision;
}

/** A yellow warning, and the rung its count calls for (two of them: the supervision order). */
function yellow(st: Step, reason: EscalationReason, at: number): void {
  warn(st, 'yellow', reason, at);
  climbTo(st, yellowWarningTarget(st.ctx.policy, st.s.escalation.yellowWarnings), reason, at);
}

/** A rebound or a repeat offence (屡查屡犯、边改边犯): red, and accountability (D5). */
function repeatOffence(st: Step, at: number): void {
  st.s.escalation.repeatOffences += 1;
  warn(st, 'red', 'repeat_offence', at);
  climbTo(st, st.ctx.policy.ladder.length - 1, 'repeat_offence', at);
}

function record(st: Step, at: number, cause: { event: ItemEvent } | { timer: ItemTimer }): void {
  st.fx.push({
    kind: 'record',
    key: `${st.s.itemId}:record:${st.s.seq}`,
    at,
    cause,
    status: st.s.status,
  });
}

function fireTimer(st: Step, timer: ItemTimer): void {
  const { s, ctx } = st;
  const at = Math.max(timer.at, s.clock);
  s.clock = at;
  s.seq += 1;
  const before = st.fx.length;
  const id = s.itemId;
  switch (timer.kind) {
    case 'reminder': {
      s.escalation.remindersSent.push(`d${s.deadlineVersion}:${timer.offset}`);
      st.fx.push({
        kind: 'reminder',
        key: timer.key,
        at,
        offset: timer.offset,
        deadline: timer.deadline,
        recipients: withSupervisor(s, [RP]),
      });
      break;
    }
    case 'overdue': {
      s.escalation.overdueNoted = s.deadlineVersion;
      warn(st, 'red', 'overdue', at);
      break;
    }
    case 'rung': {
      // The wait of the rung after it counts from this one's business instant, not the spread one.
      const index = ctx.policy.ladder.findIndex((step) => step.rung === timer.rung);
      climbTo(st, index, 'overdue', at, timer.dueAt);
      break;
    }
    case 'window_check': {
      s.windows.checked = timer.window;
      const opened = windowCheckAt(s, timer.window - 1, ctx.policy, ctx.calendar);
      const reported = s.progress.lastAt !== null && s.progress.lastAt >= opened;
      // Paper rectification (纸面整改): a whole window without a word of progress.
      if (!reported) yellow(st, 'stalled', at);
      break;
    }
    case 'extension_due': {
      s.pendingExtension!.escalated = true;
      st.fx.push({
        kind: 'extension_unanswered',
        key: timer.key,
        at,
        extensionId: timer.extensionId,
        decideBy: timer.decideBy,
        recipients: [INSPECTOR_LEADER, INSPECTOR],
      });
      break;
    }
    case 'look_back': {
      const closure = s.closures.at(-1)!;
      closure.lookBackRequested = true;
      st.fx.push({
        kind: 'look_back_request',
        key: timer.key,
        at,
        closedAt: closure.closedAt,
        excludePersonIds: [...new Set([closure.verifierId, ...conflictedPersonIds(s)])],
        recipients: [INSPECTOR],
      });
      break;
    }
    case 'decision_due': {
      const pending = s.escalation.decision;
      if (!pending || pending.key !== timer.decisionKey) break;
      if (timer.deferred) {
        // The deferral ended: the same desk has the decision again, with a new limit.
        s.escalation.decision = null;
        openDecision(
          st,
          pending.rung,
          pending.reason,
          pending.step,
          pending.levelsUp,
          at,
          at,
          pending.key,
        );
        break;
      }
      // Nobody decided in time: the same role one level higher has it (the row keeps this desk).
      closeDecision(st, 'escalated', at);
      const chain = decisionChain(ctx.policy.decisions, pending.rung);
      if (!chain) break; // cannot happen: the policy is frozen
      openDecision(
        st,
        pending.rung,
        pending.reason,
        pending.step,
        Math.min(pending.levelsUp + 1, MAX_DECISION_LEVELS_UP),
        at,
        pending.decideBy,
        pending.key,
      );
      break;
    }
    case 'periodic_review': {
      s.reviews = { version: s.deadlineVersion, requested: timer.index };
      st.fx.push({
        kind: 'review_request',
        key: timer.key,
        at,
        index: timer.index,
        excludePersonIds: conflictedPersonIds(s),
        recipients: [INSPECTOR],
      });
      break;
    }
  }
  if (st.fx.length > before) {
    st.fx.splice(before, 0, {
      kind: 'record',
      key: `${id}:record:${s.seq}`,
      at,
      cause: { timer },
      status: s.status,
    });
  }
}

/** Guards the catch-up loop: a state that re-arms what it just fired is a bug, not a wait. */
const MAX_TIMERS_PER_STEP = 10_000;

function catchUp(st: Step, to: number): void {
  for (let n = 0; ; n++) {
    if (n >= MAX_TIMERS_PER_STEP) throw new Error(`item ${st.s.itemId}: timers do not settle`);
    const next = pendingItemTimers(st.s, st.ctx.policy, st.ctx.calendar)[0];
    if (!next || next.at > to) return;
    fireTimer(st, next);
  }
}

/**
 * Fires every timer due at or before `to`, in order, and moves the clock to `to`. The workflow
 * calls this (or applies `timer_fired`) when it wakes; either way each timer fires once.
 */
export function advanceItem(
  state: ItemState,
  to: number,
  ctx: ItemContext,
): { state: ItemState; effects: ItemEffect[] } {
  const st: Step = { s: copy(state), fx: [], ctx };
  catchUp(st, to);
  st.s.clock = Math.max(st.s.clock, to);
  return { state: st.s, effects: st.fx };
}

/** Registers an item: its initial state, or the registration's broken rules. */
export function registerItem(event: Event<'registered'>, ctx: ItemContext): ItemResult {
  return applyItemEvent(null, event, ctx);
}

/**
 * Applies one event. A refusal leaves the state as it was: `wrong_state` (409) when the item is
 * not in a status that allows it, `rule_broken` (422) with the violations otherwise.
 * `timer_fired` never refuses: a timer that is no longer pending (re-armed, cancelled) fires
 * nothing.
 */
export function applyItemEvent(
  state: ItemState | null,
  event: ItemEvent,
  ctx: ItemContext,
): ItemResult {
  if (event.type === 'registered') {
    if (state) return refuse('wrong_state', 'the item is registered already');
    return register(event, ctx);
  }
  if (!state) return refuse('wrong_state', 'the item is not registered');
  const at = Math.max(event.at, state.clock);
  const st: Step = { s: copy(state), fx: [], ctx };
  // Time stood still from the pause: only what fell due before it fires first.
  catchUp(st, event.type === 'time_shifted' ? Math.min(at, event.pausedAt) : at);
  if (event.type === 'timer_fired') {
    st.s.clock = Math.max(st.s.clock, at);
    return { ok: true, state: st.s, effects: st.fx };
  }
  const applied = { ...event, at };
  const refusal = handle(st, applied);
  if (refusal) return refusal;
  // A change may make a timer due at once (sent back after the deadline: overdue now).
  catchUp(st, at);
  return { ok: true, state: st.s, effects: st.fx };
}

/** A refusal as the domain error the API maps to 409 or 422. */
export function refusalError(refusal: ItemRefusal): DomainError {
  return refusal.code === 'wrong_state'
    ? new WrongStateError(refusal.message)
    : new RuleBrokenError(refusal.message, refusal.violations);
}

function register(event: Event<'registered'>, ctx: ItemContext): ItemResult {
  const violations = checkRegistration(event);
  if (!event.by) violations.push({ field: 'by', rule: 'required', message: 'who registers it' });
  if (violations.length) return refuse('rule_broken', 'the registration breaks a rule', violations);
  const s: ItemState = {
    v: 1,
    itemId: event.itemId,
    campaignId: event.campaignId,
    unitId: event.unitId,
    personIds: [...event.personIds],
    source: event.source,
    sourceRound: event.sourceRound ?? null,
    category: event.category,
    registeredAt: event.at,
    registeredBy: event.by,
    cadence: ctx.reviewCadence,
    spreadMs: itemSpreadMs(event.itemId),
    clock: event.at,
    seq: 1,
    status: 'registered',
    assignment: null,
    supervisingLeaderId: null,
    originalDeadline: null,
    deadline: null,
    deadlineVersion: 0,
    extensions: [],
    cumulativeDelayMs: 0,
    pendingExtension: null,
    progress: { count: 0, lastAt: null },
    windows: { epoch: 0, from: event.at, checked: 0 },
    reviews: { version: 0, requested: -1 },
    submission: null,
    sendBacks: [],
    closures: [],
    summaries: 0,
    talks: 0,
    escalation: {
      level: 'green',
      warnings: [],
      yellowWarnings: 0,
      rungs: [],
      ladderAnchor: null,
      resumedAt: null,
      overdueNoted: null,
      remindersSent: [],
      repeatOffences: 0,
    },
  };
  const st: Step = { s, fx: [], ctx };
  record(st, event.at, { event });
  return { ok: true, state: s, effects: st.fx };
}

const OPEN_STATUSES: readonly ItemStatus[] = [...RECTIFYING_STATUSES, 'submitted'];

function wrongState(s: ItemState, what: string): ItemRefusal {
  return refuse('wrong_state', `an item that is ${s.status} cannot be ${what}`);
}

/** Nobody verifies, decides on or looks back at an item they are responsible for or concerned in. */
function conflict(s: ItemState, by: string, field = 'by'): ItemRefusal | null {
  return conflictedPersonIds(s).includes(by)
    ? broken(
        field,
        'conflict_of_interest',
        'nobody verifies or decides on an item they are responsible for or concerned in',
      )
    : null;
}

function dayDeadline(day: unknown, field: string): number | ItemRefusal {
  if (!isCalendarDate(day)) return broken(field, 'invalid_date', 'a day written YYYY-MM-DD');
  return deadlineOfDay(day);
}

/** Moves the deadline in force; the original stays, and reminders and reviews start over. */
function moveDeadline(s: ItemState, to: number): void {
  s.deadline = to;
  s.deadlineVersion += 1;
  s.escalation.remindersSent = [];
}

/** A fresh review window from `at`: after a send-back or a reopening the person has a whole one. */
function restartWindows(s: ItemState, at: number): void {
  s.windows = { epoch: s.windows.epoch + 1, from: at, checked: 0 };
}

function handle(
  st: Step,
  event: Exclude<ItemEvent, { type: 'registered' | 'timer_fired' }>,
): ItemRefusal | null {
  const { s, ctx } = st;
  const at = event.at;
  // The event's record comes first among its effects and carries the status after it.
  let recordAt = -1;
  const begin = () => {
    s.clock = at;
    s.seq += 1;
    recordAt = st.fx.length;
    record(st, at, { event });
  };
  const done = () => {
    const rec = st.fx[recordAt];
    if (rec?.kind === 'record') rec.status = s.status;
    return null;
  };

  switch (event.type) {
    case 'assigned': {
      if (s.status !== 'registered') return wrongState(s, 'assigned');
      const violations = checkAssignment(event);
      if (!event.by) violations.push({ field: 'by', rule: 'required', message: 'who assigns it' });
      if (violations.length)
        return refuse('rule_broken', 'the assignment lacks a clarity or breaks a rule', violations);
      const resolved = resolveDeadline(event, at, ctx.calendar);
      if (resolved.violations.length)
        return refuse('rule_broken', 'the deadline has passed', resolved.violations);
      begin();
      s.assignment = {
        responsibleLeaderId: event.responsibleLeaderId,
        responsibleUnitId: event.responsibleUnitId,
        responsiblePersonId: event.responsiblePersonId,
        mode: event.mode,
        assignedAt: at,
        assignedBy: event.by,
      };
      s.supervisingLeaderId = event.supervisingLeaderId ?? null;
      s.originalDeadline = resolved.deadline;
      moveDeadline(s, resolved.deadline);
      s.windows = { epoch: 1, from: at, checked: 0 };
      s.status = 'assigned';
      notice(st, 'assigned', at);
      return done();
    }
    case 'supervision_flagged': {
      if (s.status === 'closed' || s.status === 'confirmed') return wrongState(s, 'flagged');
      if (!event.supervisingLeaderId)
        return broken('supervisingLeaderId', 'required', 'the supervising leader');
      begin();
      s.supervisingLeaderId = event.supervisingLeaderId;
      notice(st, 'supervision_flagged', at);
      return done();
    }
    case 'progress_reported':
    case 'submitted': {
      if (!isRectifying(s))
        return wrongState(s, event.type === 'submitted' ? 'submitted' : 'reported on');
      if (!(event.evidence >= 1))
        return broken(
          'evidence',
          'evidence_required',
          'a report comes with evidence (text or files)',
        );
      begin();
      s.progress = { count: s.progress.count + 1, lastAt: at };
      if (event.type === 'progress_reported') {
        s.status = 'in_progress';
        return done();
      }
      s.status = 'submitted';
      s.submission = { at, by: event.by, reportId: event.reportId };
      // Done is done: a pending extension is moot.
      withdrawExtension(s, at);
      notice(st, 'submitted', at);
      return done();
    }
    case 'verified': {
      if (s.status !== 'submitted') return wrongState(s, 'verified');
      const c = conflict(s, event.by);
      if (c) return c;
      // Who closes is the plan's (销号): the inspectors, the task force, or both in turn.
      const closedBy = ctx.closedBy ?? 'inspectors';
      const as = event.as ?? 'inspector';
      if (closedBy === 'inspectors' && as === 'task_force')
        return broken(
          'as',
          'closed_by_inspectors',
          'in this campaign the inspectors verify and close items',
        );
      if (closedBy === 'task_force' && as === 'inspector')
        return broken(
          'as',
          'closed_by_task_force',
          'in this campaign the rectification task force (整改专班) verifies and closes items',
        );
      const inTurn = closedBy === 'task_force_then_inspectors';
      if (inTurn && as === 'task_force' && s.submission?.checked)
        return refuse('wrong_state', 'the task force has checked it; the inspectors verify it now');
      if (inTurn && as === 'inspector' && !s.submission?.checked)
        return refuse(
          'wrong_state',
          'the task force (整改专班) checks it first; then the inspectors verify it',
        );
      if (inTurn && as === 'inspector' && s.submission?.checked?.by === event.by)
        return broken(
          'by',
          'checked_it_first',
          'the inspector who verifies is not the one who checked it first',
        );
      if (event.decision === 'send_back' && !SEND_BACK_REASONS.includes(event.reason))
        return broken(
          'reason',
          'reason_required',
          `a reason, one of ${SEND_BACK_REASONS.join(', ')}`,
        );
      if (inTurn && as === 'task_force' && event.decision === 'close') {
        // 初审 passed: the inspectors verify it now; the item stays submitted.
        begin();
        s.submission = { ...s.submission!, checked: { by: event.by, at } };
        notice(st, 'submitted', at);
        return done();
      }
      begin();
      s.submission = null;
      if (event.decision === 'close') {
        s.status = 'closed';
        s.closures.push({
          closedAt: at,
          verifierId: event.by,
          lookBackRequested: false,
          lookBack: null,
        });
        // 销号 clears the card; the warnings and rungs stay on record.
        s.escalation.level = 'green';
        // A decision still waiting on a desk has nothing left to decide.
        if (s.escalation.decision) closeDecision(st, 'withdrawn', at);
        notice(st, 'closed', at);
        st.fx.push({
          kind: 'summary_request',
          key: `${s.itemId}:summary:${s.closures.length}`,
          at,
          recipients: [OFFICE],
        });
        return done();
      }
      s.status = 'sent_back';
      s.sendBacks.push({ at, by: event.by, reason: event.reason });
      s.escalation.resumedAt = at;
      restartWindows(s, at);
      notice(st, 'sent_back', at);
      if (event.reason === 'poor_quality') yellow(st, 'poor_quality', at);
      if (event.reason === 'false_report') {
        // A false report (瞒报虚报) is treated strictly: red, and at least a supervision order.
        warn(st, 'red', 'false_report', at);
        const unfired = ctx.policy.ladder.findIndex((x) => rungOrder(x.rung) > highestRungOrder(s));
        if (unfired >= 0)
          climbTo(st, Math.max(unfired, supervisionOrderIndex(ctx.policy)), 'false_report', at);
      }
      return done();
    }
    case 'extension_requested': {
      if (!isRectifying(s)) return wrongState(s, 'extended');
      if (s.pendingExtension)
        return refuse('wrong_state', 'an extension request is pending already');
      if (s.extensions.some((e) => e.extensionId === event.extensionId))
        return refuse('wrong_state', 'this extension request exists already');
      const requested = dayDeadline(event.newDeadline, 'newDeadline');
      if (typeof requested !== 'number') return requested;
      const violations: Violation[] = [];
      if (at > s.deadline!)
        violations.push({
          field: 'newDeadline',
          rule: 'extension_too_late',
          message: 'an extension is requested before the deadline passes',
        });
      if (requested <= s.deadline!)
        violations.push({
          field: 'newDeadline',
          rule: 'extension_not_later',
          message: 'the new deadline lies after the current one',
        });
      if (
        typeof event.reason !== 'string' ||
        !event.reason.trim() ||
        event.reason.length > MAX_TEXT_LENGTH
      )
        violations.push({
          field: 'reason',
          rule: 'reason_required',
          message: 'a reason for the extension',
        });
      if (violations.length)
        return refuse('rule_broken', 'the extension request breaks a rule', violations);
      begin();
      s.pendingExtension = {
        extensionId: event.extensionId,
        requestedAt: at,
        requestedBy: event.by,
        requested,
        decideBy: afterWait(at, ctx.policy.extensionDecisionWithin, ctx.calendar).at,
        escalated: false,
      };
      notice(st, 'extension_requested', at);
      return done();
    }
    case 'extension_decided': {
      const pending = s.pendingExtension;
      if (!pending || pending.extensionId !== event.extensionId || !isRectifying(s))
        return refuse('wrong_state', 'no such extension request is pending');
      const c = conflict(s, event.by);
      if (c) return c;
      if (event.by === pending.requestedBy)
        return broken('by', 'conflict_of_interest', 'nobody decides their own request');
      let to = pending.requested;
      if (event.decision === 'approve') {
        if (event.deadline !== undefined) {
          const granted = dayDeadline(event.deadline, 'deadline');
          if (typeof granted !== 'number') return granted;
          to = granted;
        }
        if (to <= Math.max(at, s.deadline!))
          return broken(
            'deadline',
            'deadline_not_later',
            'the new deadline lies after the current one and in the future',
          );
      }
      begin();
      const from = s.deadline!;
      const approved = event.decision === 'approve';
      s.extensions.push({
        extensionId: pending.extensionId,
        requestedAt: pending.requestedAt,
        requestedBy: pending.requestedBy,
        requested: pending.requested,
        decision: approved ? 'approved' : 'refused',
        decidedAt: at,
        decidedBy: event.by,
        from,
        to: approved ? to : from,
      });
      s.pendingExtension = null;
      if (approved) {
        // Re-arms exactly this item's timers: new reminders, a new overdue instant, and the
        // ladder's next unfired rung waits from the new deadline (see nextRung).
        s.cumulativeDelayMs += to - from;
        moveDeadline(s, to);
      }
      notice(st, approved ? 'extension_approved' : 'extension_refused', at);
      return done();
    }
    case 'decision_taken': {
      const pending = s.escalation.decision;
      if (!pending || pending.key !== event.decisionKey || pending.deferredUntil !== null)
        return refuse(
          'wrong_state',
          'this decision is not waiting on a desk (taken, passed on or deferred)',
        );
      const c = conflict(s, event.by);
      if (c) return c;
      const reason = typeof event.reason === 'string' ? event.reason.trim() : '';
      if (!reason || reason.length > MAX_TEXT_LENGTH)
        return broken(
          'reason',
          'reason_required',
          `a reason of 1 to ${MAX_TEXT_LENGTH} characters`,
        );
      const chain = decisionChain(ctx.policy.decisions, pending.rung)!;
      const last = pending.step === chain.length - 1;
      if (event.decision === 'defer') {
        if (typeof event.until !== 'number' || !Number.isFinite(event.until) || event.until <= at)
          return broken(
            'until',
            'defer_needs_date',
            'a deferral names the day the desk takes it up again, after today',
          );
        begin();
        closeDecision(st, 'deferred', at, { by: event.by, reason, until: event.until });
        s.escalation.decision = { ...pending, deferredUntil: event.until };
        return done();
      }
      if (event.decision === 'decline') {
        begin();
        closeDecision(st, 'declined', at, { by: event.by, reason });
        // Not taken: the rung's wait starts again, and the same proposal comes back after it
        // while the item is still overdue (a decline is never a silent end).
        s.escalation.ladderAnchor = at;
        return done();
      }
      if (event.decision !== 'issue')
        return broken('decision', 'invalid_decision', 'one of issue, defer, decline');
      const accountable = event.accountable ?? [];
      if (pending.rung === 'accountability' && last) {
        const violations: Violation[] = [];
        if (accountable.length === 0)
          violations.push({
            field: 'accountable',
            rule: 'accountable_required',
            message:
              'an accountability decision names who is held to account, in which form, and why',
          });
        accountable.forEach((a, i) => {
          if (!ACCOUNTABLE_RESPONSIBILITIES.includes(a?.responsibility))
            violations.push({
              field: `accountable.${i}.responsibility`,
              rule: 'invalid_responsibility',
              message: `one of ${ACCOUNTABLE_RESPONSIBILITIES.join(', ')}`,
            });
          if (!ACCOUNTABILITY_FORMS.includes(a?.form))
            violations.push({
              field: `accountable.${i}.form`,
              rule: 'invalid_form',
              message: `one of ${ACCOUNTABILITY_FORMS.join(', ')}`,
            });
          if (typeof a?.reason !== 'string' || !a.reason.trim())
            violations.push({
              field: `accountable.${i}.reason`,
              rule: 'reason_required',
              message: 'each person held to account has a reason',
            });
        });
        if (new Set(accountable.map((a) => a?.personId)).size !== accountable.length)
          violations.push({
            field: 'accountable',
            rule: 'duplicate_person',
            message: 'each person once',
          });
        if (violations.length)
          return refuse('rule_broken', 'the accountability decision breaks a rule', violations);
      } else if (accountable.length > 0) {
        return broken(
          'accountable',
          'not_accountability',
          'only the decision on accountability names who is held to account',
        );
      }
      begin();
      closeDecision(st, 'issued', at, {
        by: event.by,
        reason,
        ...(accountable.length ? { accountable } : {}),
        ...(event.documentNo ? { documentNo: event.documentNo } : {}),
      });
      if (!last) {
        // The chain's next desk: e.g. the inspectors' proposal reaches the Party committee.
        const next = chain[pending.step + 1];
        openDecision(
          st,
          pending.rung,
          pending.reason,
          pending.step + 1,
          next.levelsUp,
          at,
          at,
          pending.key,
        );
        return done();
      }
      // Taken: the rung fires now, and the next one waits from the decision.
      const index = ctx.policy.ladder.findIndex((x) => x.rung === pending.rung);
      climbTo(st, index, pending.reason, at, at, true);
      return done();
    }
    case 'talk_recorded': {
      if (!s.escalation.rungs.some((r) => r.rung === 'admonishment_talk'))
        return refuse('wrong_state', 'no admonishment talk is due on this item');
      const c = conflict(s, event.by);
      if (c) return c;
      begin();
      s.talks += 1;
      return done();
    }
    case 'offence_repeated': {
      if (!OPEN_STATUSES.includes(s.status)) return wrongState(s, 'found repeating');
      const c = conflict(s, event.by);
      if (c) return c;
      begin();
      repeatOffence(st, at);
      return done();
    }
    case 'periodic_review_done': {
      if (s.assignment?.mode !== 'long_term' || !OPEN_STATUSES.includes(s.status))
        return wrongState(s, 'reviewed periodically');
      const c = conflict(s, event.by);
      if (c) return c;
      begin();
      if (event.outcome === 'off_track') yellow(st, 'poor_quality', at);
      return done();
    }
    case 'look_back_done': {
      if (s.status !== 'closed') return wrongState(s, 'looked back at');
      const closure = s.closures.at(-1)!;
      if (event.by === closure.verifierId)
        return broken(
          'by',
          'look_back_by_verifier',
          'the look-back is done by an inspector other than the verifier',
        );
      const c = conflict(s, event.by);
      if (c) return c;
      let reopenTo: number | null = null;
      if (event.outcome === 'rebound') {
        const d = dayDeadline(event.newDeadline, 'newDeadline');
        if (typeof d !== 'number') return d;
        if (d <= at)
          return broken('newDeadline', 'deadline_passed', 'the reopened item is due in the future');
        reopenTo = d;
      }
      begin();
      closure.lookBackRequested = true;
      closure.lookBack = { at, by: event.by, outcome: event.outcome };
      if (reopenTo === null) {
        s.status = 'confirmed';
        return done();
      }
      // A rebound (反弹) reopens the item with its history, and counts as a repeat offence.
      s.status = 'reopened';
      moveDeadline(s, reopenTo);
      s.escalation.resumedAt = at;
      restartWindows(s, at);
      notice(st, 'reopened', at);
      repeatOffence(st, at);
      return done();
    }
    case 'spot_checked': {
      // Before its look-back: a confirmed item's ledger line is closed for good.
      if (s.status !== 'closed') return wrongState(s, 'spot-checked');
      const c = conflict(s, event.by);
      if (c) return c;
      const closure = s.closures.at(-1)!;
      if (event.by === closure.verifierId)
        return broken(
          'by',
          'spot_check_by_verifier',
          'a spot check is done by someone other than the verifier',
        );
      let reopenTo: number | null = null;
      if (event.outcome === 'reopened') {
        const d = dayDeadline(event.newDeadline, 'newDeadline');
        if (typeof d !== 'number') return d;
        if (d <= at)
          return broken('newDeadline', 'deadline_passed', 'the reopened item is due in the future');
        reopenTo = d;
      } else if (event.outcome !== 'upheld') {
        return broken('outcome', 'invalid_outcome', 'upheld or reopened');
      }
      begin();
      if (reopenTo === null) return done();
      // Closed on paper only (整改不到位): rectified again, with its history and a warning.
      s.status = 'reopened';
      moveDeadline(s, reopenTo);
      s.escalation.resumedAt = at;
      restartWindows(s, at);
      notice(st, 'reopened', at);
      yellow(st, 'poor_quality', at);
      return done();
    }
    case 'summary_recorded': {
      if (s.summaries >= s.closures.length)
        return refuse('wrong_state', 'no closure awaits its summary');
      const tag = event.loopholeTag?.trim() ?? '';
      if (event.loopholeTag !== undefined && (!tag || tag.length > 64))
        return broken('loopholeTag', 'invalid', 'a loophole tag of 1 to 64 characters');
      begin();
      s.summaries += 1;
      if (tag) {
        // A loophole found becomes a rule-making task (建章立制) for the consolidation phase.
        st.fx.push({
          kind: 'rule_making_task',
          key: `${s.itemId}:rule_making:${s.summaries}`,
          at,
          summaryId: event.summaryId,
          loopholeTag: tag,
        });
      }
      return done();
    }
    case 'time_shifted': {
      if (!(event.pausedMs > 0)) return broken('pausedMs', 'positive', 'how long time stood still');
      begin();
      shiftTime(s, event.pausedAt, event.pausedMs);
      return done();
    }
  }
}

/**
 * Time stood still from `from` for `by` ms (the campaign was paused): every timer still ahead at
 * `from` falls due `by` later. The deadline in force moves when it was still ahead (a long-term
 * item's always: its reviews count from it); the ladder's next rung, the review windows, the
 * extension's decision limit and the look-back move with it. What happened before stays as
 * recorded (fired rungs, the original deadline, closures).
 */
function shiftTime(s: ItemState, from: number, by: number): void {
  const later = (t: number | null) => (t !== null && t >= from ? t + by : t);
  const e = s.escalation;
  // The next rung waits from the latest of these; when all lie before the pause, the wait
  // counts from one `by` later instead (the deadline itself stays: it passed).
  const anchor = Math.max(
    s.deadline ?? -Infinity,
    e.ladderAnchor ?? -Infinity,
    e.resumedAt ?? -Infinity,
  );
  const longTerm = s.assignment?.mode === 'long_term';
  s.deadline = longTerm && s.deadline !== null ? s.deadline + by : later(s.deadline);
  if (Number.isFinite(anchor) && anchor < from) e.ladderAnchor = anchor + by;
  else {
    e.ladderAnchor = later(e.ladderAnchor);
    e.resumedAt = later(e.resumedAt);
  }
  s.windows = { ...s.windows, from: s.windows.from + by };
  if (s.pendingExtension) {
    s.pendingExtension = { ...s.pendingExtension, decideBy: later(s.pendingExtension.decideBy)! };
  }
  // A desk's limit and a deferral's day move too: the pause is nobody's inaction.
  if (e.decision) {
    e.decision = {
      ...e.decision,
      decideBy: later(e.decision.decideBy)!,
      deferredUntil: later(e.decision.deferredUntil),
    };
  }
  const closure = s.closures.at(-1);
  if (closure && !closure.lookBackRequested) {
    closure.lookBackShiftMs = (closure.lookBackShiftMs ?? 0) + by;
  }
}

function withdrawExtension(s: ItemState, at: number): void {
  const p = s.pendingExtension;
  if (!p) return;
  s.extensions.push({
    extensionId: p.extensionId,
    requestedAt: p.requestedAt,
    requestedBy: p.requestedBy,
    requested: p.requested,
    decision: 'withdrawn',
    decidedAt: at,
    decidedBy: null,
    from: s.deadline!,
    to: s.deadline!,
  });
  s.pendingExtension = null;
}

/** What the read model and the ledger show of an item at campaign instant `now`. */
export function itemFacts(
  state: ItemState,
  now: number,
): {
  status: ItemStatus;
  warningLevel: WarningLevel;
  rung: LadderRung | null;
  escalated: boolean;
  overdue: boolean;
  supervised: boolean;
  deadline: number | null;
  originalDeadline: number | null;
  cumulativeDelayMs: number;
  yellowWarnings: number;
  repeatOffences: number;
} {
  const esc = state.escalation;
  const top = esc.rungs.reduce<LadderRung | null>(
    (max, r) => (max === null || rungOrder(r.rung) > rungOrder(max) ? r.rung : max),
    null,
  );
  return {
    status: state.status,
    warningLevel: esc.level,
    rung: top,
    escalated: top !== null,
    overdue:
      isRectifying(state) &&
      state.assignment?.mode !== 'long_term' &&
      state.deadline !== null &&
      now > state.deadline,
    supervised: state.supervisingLeaderId !== null,
    deadline: state.deadline,
    originalDeadline: state.originalDeadline,
    cumulativeDelayMs: state.cumulativeDelayMs,
    yellowWarnings: esc.yellowWarnings,
    repeatOffences: esc.repeatOffences,
  };
}
