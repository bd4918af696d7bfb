/**
 * Model-based test of the item state machine and its ladder (issue 9): random sequences of
 * assignment, progress, extension requests and decisions, submissions, send-backs, closures,
 * look-backs, repeat offences, summaries and time passing, run against the core and against a
 * small reference model written here from the rules alone (plain day arithmetic, under a
 * policy whose waits are all in calendar days). After every step the two must agree on what
 * was accepted, on the item's facts and on its next timer; invariants are checked under the
 * day policy and under D5's default (working days).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { addCalendarDays, dayOf } from '../calendar/days.js';
import { deadlineOfDay } from '../time/duration.js';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy, rungOrder } from './escalation.js';
import { applyItemEvent, conflictedPersonIds } from './item.js';
import type { ItemMode, SendBackReason } from './item-enums.js';
import { itemSpreadMs, nextItemTimers } from './item-schedule.js';
import type { ItemContext, ItemEffect, ItemEvent, ItemState } from './item-state.js';
import { assignment, calendar, DAY, HOUR, PEOPLE, registration, T0 } from './test/item-kit.js';

// ---------------------------------------------------------------------------------------------
// Commands

type Who = keyof typeof PEOPLE;
const WHO: Who[] = ['inspector', 'inspector2', 'person', 'leader', 'concerned'];

type Command = { gapHours: number } & (
  | { do: 'assign'; deadlineDays: number; mode: ItemMode }
  | { do: 'progress' }
  | { do: 'submit' }
  | { do: 'close'; by: Who }
  | { do: 'send_back'; by: Who; reason: SendBackReason }
  | { do: 'request_extension'; daysAfterDeadline: number }
  | { do: 'decide'; by: Who; approve: boolean; grantDays: number | null }
  | { do: 'look_back'; by: Who; rebound: boolean; newDeadlineDays: number }
  | { do: 'summary'; loophole: boolean }
  | { do: 'repeat_offence'; by: Who }
  | { do: 'review'; by: Who; onTrack: boolean }
  | { do: 'tick' }
  | { do: 'wait'; hours: number }
);

const who = fc.constantFrom(...WHO);
const inspectorMostly = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Who>('inspector', 'inspector2') },
  { weight: 1, arbitrary: who },
);
const gap = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 96 }));
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('assign' as const),
      deadlineDays: fc.integer({ min: 1, max: 150 }),
      mode: fc.constantFrom<ItemMode>('by_deadline', 'immediate', 'long_term'),
      gapHours: gap,
    }),
  },
  { weight: 4, arbitrary: fc.record({ do: fc.constant('progress' as const), gapHours: gap }) },
  { weight: 3, arbitrary: fc.record({ do: fc.constant('submit' as const), gapHours: gap }) },
  {
    weight: 3,
    arbitrary: fc.record({ do: fc.constant('close' as const), by: inspectorMostly, gapHours: gap }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('send_back' as const),
      by: inspectorMostly,
      reason: fc.constantFrom<SendBackReason>('poor_quality', 'false_report', 'other'),
      gapHours: gap,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('request_extension' as const),
      daysAfterDeadline: fc.integer({ min: -3, max: 60 }),
      gapHours: gap,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('decide' as const),
      by: inspectorMostly,
      approve: fc.boolean(),
      grantDays: fc.option(fc.integer({ min: -5, max: 60 })),
      gapHours: gap,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      do: fc.constant('look_back' as const),
      by: inspectorMostly,
      rebound: fc.boolean(),
      newDeadlineDays: fc.integer({ min: -2, max: 90 }),
      gapHours: gap,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('summary' as const),
      loophole: fc.boolean(),
      gapHours: gap,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('repeat_offence' as const),
      by: inspectorMostly,
      gapHours: gap,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      do: fc.constant('review' as const),
      by: inspectorMostly,
      onTrack: fc.boolean(),
      gapHours: gap,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ do: fc.constant('tick' as const), gapHours: fc.constant(0) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      do: fc.constant('wait' as const),
      hours: fc.integer({ min: 1, max: 1500 }),
      gapHours: fc.constant(0),
    }),
  },
);

/** The day `n` days after the day of `t`, as the API would send it. */
const dayAfter = (t: number, n: number) => addCalendarDays(dayOf(t), n);

