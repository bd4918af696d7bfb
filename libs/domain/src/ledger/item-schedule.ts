import { addDuration, type Duration, parseDuration } from '../time/duration.js';
import type { WorkingDays } from '../time/working-days.js';
import { afterWait, type EscalationPolicy, type LadderRung, rungOrder } from './escalation.js';
import { RECTIFYING_STATUSES, type RectifyingStatus } from './item-enums.js';
import type { ItemState, ItemTimer, ItemTimerKind } from './item-state.js';

/**
 * The item's schedule function: from its state and the campaign's frozen policy, the dated
 * timers its workflow must arm now. Business instants (a deadline, 09:00 on a working day) are
 * computed first; every timer then fires `spreadMs` after its instant, a per-item offset that
 * keeps 5,000 items imported together from firing in the same second.
 */

/** Timers of one item spread over this much after their instant (a morning's first hour). */
export const ITEM_TIMER_SPREAD_MS = 3_600_000;

/** The item's offset in [0, ITEM_TIMER_SPREAD_MS): FNV-1a of its id, so the same everywhere. */
export function itemSpreadMs(itemId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < itemId.length; i++) {
    hash ^= itemId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % ITEM_TIMER_SPREAD_MS;
}

/** `duration` taken `k` times (P1M × 3 = P3M), so month ends do not drift window by window. */
export function scaleDuration(duration: string, k: number): Duration {
  const d = parseDuration(duration);
  if (!d) throw new RangeError(`not an ISO-8601 duration: ${duration}`);
  return {
    years: d.years * k,
    months: d.months * k,
    weeks: d.weeks * k,
    days: d.days * k,
    hours: d.hours * k,
    minutes: d.minutes * k,
    seconds: d.seconds * k,
  };
}

export function isRectifying(state: ItemState): boolean {
  return RECTIFYING_STATUSES.includes(state.status as RectifyingStatus);
}

/** Whether the deadline ladder applies: long-term items are never overdue (they are reviewed). */
function onDeadlineTrack(state: ItemState): boolean {
  return state.assignment !== null && state.assignment.mode !== 'long_term';
}

/** The end of review window `k` (1-based) of the current epoch. */
export function windowEnd(state: ItemState, k: number): number {
  return addDuration(state.windows.from, scaleDuration(state.cadence, k));
}

/**
 * When window `k` is judged: `stallGrace` after it ends, plus the item's spread. A progress
 * report counts for the window whose judgement comes first after it, so a report in the grace
 * period rescues the window just ended and the next window wants its own.
 */
export function windowCheckAt(
  state: ItemState,
  k: number,
  policy: EscalationPolicy,
  calendar: WorkingDays,
): number {
  if (k === 0) return state.windows.from;
  return afterWait(windowEnd(state, k), policy.stallGrace, calendar).at + state.spreadMs;
}

/** The rung the ladder climbs to next, and when it falls due if nothing else happens. */
export function nextRung(
  state: ItemState,
  policy: EscalationPolicy,
  calendar: WorkingDays,
): { rung: LadderRung; dueAt: number } | null {
  if (!onDeadlineTrack(state) || state.deadline === null) return null;
  const reached = highestRungOrder(state);
  const step = policy.ladder.find((s) => rungOrder(s.rung) > reached);
  if (!step) return null;
  // Each rung waits from the one before; the first from the deadline. A send-back or a new
  // deadline restarts the wait; a rung fired by a trigger before the deadline waits for it.
  const from = Math.max(
    state.deadline,
    state.escalation.ladderAnchor ?? -Infinity,
    state.escalation.resumedAt ?? -Infinity,
  );
  return { rung: step.rung, dueAt: afterWait(from, step.after, calendar).at };
}

/** ESCALATION_RUNGS position of the highest rung fired; 0 (the reminders) when none has. */
export function highestRungOrder(state: ItemState): number {
  return state.escalation.rungs.reduce((max, r) => Math.max(max, rungOrder(r.rung)), 0);
}

/** The first instant past the deadline: an item is overdue from here on. */
export function overdueAt(deadline: number): number {
  return deadline + 1;
}

const KIND_ORDER: readonly ItemTimerKind[] = [
  'look_back',
  'extension_due',
  'decision_due',
  'periodic_review',
  'window_check',
  'reminder',
  'overdue',
  'rung',
];

/** At most this many windows are skipped looking for the next (a guard, never reached in practice). */
const MAX_WINDOW_SCAN = 1000;

/**
 * Every timer the item has pending, due or not, in firing order (time, then kind, then key).
 * The item core fires the due ones itself when an event arrives (catching up), so what
 * `nextItemTimers` returns always lies after the state's clock.
 */
export function pendingItemTimers(
  state: ItemState,
  policy: EscalationPolicy,
  calendar: WorkingDays,
): ItemTimer[] {
  const timers: ItemTimer[] = [];
  const id = state.itemId;
  const spread = state.spreadMs;
  const rectifying = isRectifying(state);
  const deadline = state.deadline;

  if (rectifying && onDeadlineTrack(state) && deadline !== null) {
    const v = state.deadlineVersion;
    for (const offset of policy.reminderOffsets) {
      const instant = addDuration(deadline, offset, -1);
      const at = instant + spread;
      const sent = state.escalation.remindersSent.includes(`d${v}:${offset}`);
      // Reminders that fell due before the deadline was set (or while submitted) are past: never late.
      if (!sent && instant < deadline && at >= state.clock) {
        timers.push({
          kind: 'reminder',
          key: `${id}:reminder:d${v}:${offset}`,
          at,
          offset,
          deadline,
        });
      }
    }
    if (state.escalation.overdueNoted !== v) {
      timers.push({
        kind: 'overdue',
        key: `${id}:overdue:d${v}`,
        at: overdueAt(deadline) + spread,
        deadline,
      });
    }
    // While a desk holds a decision, the ladder waits on it (its own timer is below).
    const rung = state.escalation.decision ? null : nextRung(state, policy, calendar);
    if (rung) {
      timers.push({
        kind: 'rung',
        key: `${id}:rung:${rung.rung}`,
        at: rung.dueAt + spread,
        rung: rung.rung,
        dueAt: rung.dueAt,
      });
    }
  }

  if (rectifying && state.assignment !== null) {
    const longTerm = state.assignment.mode === 'long_term';
    for (let k = state.windows.checked + 1; k <= state.windows.checked + MAX_WINDOW_SCAN; k++) {
      const at = windowCheckAt(state, k, policy, calendar);
      // The stall track runs before the deadline; after it the deadline ladder is in charge.
      if (!longTerm && deadline !== null && at >= deadline) break;
      if (at < state.clock) continue;
      timers.push({
        kind: 'window_check',
        key: `${id}:window:e${state.windows.epoch}:${k}`,
        at,
        epoch: state.windows.epoch,
        window: k,
        windowEnd: windowEnd(state, k),
      });
      break;
    }
  }

  const pending = state.pendingExtension;
  if (rectifying && pending && !pending.escalated) {
    timers.push({
      kind: 'extension_due',
      key: `${id}:extension:${pending.extensionId}:due`,
      at: pending.decideBy + spread,
      extensionId: pending.extensionId,
      decideBy: pending.decideBy,
    });
  }

  if (
    state.assignment?.mode === 'long_term' &&
    deadline !== null &&
    (rectifying || state.status === 'submitted')
  ) {
    const v = state.deadlineVersion;
    const first = state.reviews.version === v ? state.reviews.requested + 1 : 0;
    for (let k = first; k < first + MAX_WINDOW_SCAN; k++) {
      const at = addDuration(deadline, scaleDuration(state.cadence, k)) + spread;
      if (at < state.clock) continue;
      timers.push({ kind: 'periodic_review', key: `${id}:review:d${v}:${k}`, at, index: k });
      break;
    }
  }

  const decision = state.escalation.decision;
  if (decision) {
    const deferred = decision.deferredUntil !== null;
    timers.push({
      kind: 'decision_due',
      key: `${decision.key}:${deferred ? 'resumed' : 'due'}`,
      at: (decision.deferredUntil ?? decision.decideBy) + spread,
      decisionKey: decision.key,
      deferred,
    });
  }

  const closure = state.closures.at(-1);
  if (state.status === 'closed' && closure && !closure.lookBackRequested) {
    const n = state.closures.length;
    timers.push({
      kind: 'look_back',
      key: `${id}:look_back:${n}`,
      at:
        addDuration(closure.closedAt, policy.lookBackAfter) +
        (closure.lookBackShiftMs ?? 0) +
        spread,
      closure: n,
    });
  }

  return timers.sort(
    (a, b) =>
      a.at - b.at ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/**
 * The dated timers (campaign time, in order, all after the state's clock) the item workflow
 * must arm now; it sleeps until the first and applies `timer_fired` with its key and instant.
 * Nothing is left after confirmation; a closed item keeps only its look-back.
 */
export function nextItemTimers(
  state: ItemState,
  policy: EscalationPolicy,
  calendar: WorkingDays,
): ItemTimer[] {
  return pendingItemTimers(state, policy, calendar).filter((t) => t.at > state.clock);
}