function toEvent(c: Command, now: number, s: ItemState, n: number): ItemEvent {
  const base = { at: now, requestId: `req-${n}` };
  switch (c.do) {
    case 'assign':
      return {
        type: 'assigned',
        ...base,
        by: PEOPLE.office,
        ...assignment({ deadline: dayAfter(now, c.deadlineDays), mode: c.mode }),
      };
    case 'progress':
      return {
        type: 'progress_reported',
        ...base,
        by: PEOPLE.person,
        reportId: `r${n}`,
        evidence: 1,
      };
    case 'submit':
      return { type: 'submitted', ...base, by: PEOPLE.person, reportId: `s${n}`, evidence: 1 };
    case 'close':
      return { type: 'verified', ...base, by: PEOPLE[c.by], decision: 'close' };
    case 'send_back':
      return {
        type: 'verified',
        ...base,
        by: PEOPLE[c.by],
        decision: 'send_back',
        reason: c.reason,
      };
    case 'request_extension':
      return {
        type: 'extension_requested',
        ...base,
        by: PEOPLE.person,
        extensionId: `x${n}`,
        newDeadline: dayAfter(s.deadline ?? now, c.daysAfterDeadline),
        reason: '客观原因',
      };
    case 'decide':
      return {
        type: 'extension_decided',
        ...base,
        by: PEOPLE[c.by],
        extensionId: s.pendingExtension?.extensionId ?? 'none',
        decision: c.approve ? 'approve' : 'refuse',
        ...(c.grantDays === null ? {} : { deadline: dayAfter(s.deadline ?? now, c.grantDays) }),
      };
    case 'look_back':
      return {
        type: 'look_back_done',
        ...base,
        by: PEOPLE[c.by],
        outcome: c.rebound ? 'rebound' : 'confirmed',
        ...(c.rebound ? { newDeadline: dayAfter(now, c.newDeadlineDays) } : {}),
      };
    case 'summary':
      return {
        type: 'summary_recorded',
        ...base,
        by: PEOPLE.office,
        summaryId: `sum${n}`,
        ...(c.loophole ? { loopholeTag: '制度漏洞' } : {}),
      };
    case 'repeat_offence':
      return { type: 'offence_repeated', ...base, by: PEOPLE[c.by], recordId: `o${n}` };
    case 'review':
      return {
        type: 'periodic_review_done',
        ...base,
        by: PEOPLE[c.by],
        outcome: c.onTrack ? 'on_track' : 'off_track',
      };
    case 'tick':
    case 'wait':
      throw new Error('time is not an event here');
  }
}

// ---------------------------------------------------------------------------------------------
// The reference model: the rules of issue 9 and of the ledger's design, in days.

const DAY_POLICY: EscalationPolicy = {
  reminderOffsets: ['P7D', 'P1D'],
  ladder: [
    { rung: 'bulletin', after: { days: 1 } },
    { rung: 'supervision_order', after: { days: 7 } },
    { rung: 'admonishment_talk', after: { days: 14 } },
    { rung: 'stationed_supervision', after: { days: 14 } },
    { rung: 'accountability', after: { days: 21 } },
  ],
  stallGrace: { days: 3 },
  yellowWarningsForSupervisionOrder: 2,
  repeatOffenceHoldsLeader: true,
  extensionDecisionWithin: { days: 5 },
  lookBackAfter: 'P90D',
};
const CADENCE_DAYS = 30;
const RUNGS = [
  'bulletin',
  'supervision_order',
  'admonishment_talk',
  'stationed_supervision',
  'accountability',
];
const WAIT_DAYS = [1, 7, 14, 14, 21];
const REMINDER_DAYS = [7, 1];
const SO = 1;
const LAST = 4;

interface Ref {
  spread: number;
  now: number;
  status: string;
  mode: ItemMode | null;
  original: number | null;
  deadline: number | null;
  version: number;
  delay: number;
  pending: { id: string; requested: number; decideBy: number; escalated: boolean } | null;
  extensionIds: string[];
  lastProgress: number | null;
  wFrom: number;
  wEpoch: number;
  checked: number;
  reviews: { version: number; done: number };
  reached: number;
  anchor: number | null;
  resumedAt: number | null;
  overdueNoted: number | null;
  remindersSent: string[];
  yellow: number;
  warnings: number;
  level: 'green' | 'yellow' | 'red';
  repeats: number;
  closures: Array<{ verifier: string; lookBackRequested: boolean; at: number }>;
  summaries: number;
  /** Ladder indices climbed to, in order (a jump passes the rungs between). */
  fired: number[];
}

const OPEN = ['assigned', 'in_progress', 'sent_back', 'reopened'];
const rectifying = (r: Ref) => OPEN.includes(r.status);
const conflictsRef = (by: string) =>
  [PEOPLE.person, PEOPLE.leader, PEOPLE.concerned].includes(by as never);

function refWarn(r: Ref, level: 'yellow' | 'red') {
  r.warnings += 1;
  if (level === 'yellow') r.yellow += 1;
  if (level === 'red' || r.level === 'green') r.level = level;
}
function refClimb(r: Ref, index: number, anchor: number) {
  const i = Math.min(index, LAST);
  if (i <= r.reached) return;
  r.reached = i;
  r.fired.push(i);
  r.anchor = anchor;
  if (i >= SO && r.level !== 'red') refWarn(r, 'red');
}
function refYellow(r: Ref, at: number) {
  refWarn(r, 'yellow');
  const n = DAY_POLICY.yellowWarningsForSupervisionOrder;
  refClimb(r, r.yellow < n ? 0 : SO + r.yellow - n, at);
}

type Due = { kind: string; at: number; fire: () => void };
const ORDER = [
  'look_back',
  'extension_due',
  'periodic_review',
  'window_check',
  'reminder',
  'overdue',
  'rung',
];

function refDue(r: Ref): Due[] {
  const due: Due[] = [];
  const d = r.deadline;
  if (rectifying(r) && r.mode !== 'long_term' && d !== null) {
    REMINDER_DAYS.forEach((days) => {
      const at = d - days * DAY + r.spread;
      const key = `${r.version}/${days}`;
      if (!r.remindersSent.includes(key) && at >= r.now)
        due.push({ kind: 'reminder', at, fire: () => r.remindersSent.push(key) });
    });
    if (r.overdueNoted !== r.version)
      due.push({
        kind: 'overdue',
        at: d + 1 + r.spread,
        fire: () => {
          r.overdueNoted = r.version;
          refWarn(r, 'red');
        },
      });
    if (r.reached < LAST) {
      const i = r.reached + 1;
      const business =
        Math.max(d, r.anchor ?? -Infinity, r.resumedAt ?? -Infinity) + WAIT_DAYS[i] * DAY;
      due.push({ kind: 'rung', at: business + r.spread, fire: () => refClimb(r, i, business) });
    }
  }
  if (rectifying(r) && r.mode !== null) {
    const check = (k: number) =>
      k === 0 ? r.wFrom : r.wFrom + (k * CADENCE_DAYS + 3) * DAY + r.spread;
    for (let k = r.checked + 1; ; k++) {
      const at = check(k);
      if (r.mode !== 'long_term' && at >= d!) break;
      if (at < r.now) continue;
      due.push({
        kind: 'window_check',
        at,
        fire: () => {
          r.checked = k;
          if (!(r.lastProgress !== null && r.lastProgress >= check(k - 1))) refYellow(r, at);
        },
      });
      break;
    }
  }
  if (rectifying(r) && r.pending && !r.pending.escalated) {
    const p = r.pending;
    due.push({
      kind: 'extension_due',
      at: p.decideBy + r.spread,
      fire: () => (p.escalated = true),
    });
  }
  if (r.mode === 'long_term' && (rectifying(r) || r.status === 'submitted')) {
    const first = r.reviews.version === r.version ? r.reviews.done + 1 : 0;
    for (let k = first; ; k++) {
      const at = d! + k * CADENCE_DAYS * DAY + r.spread;
      if (at < r.now) continue;
      due.push({
        kind: 'periodic_review',
        at,
        fire: () => (r.reviews = { version: r.version, done: k }),
      });
      break;
    }
  }
  const c = r.closures.at(-1);
  if (r.status === 'closed' && c && !c.lookBackRequested)
    due.push({
      kind: 'look_back',
      at: c.at + 90 * DAY + r.spread,
      fire: () => (c.lookBackRequested = true),
    });
  return due.sort((a, b) => a.at - b.at || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

function refAdvance(r: Ref, to: number) {
  for (;;) {
    const next = refDue(r)[0];
    if (!next || next.at > to) break;
    r.now = Math.max(r.now, next.at);
    next.fire();
  }
  r.now = Math.max(r.now, to);
}

type Outcome = 'ok' | 'wrong_state' | 'rule_broken';

/** Applies a person's event to the reference: the outcome, and the model moved on when accepted. */
function refApply(r: Ref, e: ItemEvent): Outcome {
  const outcome = refRule(r, e);
  // An accepted event may make a timer due at once (overdue after a late send-back).
  if (outcome === 'ok') refAdvance(r, r.now);
  return outcome;
}

function refRule(r: Ref, e: ItemEvent): Outcome {
  const now = r.now;
  switch (e.type) {
    case 'assigned': {
      if (r.status !== 'registered') return 'wrong_state';
      const d = deadlineOfDay(e.deadline!);
      Object.assign(r, {
        status: 'assigned',
        mode: e.mode,
        original: d,
        deadline: d,
        version: 1,
        wFrom: now,
        wEpoch: 1,
        checked: 0,
      });
      return 'ok';
    }
    case 'progress_reported':
      if (!rectifying(r)) return 'wrong_state';
      r.lastProgress = now;
      r.status = 'in_progress';
      return 'ok';
    case 'submitted':
      if (!rectifying(r)) return 'wrong_state';
      r.lastProgress = now;
      r.status = 'submitted';
      r.pending = null;
      return 'ok';
    case 'verified':
      if (r.status !== 'submitted') return 'wrong_state';
      if (conflictsRef(e.by)) return 'rule_broken';
      if (e.decision === 'close') {
        r.status = 'closed';
        r.closures.push({ verifier: e.by, lookBackRequested: false, at: now });
        r.level = 'green';
        return 'ok';
      }
      r.status = 'sent_back';
      r.resumedAt = now;
      Object.assign(r, { wFrom: now, wEpoch: r.wEpoch + 1, checked: 0 });
      if (e.reason === 'poor_quality') refYellow(r, now);
      if (e.reason === 'false_report') {
        refWarn(r, 'red');
        if (r.reached < LAST) refClimb(r, Math.max(r.reached + 1, SO), now);
      }
      return 'ok';
    case 'extension_requested': {
      if (!rectifying(r) || r.pending || r.extensionIds.includes(e.extensionId))
        return 'wrong_state';
      const requested = deadlineOfDay(e.newDeadline);
      if (now > r.deadline! || requested <= r.deadline!) return 'rule_broken';
      r.pending = { id: e.extensionId, requested, decideBy: now + 5 * DAY, escalated: false };
      r.extensionIds.push(e.extensionId);
      return 'ok';
    }
    case 'extension_decided': {
      if (!r.pending || r.pending.id !== e.extensionId || !rectifying(r)) return 'wrong_state';
      if (conflictsRef(e.by)) return 'rule_broken';
      const to = e.deadline !== undefined ? deadlineOfDay(e.deadline) : r.pending.requested;
      if (e.decision === 'approve') {
        if (to <= Math.max(now, r.deadline!)) return 'rule_broken';
        r.delay += to - r.deadline!;
        r.deadline = to;
        r.version += 1;
      }
      r.pending = null;
      return 'ok';
    }
    case 'look_back_done': {
      if (r.status !== 'closed') return 'wrong_state';
      const c = r.closures.at(-1)!;
      if (e.by === c.verifier || conflictsRef(e.by)) return 'rule_broken';
      if (e.outcome === 'confirmed') {
        c.lookBackRequested = true;
        r.status = 'confirmed';
        return 'ok';
      }
      const d = deadlineOfDay(e.newDeadline!);
      if (d <= now) return 'rule_broken';
      c.lookBackRequested = true;
      Object.assign(r, { status: 'reopened', deadline: d, version: r.version + 1, resumedAt: now });
      Object.assign(r, { wFrom: now, wEpoch: r.wEpoch + 1, checked: 0 });
      r.repeats += 1;
      refWarn(r, 'red');
      refClimb(r, LAST, now);
      return 'ok';
    }
    case 'summary_recorded':
      if (r.summaries >= r.closures.length) return 'wrong_state';
      r.summaries += 1;
      return 'ok';
    case 'offence_repeated':
      if (!rectifying(r) && r.status !== 'submitted') return 'wrong_state';
      if (conflictsRef(e.by)) return 'rule_broken';
      r.repeats += 1;
      refWarn(r, 'red');
      refClimb(r, LAST, now);
      return 'ok';
    case 'periodic_review_done':
      if (r.mode !== 'long_term' || !(rectifying(r) || r.status === 'submitted'))
        return 'wrong_state';
      if (conflictsRef(e.by)) return 'rule_broken';
      if (e.outcome === 'off_track') refYellow(r, now);
      return 'ok';
    default:
      throw new Error(`the model does not take ${e.type}`);
  }
}

function newRef(itemId: string): Ref {
  return {
    spread: itemSpreadMs(itemId),
    now: T0,
    status: 'registered',
    mode: null,
    original: null,
    deadline: null,
    version: 0,
    delay: 0,
    pending: null,
    extensionIds: [],
    lastProgress: null,
    wFrom: T0,
    wEpoch: 0,
    checked: 0,
    reviews: { version: 0, done: -1 },
    reached: -1,
    anchor: null,
    resumedAt: null,
    overdueNoted: null,
    remindersSent: [],
    yellow: 0,
    warnings: 0,
    level: 'green',
    repeats: 0,
    closures: [],
    summaries: 0,
    fired: [],
  };
}

const facts = (s: ItemState) => ({
  status: s.status,
  original: s.originalDeadline,
  deadline: s.deadline,
  delay: s.cumulativeDelayMs,
  pending: s.pendingExtension
    ? [s.pendingExtension.extensionId, s.pendingExtension.escalated]
    : null,
  rungs: s.escalation.rungs.map((r) => r.rung),
  yellow: s.escalation.yellowWarnings,
  warnings: s.escalation.warnings.length,
  level: s.escalation.level,
  repeats: s.escalation.repeatOffences,
  closures: s.closures.length,
  summaries: s.summaries,
});
const refFacts = (r: Ref): ReturnType<typeof facts> => ({
  status: r.status as ItemState['status'],
  original: r.original,
  deadline: r.deadline,
  delay: r.delay,
  pending: r.pending ? [r.pending.id, r.pending.escalated] : null,
  rungs: r.fired.map((i) => RUNGS[i]) as ReturnType<typeof facts>['rungs'],
  yellow: r.yellow,
  warnings: r.warnings,
  level: r.level,
  repeats: r.repeats,
  closures: r.closures.length,
  summaries: r.summaries,
});

// ---------------------------------------------------------------------------------------------
// The runner

interface Run {
  state: ItemState;
  effects: ItemEffect[];
  acceptedCloses: string[];
}

function invariants(before: ItemState, after: ItemState, effects: ItemEffect[], c: ItemContext) {
  // The original deadline never changes once set.
  if (before.originalDeadline !== null)
    expect(after.originalDeadline).toBe(before.originalDeadline);
  // No rung twice: fired rungs climb strictly.
  const orders = after.escalation.rungs.map((r) => rungOrder(r.rung));
  orders.forEach((o, i) => i > 0 && expect(o).toBeGreaterThan(orders[i - 1]));
  // No rung while the item is closed: follow the status through the records.
  let status = before.status;
  for (const e of effects) {
    if (e.kind === 'record') status = e.status;
    if (e.kind === 'rung') expect(['closed', 'confirmed']).not.toContain(status);
  }
  // Timers lie after the clock, in order; after confirmation nothing is left.
  const timers = nextItemTimers(after, c.policy, c.calendar);
  timers.forEach((t, i) => {
    expect(t.at).toBeGreaterThan(after.clock);
    if (i > 0) expect(t.at).toBeGreaterThanOrEqual(timers[i - 1].at);
  });
  if (after.status === 'confirmed') expect(timers).toEqual([]);
  // A closed item keeps only its look-back (until it was asked for).
  if (after.status === 'closed') expect(timers.filter((t) => t.kind !== 'look_back')).toEqual([]);
  // The state is plain data.
  expect(JSON.parse(JSON.stringify(after))).toEqual(after);
}

function runScenario(itemId: string, commands: Command[], c: ItemContext, ref: Ref | null) {
  const first = applyItemEvent(null, registration({ itemId }), c);
  if (!first.ok) throw new Error('registration refused');
  const run: Run = { state: first.state, effects: [...first.effects], acceptedCloses: [] };
  let n = 0;
  for (const cmd of commands) {
    n += 1;
    const before = run.state;
    let result: ReturnType<typeof applyItemEvent>;
    let event: ItemEvent | null = null;
    let target: number;
    if (cmd.do === 'tick') {
      const next = nextItemTimers(before, c.policy, c.calendar)[0];
      if (!next) continue;
      target = next.at;
      result = applyItemEvent(before, { type: 'timer_fired', key: next.key, at: next.at }, c);
    } else if (cmd.do === 'wait') {
      target = before.clock + cmd.hours * HOUR;
      result = applyItemEvent(before, { type: 'timer_fired', key: 'tick', at: target }, c);
    } else {
      target = before.clock + cmd.gapHours * HOUR;
      event = toEvent(cmd, target, before, n);
      result = applyItemEvent(before, event, c);
    }

    if (ref) {
      // The reference moves on only when the event is accepted, as the core does.
      const trial: Ref = structuredClone(ref);
      refAdvance(trial, target);
      const outcome: Outcome = event ? refApply(trial, event) : 'ok';
      expect([event?.type ?? cmd.do, result.ok ? 'ok' : result.code]).toEqual([
        event?.type ?? cmd.do,
        outcome,
      ]);
      if (outcome === 'ok') Object.assign(ref, trial);
    }
    if (!result.ok) continue;
    invariants(before, result.state, result.effects, c);
    if (event?.type === 'verified' && event.decision === 'close') run.acceptedCloses.push(event.by);
    run.state = result.state;
    run.effects.push(...result.effects);
    if (ref) {
      expect(facts(run.state)).toEqual(refFacts(ref));
      const next = nextItemTimers(run.state, c.policy, c.calendar)[0];
      const refNext = refDue(ref).find((d) => d.at > ref.now);
      expect(next ? [next.kind, next.at] : null).toEqual(
        refNext ? [refNext.kind, refNext.at] : null,
      );
    }
  }
  return run;
}

function endOfRunChecks(run: Run) {
  // Closure only by a permitted inspector.
  for (const by of run.acceptedCloses) expect(conflictedPersonIds(run.state)).not.toContain(by);
  // Every warning given is an effect, and the state's level is the highest since the last closure.
  const warnings = run.effects.filter((e) => e.kind === 'warning');
  expect(warnings).toHaveLength(run.state.escalation.warnings.length);
  const levels = ['green', 'yellow', 'red'];
  let level = 'green';
  for (const e of run.effects) {
    const closing = e.kind === 'record' && 'event' in e.cause && e.cause.event.type === 'verified';
    if (closing && e.status === 'closed') level = 'green';
    if (e.kind === 'warning' && levels.indexOf(e.level) > levels.indexOf(level)) level = e.level;
  }
  expect(run.state.escalation.level).toBe(level);
  // Every effect's key is unique: the activities dedupe on it, so nothing is ever sent twice.
  const keys = run.effects.map((e) => e.key);
  expect(new Set(keys).size).toBe(keys.length);
  // Each rung fired appears exactly once as an effect.
  const rungEffects = run.effects
    .filter((e) => e.kind === 'rung')
    .map((e) => (e.kind === 'rung' ? e.rung : ''));
  expect(rungEffects).toEqual(run.state.escalation.rungs.map((r) => r.rung));
}

const assign = fc.record({
  do: fc.constant('assign' as const),
  deadlineDays: fc.integer({ min: 1, max: 150 }),
  mode: fc.constantFrom<ItemMode>('by_deadline', 'immediate', 'long_term'),
  gapHours: gap,
});
const small = fc.integer({ min: 0, max: 48 });

/**
 * Short plausible stories (an extension asked and decided, a submission verified, a closure
 * looked back at months later) mixed with single random commands, so that random sequences
 * reach deep states often enough and still try everything out of order.
 */
const fragment: fc.Arbitrary<Command[]> = fc.oneof(
  { weight: 5, arbitrary: command.map((c) => [c]) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.integer({ min: -3, max: 60 }),
        fc.boolean(),
        fc.option(fc.integer({ min: -5, max: 60 })),
        inspectorMostly,
        small,
      )
      .map(([days, approve, grantDays, by, gapHours]): Command[] => [
        { do: 'request_extension', daysAfterDeadline: days, gapHours: 0 },
        { do: 'decide', by, approve, grantDays, gapHours },
      ]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        inspectorMostly,
        fc.constantFrom<SendBackReason | null>(null, 'poor_quality', 'false_report', 'other'),
        small,
      )
      .map(([by, reason, gapHours]): Command[] => [
        { do: 'submit', gapHours: 0 },
        reason === null ? { do: 'close', by, gapHours } : { do: 'send_back', by, reason, gapHours },
      ]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        inspectorMostly,
        fc.boolean(),
        fc.integer({ min: 1, max: 2500 }),
        fc.integer({ min: -2, max: 90 }),
      )
      .map(([by, rebound, hours, newDeadlineDays]): Command[] => [
        { do: 'submit', gapHours: 0 },
        { do: 'close', by: 'inspector', gapHours: 1 },
        { do: 'wait', hours, gapHours: 0 },
        { do: 'look_back', by, rebound, newDeadlineDays, gapHours: 0 },
      ]),
  },
  {
    weight: 2,
    arbitrary: fc.array(fc.constant<Command>({ do: 'tick', gapHours: 0 }), {
      minLength: 2,
      maxLength: 6,
    }),
  },
);

const scenario = fc.record({
  itemId: fc.uuid(),
  commands: fc
    .tuple(assign, fc.array(fragment, { maxLength: 16 }))
    .map(([first, rest]) => [first as Command, ...rest.flat()]),
});

describe('the item state machine against a reference model', () => {
  it('agrees with the reference on every step (policy in days)', () => {
    const c: ItemContext = { policy: DAY_POLICY, calendar, reviewCadence: `P${CADENCE_DAYS}D` };
    fc.assert(
      fc.property(scenario, ({ itemId, commands }) => {
        const run = runScenario(itemId, commands, c, newRef(itemId));
        endOfRunChecks(run);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its invariants under D5’s default policy (working days, months)', () => {
    const c: ItemContext = { policy: DEFAULT_ESCALATION_POLICY, calendar, reviewCadence: 'P1M' };
    fc.assert(
      fc.property(scenario, ({ itemId, commands }) => {
        endOfRunChecks(runScenario(itemId, commands, c, null));
      }),
      { numRuns: 200 },
    );
  });
});
