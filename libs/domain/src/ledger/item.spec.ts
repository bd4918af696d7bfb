import { describe, expect, it } from '@jest/globals';

import { dayOf } from '../calendar/days.js';
import { applyItemEvent, conflictedPersonIds, itemFacts, refusalError } from './item.js';
import { nextItemTimers } from './item-schedule.js';
import type { ItemEvent, ItemState } from './item-state.js';
import {
  apply,
  assignedItem,
  at,
  context,
  ctx,
  DAY,
  HOUR,
  ofKind,
  PEOPLE,
  registration,
  runTimers,
  show,
  T0,
  TIMER_LADDER,
  wait,
} from './test/item-kit.js';

type Ev<T extends ItemEvent['type']> = Omit<Extract<ItemEvent, { type: T }>, 'type' | 'at'>;

const progress = (t: number, p: Partial<Ev<'progress_reported'>> = {}): ItemEvent => ({
  type: 'progress_reported',
  at: t,
  by: PEOPLE.person,
  reportId: `r-${t}`,
  evidence: 1,
  ...p,
});
const submit = (t: number): ItemEvent => ({
  type: 'submitted',
  at: t,
  by: PEOPLE.person,
  reportId: `s-${t}`,
  evidence: 2,
});
const close = (t: number, by: string = PEOPLE.inspector): ItemEvent => ({
  type: 'verified',
  at: t,
  by,
  decision: 'close',
});
const sendBack = (
  t: number,
  reason: 'poor_quality' | 'false_report' | 'other',
  by: string = PEOPLE.inspector,
): ItemEvent => ({ type: 'verified', at: t, by, decision: 'send_back', reason });
const requestExtension = (t: number, newDeadline: string, extensionId = 'x1'): ItemEvent => ({
  type: 'extension_requested',
  at: t,
  by: PEOPLE.person,
  extensionId,
  newDeadline,
  reason: '需协调上级部门审批',
});
const decide = (
  t: number,
  decision: 'approve' | 'refuse',
  p: Partial<Ev<'extension_decided'>> = {},
): ItemEvent => ({
  type: 'extension_decided',
  at: t,
  by: PEOPLE.inspector,
  extensionId: 'x1',
  decision,
  ...p,
});
const lookBack = (
  t: number,
  outcome: 'confirmed' | 'rebound',
  p: Partial<Ev<'look_back_done'>> = {},
): ItemEvent => ({ type: 'look_back_done', at: t, by: PEOPLE.inspector2, outcome, ...p });

const timers = (s: ItemState) => nextItemTimers(s, ctx.policy, ctx.calendar);
const kinds = (s: ItemState) => timers(s).map((t) => t.kind);
const rungs = (s: ItemState) => s.escalation.rungs.map((r) => r.rung);
const refusal = (s: ItemState | null, e: ItemEvent, c = ctx) => {
  const r = applyItemEvent(s, e, c);
  if (r.ok) throw new Error(`expected ${e.type} to be refused`);
  return r;
};

describe('registration and assignment', () => {
  it('registers an item with its source, category and persons, and arms nothing yet', () => {
    const { state, effects } = apply(null, [registration()]);
    expect(state.status).toBe('registered');
    expect(state).toMatchObject({ source: 'inspection', category: 'style_work', cadence: 'P1M' });
    expect(timers(state)).toEqual([]);
    expect(effects.map((e) => e.kind)).toEqual(['record']);
  });

  it('refuses a registration that breaks a rule, and a second registration', () => {
    const r = refusal(null, registration({ source: 'cross_visit' }));
    expect(r.code).toBe('rule_broken');
    expect(r.violations.map((v) => v.rule)).toEqual(['round_required']);
    const { state } = apply(null, [registration()]);
    expect(refusal(state, registration()).code).toBe('wrong_state');
    expect(refusal(null, progress(T0)).code).toBe('wrong_state');
  });

  it('assigns only with all six clarities, naming each missing one', () => {
    const { state } = apply(null, [registration()]);
    const r = refusal(state, {
      type: 'assigned',
      at: T0,
      by: PEOPLE.office,
      responsibleLeaderId: PEOPLE.leader,
      responsibleUnitId: '',
      responsiblePersonId: PEOPLE.person,
      acceptanceStandard: '',
      expectedEffect: 'x',
      measures: 'y',
      mode: 'by_deadline',
    });
    expect(r.code).toBe('rule_broken');
    expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
      ['responsibleUnitId', 'clarity_missing'],
      ['deadline', 'clarity_missing'],
      ['acceptanceStandard', 'clarity_missing'],
    ]);
    expect(refusalError(r)).toMatchObject({ code: 'rule_broken', violations: r.violations });
  });

  it('refuses a deadline already past at assignment, and a second assignment', () => {
    const { state } = apply(null, [registration()]);
    const r = refusal(state, {
      type: 'assigned',
      at: T0,
      by: PEOPLE.office,
      ...assignedFields({ deadline: '2026-03-01' }),
    });
    expect(r.violations.map((v) => v.rule)).toEqual(['deadline_passed']);
    const assigned = assignedItem().state;
    const again = refusal(assigned, {
      type: 'assigned',
      at: T0 + DAY,
      by: 'x',
      ...assignedFields(),
    });
    expect(again.code).toBe('wrong_state');
    expect(refusalError(again).code).toBe('wrong_state');
  });

  it('keeps the deadline both as the original and as the current one, due by the end of the day', () => {
    const { state, effects } = assignedItem({ deadline: '2026-03-31' });
    expect(state.status).toBe('assigned');
    expect(show(state.originalDeadline!)).toBe('2026-03-31 23:59');
    expect(state.deadline).toBe(state.originalDeadline);
    expect(ofKind(effects, 'notice').map((n) => n.topic)).toEqual(['assigned']);
  });

  it('dates a deadline given in working days on the campaign calendar', () => {
    // Assigned Monday 27 April: 28, 29, 30 April, then the 1–5 May break, then 6 and 7 May.
    const { state } = assignedItem(
      { deadline: undefined, deadlineWorkingDays: 5 },
      { assignedAt: at('2026-04-27 11:00') },
    );
    expect(show(state.deadline!)).toBe('2026-05-07 23:59');
  });
});

function assignedFields(p: Parameters<typeof assignedItem>[0] = {}) {
  return {
    responsibleLeaderId: PEOPLE.leader,
    responsibleUnitId: 'u-dept',
    responsiblePersonId: PEOPLE.person,
    deadline: '2026-03-31',
    acceptanceStandard: '制度建立并执行到位',
    expectedEffect: '同类问题不再发生',
    measures: '修订审批流程',
    mode: 'by_deadline' as const,
    ...p,
  };
}

describe('progress and submission', () => {
  it('moves to in progress on a report with evidence, and refuses one without', () => {
    const { state } = assignedItem();
    expect(refusal(state, progress(T0 + DAY, { evidence: 0 })).violations[0].rule).toBe(
      'evidence_required',
    );
    const after = apply(state, [progress(T0 + DAY)]).state;
    expect(after.status).toBe('in_progress');
    expect(after.progress).toEqual({ count: 1, lastAt: T0 + DAY });
  });

  it('submits with evidence for an inspector to verify; the person cannot report or submit again', () => {
    const { state, effects } = apply(assignedItem().state, [submit(T0 + 2 * DAY)]);
    expect(state.status).toBe('submitted');
    expect(ofKind(effects, 'notice').map((n) => [n.topic, n.recipients])).toEqual([
      ['submitted', [{ role: 'inspector' }]],
    ]);
    expect(refusal(state, progress(T0 + 3 * DAY)).code).toBe('wrong_state');
    expect(refusal(state, submit(T0 + 3 * DAY)).code).toBe('wrong_state');
  });

  it('pauses the reminders, the stall track and the ladder while it waits for the inspector', () => {
    const { state } = apply(assignedItem().state, [submit(T0 + 2 * DAY)]);
    expect(timers(state)).toEqual([]);
    // Months later, still waiting on the inspector: nothing fired against the person.
    const later = runTimers(state, at('2026-07-01 00:00'));
    expect(later.fired).toEqual([]);
  });
});

describe('verification and closure (销号)', () => {
  const submitted = () => apply(assignedItem().state, [submit(T0 + 2 * DAY)]).state;

  it.each([
    ['the responsible person', PEOPLE.person],
    ['the responsible leader', PEOPLE.leader],
    ['a person concerned', PEOPLE.concerned],
  ])('refuses verification by %s', (_who, by) => {
    for (const e of [close(T0 + 3 * DAY, by), sendBack(T0 + 3 * DAY, 'other', by)]) {
      const r = refusal(submitted(), e);
      expect(r.code).toBe('rule_broken');
      expect(r.violations[0].rule).toBe('conflict_of_interest');
    }
    expect(conflictedPersonIds(submitted()).sort()).toEqual(
      [PEOPLE.concerned, PEOPLE.leader, PEOPLE.person].sort(),
    );
  });

  it('verifies only a submitted item: nothing closes itself', () => {
    expect(refusal(assignedItem().state, close(T0 + DAY)).code).toBe('wrong_state');
  });

  it('closes on an inspector’s verification, cancels every timer but the look-back, and asks for the summary', () => {
    const { state, effects } = apply(submitted(), [close(T0 + 3 * DAY)]);
    expect(state.status).toBe('closed');
    expect(state.closures).toEqual([
      {
        closedAt: T0 + 3 * DAY,
        verifierId: PEOPLE.inspector,
        lookBackRequested: false,
        lookBack: null,
      },
    ]);
    expect(kinds(state)).toEqual(['look_back']);
    expect(ofKind(effects, 'summary_request').map((e) => e.key)).toEqual(['item-1:summary:1']);
    expect(ofKind(effects, 'notice').map((n) => n.topic)).toEqual(['closed']);
  });

  it('wants a reason to send back, and sends back to rectify again', () => {
    const r = refusal(submitted(), {
      ...sendBack(T0 + 3 * DAY, 'other'),
      reason: 'meh',
    } as ItemEvent);
    expect(r.violations[0].rule).toBe('reason_required');
    const { state, effects } = apply(submitted(), [sendBack(T0 + 3 * DAY, 'other')]);
    expect(state.status).toBe('sent_back');
    expect(state.sendBacks).toEqual([{ at: T0 + 3 * DAY, by: PEOPLE.inspector, reason: 'other' }]);
    // "Other" is no escalation trigger.
    expect(ofKind(effects, 'warning')).toEqual([]);
    expect(ofKind(effects, 'rung')).toEqual([]);
    const again = apply(state, [progress(T0 + 4 * DAY), submit(T0 + 5 * DAY), close(T0 + 6 * DAY)]);
    expect(again.state.status).toBe('closed');
  });

  it('takes a send-back for poor quality (整改不力、质量不高) as a yellow warning: named in the bulletin', () => {
    const { state, effects } = apply(submitted(), [sendBack(T0 + 3 * DAY, 'poor_quality')]);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason])).toEqual([
      ['yellow', 'poor_quality'],
    ]);
    expect(ofKind(effects, 'rung').map((r) => [r.rung, r.reason])).toEqual([
      ['bulletin', 'poor_quality'],
    ]);
    expect(state.escalation).toMatchObject({ level: 'yellow', yellowWarnings: 1 });
  });

  it('takes a false report (瞒报虚报) as red, with at least a supervision order', () => {
    const { state, effects } = apply(submitted(), [sendBack(T0 + 3 * DAY, 'false_report')]);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason])).toEqual([
      ['red', 'false_report'],
    ]);
    expect(ofKind(effects, 'rung').map((r) => r.rung)).toEqual(['supervision_order']);
    expect(state.escalation.level).toBe('red');
    // A second false report climbs one rung further.
    const twice = apply(state, [submit(T0 + 4 * DAY), sendBack(T0 + 5 * DAY, 'false_report')]);
    expect(ofKind(twice.effects, 'rung').map((r) => r.rung)).toEqual(['admonishment_talk']);
  });

  it('clears the card on closure and keeps the warnings on record', () => {
    const { state } = apply(submitted(), [
      sendBack(T0 + 3 * DAY, 'poor_quality'),
      submit(T0 + 4 * DAY),
      close(T0 + 5 * DAY),
    ]);
    expect(state.escalation.level).toBe('green');
    expect(state.escalation.warnings).toHaveLength(1);
    expect(itemFacts(state, T0 + 5 * DAY)).toMatchObject({ rung: 'bulletin', escalated: true });
  });

  describe('who closes is the plan’s (review.closedBy)', () => {
    const TASK_FORCE = 'p-task-force';
    const asTaskForce = (e: ItemEvent): ItemEvent =>
      ({ ...e, by: TASK_FORCE, as: 'task_force' }) as ItemEvent;
    const inPlan = (closedBy: 'inspectors' | 'task_force' | 'task_force_then_inspectors') => {
      const c = { ...ctx, closedBy };
      const s = apply(assignedItem({}, { c }).state, [submit(T0 + 2 * DAY)], c).state;
      return { c, s };
    };

    it('the inspectors alone by default: the task force has no say', () => {
      const { c, s } = inPlan('inspectors');
      expect(refusal(s, asTaskForce(close(T0 + 3 * DAY)), c).violations[0].rule).toBe(
        'closed_by_inspectors',
      );
      expect(apply(s, [close(T0 + 3 * DAY)], c).state.status).toBe('closed');
    });

    it('the task force (整改专班, seed 003) alone: it closes, the inspectors may not', () => {
      const { c, s } = inPlan('task_force');
      expect(refusal(s, close(T0 + 3 * DAY), c).violations[0].rule).toBe('closed_by_task_force');
      const closed = apply(s, [asTaskForce(close(T0 + 3 * DAY))], c).state;
      expect([closed.status, closed.closures[0].verifierId]).toEqual(['closed', TASK_FORCE]);
    });

    it('both in turn: the task force checks first (初审), then an inspector closes', () => {
      const { c, s } = inPlan('task_force_then_inspectors');
      expect(refusal(s, close(T0 + 3 * DAY), c).code).toBe('wrong_state');
      const checked = apply(s, [asTaskForce(close(T0 + 3 * DAY))], c);
      expect(checked.state.status).toBe('submitted');
      expect(checked.state.submission!.checked).toEqual({ by: TASK_FORCE, at: T0 + 3 * DAY });
      // The inspectors are told it awaits them.
      expect(ofKind(checked.effects, 'notice').map((n) => [n.topic, n.recipients])).toEqual([
        ['submitted', [{ role: 'inspector' }]],
      ]);
      expect(refusal(checked.state, asTaskForce(close(T0 + 4 * DAY)), c).code).toBe('wrong_state');
      const closed = apply(checked.state, [close(T0 + 4 * DAY)], c).state;
      expect([closed.status, closed.closures[0].verifierId]).toEqual(['closed', PEOPLE.inspector]);
      // The task force may send it back at its check; the next submission is checked afresh.
      const back = apply(s, [asTaskForce(sendBack(T0 + 3 * DAY, 'poor_quality'))], c).state;
      expect(back.status).toBe('sent_back');
      const again = apply(back, [submit(T0 + 4 * DAY)], c).state;
      expect(again.submission!.checked).toBeUndefined();
    });
  });
});

describe('the escalation ladder after the deadline', () => {
  it('reminds 7 days and 1 day before, warns red when overdue, then climbs rung by rung, each once', () => {
    // Deadline before the first window is judged: the deadline ladder alone.
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const { effects, state: end } = runTimers(state, at('2027-01-01 00:00'));
    const spread = state.spreadMs;
    const noSpread = (t: number) => show(t - spread);
    expect(ofKind(effects, 'reminder').map((r) => [r.offset, noSpread(r.at)])).toEqual([
      ['P7D', '2026-03-24 23:59'],
      ['P1D', '2026-03-30 23:59'],
    ]);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason, noSpread(w.at)])).toEqual([
      ['red', 'overdue', '2026-04-01 00:00'],
    ]);
    expect(ofKind(effects, 'rung').map((r) => [r.rung, noSpread(r.at)])).toEqual([
      ['bulletin', '2026-04-01 23:59'],
      ['supervision_order', '2026-04-08 09:00'],
      ['admonishment_talk', '2026-04-22 09:00'],
      // Ten working days, over the 1–5 May break.
      ['stationed_supervision', '2026-05-11 09:00'],
      ['accountability', '2026-06-01 09:00'],
    ]);
    expect(timers(end)).toEqual([]);
    // About two months from the deadline to accountability.
    expect(Math.round((end.escalation.rungs.at(-1)!.at - state.deadline!) / DAY)).toBe(61);
  });

  it('sends each rung to the people D5 names, the supervising leader included', () => {
    const { state } = assignedItem({ supervisingLeaderId: PEOPLE.supervisor });
    const rungEffects = ofKind(runTimers(state, at('2027-01-01 00:00')).effects, 'rung');
    const roles = Object.fromEntries(
      rungEffects.map((r) => [
        r.rung,
        r.recipients.map((x) => ('levelsUp' in x ? `${x.role}+${x.levelsUp}` : x.role)),
      ]),
    );
    expect(roles.admonishment_talk).toEqual(
      expect.arrayContaining(['first_responsible+0', 'inspector', 'supervising_leader']),
    );
    expect(roles.accountability).toEqual([
      'responsible_person',
      'responsible_leader',
      'first_responsible+0',
      'first_responsible+1',
      'area_leader+1',
      'first_responsible+2',
      'area_leader+2',
      'inspector',
      'inspector_leader',
      'supervising_leader',
    ]);
    for (const r of rungEffects)
      expect(r.recipients).toContainEqual({ role: 'supervising_leader' });
    const accountability = rungEffects.find((r) => r.rung === 'accountability')!;
    expect(accountability.accountable).toEqual([{ role: 'responsible_person' }]);
  });

  it('dates the supervision order’s new deadline: when the talk follows if nothing changes', () => {
    const { state } = assignedItem();
    const rungEffects = ofKind(runTimers(state, at('2027-01-01 00:00')).effects, 'rung');
    const order = rungEffects.find((r) => r.rung === 'supervision_order')!;
    const talk = rungEffects.find((r) => r.rung === 'admonishment_talk')!;
    expect(order.respondBy! + state.spreadMs).toBe(talk.at);
    expect(rungEffects.find((r) => r.rung === 'accountability')!.respondBy).toBeUndefined();
  });

  it('keeps climbing while the person reports progress: progress stops only the stall track', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const after = apply(state, [progress(at('2026-04-03 10:00'))]).state;
    expect(runTimers(after, at('2026-07-01 00:00')).state.escalation.rungs).toHaveLength(5);
  });

  it('never fires a rung after closure, and a closed item fires nothing but its look-back', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const mid = runTimers(state, at('2026-04-10 00:00')).state;
    expect(rungs(mid)).toEqual(['bulletin', 'supervision_order']);
    const closed = apply(mid, [
      submit(at('2026-04-10 10:00')),
      close(at('2026-04-11 10:00')),
    ]).state;
    const later = runTimers(closed, at('2026-08-01 00:00'));
    expect(later.fired.map((t) => t.kind)).toEqual(['look_back']);
    expect(ofKind(later.effects, 'rung')).toEqual([]);
  });

  it('resumes after a send-back past the deadline: overdue at once, the next rung a full wait later', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const submitted = apply(state, [submit(at('2026-03-30 10:00'))]).state;
    const sentBackAt = at('2026-04-15 10:00');
    const { state: back, effects } = apply(submitted, [sendBack(sentBackAt, 'other')]);
    expect(ofKind(effects, 'warning').map((w) => [w.reason, w.at])).toEqual([
      ['overdue', sentBackAt],
    ]);
    const next = timers(back).find((t) => t.kind === 'rung')!;
    // The bulletin (1 day) counts from the send-back, not from the deadline long past.
    expect(next).toMatchObject({ rung: 'bulletin', at: sentBackAt + DAY + back.spreadMs });
  });
});

describe('the stall track: a missed review window (纸面整改)', () => {
  const longDeadline = { deadline: '2026-09-30' };

  it('judges each window a stall grace after it ends, and warns yellow when nothing was reported', () => {
    const { state } = assignedItem(longDeadline);
    const first = timers(state)[0];
    // Window: 2 March 11:00 + P1M = 2 April; plus three working days → 7 April, 09:00 + spread.
    expect(first).toMatchObject({ kind: 'window_check', window: 1 });
    expect(show(first.at - state.spreadMs)).toBe('2026-04-07 09:00');
    const { effects } = runTimers(state, first.at);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason, w.yellowWarnings])).toEqual([
      ['yellow', 'stalled', 1],
    ]);
    expect(ofKind(effects, 'rung').map((r) => [r.rung, r.reason])).toEqual([
      ['bulletin', 'stalled'],
    ]);
  });

  it('brings the supervision order with the second yellow warning (counting rule)', () => {
    const { state } = assignedItem(longDeadline);
    const { state: s, effects } = runTimers(state, at('2026-05-20 00:00'));
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason])).toEqual([
      ['yellow', 'stalled'],
      ['yellow', 'stalled'],
      ['red', 'stalled'],
    ]);
    expect(rungs(s)).toEqual(['bulletin', 'supervision_order']);
    expect(s.escalation.level).toBe('red');
  });

  it('honours a policy counting three yellow warnings to the supervision order', () => {
    const c = context({ ...TIMER_LADDER, yellowWarningsForSupervisionOrder: 3 });
    const { state } = assignedItem(longDeadline, { c });
    const two = runTimers(state, at('2026-05-20 00:00'), c).state;
    expect(rungs(two)).toEqual(['bulletin']);
    const three = runTimers(two, at('2026-06-20 00:00'), c).state;
    expect(rungs(three)).toEqual(['bulletin', 'supervision_order']);
  });

  it('counts a poor-quality send-back and a missed window alike', () => {
    const { state } = assignedItem(longDeadline);
    const s = apply(state, [
      submit(at('2026-03-10 10:00')),
      sendBack(at('2026-03-11 10:00'), 'poor_quality'),
    ]).state;
    // The send-back restarted the window: a full month from 11 March (to Saturday 11 April),
    // then three working days.
    const check = timers(s).find((t) => t.kind === 'window_check')!;
    expect(show(check.at - s.spreadMs)).toBe('2026-04-15 09:00');
    const after = runTimers(s, check.at).state;
    expect(after.escalation.yellowWarnings).toBe(2);
    expect(rungs(after)).toEqual(['bulletin', 'supervision_order']);
  });

  it('is stopped by progress: a window with a report passes without a word', () => {
    const { state } = assignedItem(longDeadline);
    const s = apply(state, [progress(at('2026-03-20 10:00'))]).state;
    const { effects, fired } = runTimers(s, at('2026-04-08 00:00'));
    expect(fired.map((t) => t.kind)).toEqual(['window_check']);
    expect(effects).toEqual([]);
  });

  it('lets a report in the grace period rescue the window just ended, but not the next', () => {
    const { state } = assignedItem(longDeadline);
    // 2 April ended window 1; reported on 6 April, inside the grace.
    const s = apply(state, [progress(at('2026-04-06 10:00'))]).state;
    const w1 = runTimers(s, at('2026-04-08 00:00'));
    expect(ofKind(w1.effects, 'warning')).toEqual([]);
    // Window 2 (to 2 May, in the break; judged three working days later) wants its own report.
    const w2 = runTimers(w1.state, at('2026-05-12 00:00'));
    expect(ofKind(w2.effects, 'warning').map((w) => show(w.at - s.spreadMs))).toEqual([
      '2026-05-08 09:00',
    ]);
  });

  it('hands over to the deadline ladder: no window is judged once the deadline has passed', () => {
    const { state } = assignedItem({ deadline: '2026-04-20' });
    const { fired } = runTimers(state, at('2026-08-01 00:00'));
    const checks = fired.filter((t) => t.kind === 'window_check');
    expect(checks.map((t) => show(t.at - state.spreadMs))).toEqual(['2026-04-07 09:00']);
    expect(checks.every((t) => t.at < state.deadline!)).toBe(true);
  });

  it('climbs one rung per further missed window, so endless paper rectification ends in accountability', () => {
    const { state } = assignedItem({ deadline: '2027-03-31' });
    const { state: s } = runTimers(state, at('2026-08-20 00:00'));
    expect(rungs(s)).toEqual([
      'bulletin',
      'supervision_order',
      'admonishment_talk',
      'stationed_supervision',
      'accountability',
    ]);
    expect(s.escalation.yellowWarnings).toBe(5);
  });
});

describe('extensions', () => {
  const base = () => assignedItem({ deadline: '2026-03-31' }).state;

  it('arms the decision deadline and escalates an unanswered request to the inspector’s own leader, once', () => {
    const s = apply(base(), [requestExtension(at('2026-03-20 10:00'), '2026-04-30')]).state;
    const due = timers(s).find((t) => t.kind === 'extension_due')!;
    // Five working days from Friday 20 March: Friday 27 March, 09:00.
    expect(show(due.at - s.spreadMs)).toBe('2026-03-27 09:00');
    const { effects, state: later } = runTimers(s, at('2026-03-29 00:00'));
    const unanswered = ofKind(effects, 'extension_unanswered');
    expect(unanswered.map((u) => u.recipients)).toEqual([
      [{ role: 'inspector_leader' }, { role: 'inspector' }],
    ]);
    expect(later.pendingExtension).toMatchObject({ extensionId: 'x1', escalated: true });
    expect(timers(later).some((t) => t.kind === 'extension_due')).toBe(false);
  });

  it('re-arms exactly this item’s timers on approval, keeping the original deadline and the delay', () => {
    const s = apply(base(), [
      requestExtension(at('2026-03-20 10:00'), '2026-04-30'),
      decide(at('2026-03-23 10:00'), 'approve'),
    ]).state;
    expect(show(s.originalDeadline!)).toBe('2026-03-31 23:59');
    expect(show(s.deadline!)).toBe('2026-04-30 23:59');
    expect(s.cumulativeDelayMs).toBe(30 * DAY);
    expect(s.extensions.map((e) => [e.extensionId, e.decision])).toEqual([['x1', 'approved']]);
    const armed = timers(s).filter((t) => t.kind === 'reminder' || t.kind === 'overdue');
    expect(armed.map((t) => [t.kind, show(t.at - s.spreadMs)])).toEqual([
      ['reminder', '2026-04-23 23:59'],
      ['reminder', '2026-04-29 23:59'],
      ['overdue', '2026-05-01 00:00'],
    ]);
    // The reminders of the old deadline are gone: none fires before 23 April.
    const { fired } = runTimers(s, at('2026-04-22 00:00'));
    expect(fired.filter((t) => t.kind === 'reminder')).toEqual([]);
  });

  it('restarts the ladder from the next rung not yet fired, a full wait after the new deadline', () => {
    // Overdue and named in the bulletin, then an extension (asked in time) is approved late.
    const s0 = apply(base(), [requestExtension(at('2026-03-30 10:00'), '2026-04-30')]).state;
    const overdue = runTimers(s0, at('2026-04-03 00:00')).state;
    expect(rungs(overdue)).toEqual(['bulletin']);
    const s = apply(overdue, [decide(at('2026-04-03 10:00'), 'approve')]).state;
    const next = timers(s).find((t) => t.kind === 'rung')!;
    // Supervision order: five working days after 30 April, over the break → 12 May, 09:00.
    expect(next.rung).toBe('supervision_order');
    expect(show(next.at - s.spreadMs)).toBe('2026-05-12 09:00');
    const { state: end } = runTimers(s, at('2026-09-01 00:00'));
    expect(rungs(end)).toEqual([
      'bulletin',
      'supervision_order',
      'admonishment_talk',
      'stationed_supervision',
      'accountability',
    ]);
    // Overdue twice, once per deadline.
    expect(end.escalation.warnings.filter((w) => w.reason === 'overdue')).toHaveLength(2);
  });

  it('lets the inspector grant another day than the one asked for', () => {
    const s = apply(base(), [
      requestExtension(at('2026-03-20 10:00'), '2026-04-30'),
      decide(at('2026-03-23 10:00'), 'approve', { deadline: '2026-04-15' }),
    ]).state;
    expect(show(s.deadline!)).toBe('2026-04-15 23:59');
    expect(s.cumulativeDelayMs).toBe(15 * DAY);
  });

  it('keeps the deadline on a refusal, with the refusal on record', () => {
    const s = apply(base(), [
      requestExtension(at('2026-03-20 10:00'), '2026-04-30'),
      decide(at('2026-03-23 10:00'), 'refuse'),
    ]).state;
    expect(s.deadline).toBe(s.originalDeadline);
    expect(s.pendingExtension).toBeNull();
    expect(s.extensions.map((e) => e.decision)).toEqual(['refused']);
  });

  it('refuses requests that break a rule', () => {
    const s = base();
    const rule = (e: ItemEvent, st: ItemState = s) => refusal(st, e).violations.map((v) => v.rule);
    expect(rule(requestExtension(at('2026-04-01 10:00'), '2026-04-30'))).toEqual([
      'extension_too_late',
    ]);
    expect(rule(requestExtension(at('2026-03-20 10:00'), '2026-03-31'))).toEqual([
      'extension_not_later',
    ]);
    expect(
      rule({ ...requestExtension(at('2026-03-20 10:00'), '2026-04-30'), reason: ' ' } as ItemEvent),
    ).toEqual(['reason_required']);
    expect(rule(requestExtension(at('2026-03-20 10:00'), '2026-04-31'))).toEqual(['invalid_date']);
    const pending = apply(s, [requestExtension(at('2026-03-20 10:00'), '2026-04-30')]).state;
    expect(
      refusal(pending, requestExtension(at('2026-03-21 10:00'), '2026-05-30', 'x2')).code,
    ).toBe('wrong_state');
    expect(rule(decide(at('2026-03-23 10:00'), 'approve', { by: PEOPLE.leader }), pending)).toEqual(
      ['conflict_of_interest'],
    );
    expect(
      rule(decide(at('2026-03-23 10:00'), 'approve', { deadline: '2026-03-30' }), pending),
    ).toEqual(['deadline_not_later']);
    expect(
      refusal(pending, decide(at('2026-03-23 10:00'), 'approve', { extensionId: 'x9' })).code,
    ).toBe('wrong_state');
  });

  it('withdraws a pending request when the item is submitted', () => {
    const s = apply(base(), [
      requestExtension(at('2026-03-20 10:00'), '2026-04-30'),
      submit(at('2026-03-21 10:00')),
    ]).state;
    expect(s.pendingExtension).toBeNull();
    expect(s.extensions.map((e) => e.decision)).toEqual(['withdrawn']);
    expect(refusal(s, decide(at('2026-03-23 10:00'), 'approve')).code).toBe('wrong_state');
  });
});

describe('look-back (回头看), rebounds and repeat offences', () => {
  const closedItem = () =>
    apply(assignedItem().state, [submit(at('2026-03-20 10:00')), close(at('2026-03-23 10:00'))])
      .state;

  it('asks an inspector other than the verifier to re-check after the policy’s interval', () => {
    const s = closedItem();
    const { effects } = runTimers(s, at('2026-07-01 00:00'));
    const [request] = ofKind(effects, 'look_back_request');
    expect(show(request.at - s.spreadMs)).toBe('2026-06-23 10:00');
    expect(request.excludePersonIds.sort()).toEqual(
      [PEOPLE.inspector, PEOPLE.concerned, PEOPLE.leader, PEOPLE.person].sort(),
    );
  });

  it('refuses a look-back by the verifier or by someone responsible', () => {
    const s = closedItem();
    expect(
      refusal(s, lookBack(at('2026-06-24 10:00'), 'confirmed', { by: PEOPLE.inspector }))
        .violations[0].rule,
    ).toBe('look_back_by_verifier');
    expect(
      refusal(s, lookBack(at('2026-06-24 10:00'), 'confirmed', { by: PEOPLE.person })).violations[0]
        .rule,
    ).toBe('conflict_of_interest');
    expect(refusal(assignedItem().state, lookBack(T0 + DAY, 'confirmed')).code).toBe('wrong_state');
  });

  it('confirms a fix that held: nothing left to arm', () => {
    const s = apply(closedItem(), [lookBack(at('2026-06-24 10:00'), 'confirmed')]).state;
    expect(s.status).toBe('confirmed');
    expect(timers(s)).toEqual([]);
  });

  it('reopens a rebound with its history, as a repeat offence that holds the leader accountable too', () => {
    const { state: s, effects } = apply(closedItem(), [
      lookBack(at('2026-06-24 10:00'), 'rebound', { newDeadline: '2026-07-31' }),
    ]);
    expect(s.status).toBe('reopened');
    expect(show(s.originalDeadline!)).toBe('2026-03-31 23:59');
    expect(show(s.deadline!)).toBe('2026-07-31 23:59');
    expect(s.closures).toHaveLength(1);
    expect(s.escalation.repeatOffences).toBe(1);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason])).toEqual([
      ['red', 'repeat_offence'],
    ]);
    const [accountability] = ofKind(effects, 'rung');
    expect(accountability).toMatchObject({ rung: 'accountability', reason: 'repeat_offence' });
    expect(accountability.accountable).toEqual([
      { role: 'responsible_person' },
      { role: 'responsible_leader' },
    ]);
    expect(ofKind(effects, 'notice').map((n) => n.topic)).toEqual(['reopened']);
    // It is rectified and closed again like any item; its second closure gets a second look-back.
    const again = apply(s, [submit(at('2026-07-10 10:00')), close(at('2026-07-11 10:00'))]).state;
    expect(timers(again).map((t) => t.key)).toEqual(['item-1:look_back:2']);
  });

  it('lets the supervision group spot-check a closed item: upheld, or reopened as not really rectified (a warning, not a repeat offence)', () => {
    const spot = (t: number, outcome: 'upheld' | 'reopened', p: object = {}): ItemEvent => ({
      type: 'spot_checked',
      at: t,
      by: PEOPLE.supervisor.replace('supervising', 'group'),
      recordId: `spot-${t}`,
      outcome,
      ...p,
    });
    const upheld = apply(closedItem(), [spot(at('2026-05-10 10:00'), 'upheld')]).state;
    expect(upheld.status).toBe('closed');
    // Its look-back is still due.
    expect(timers(upheld).map((t) => t.kind)).toEqual(['look_back']);
    const { state: s, effects } = apply(closedItem(), [
      spot(at('2026-05-10 10:00'), 'reopened', { newDeadline: '2026-06-30' }),
    ]);
    expect([s.status, show(s.deadline!), s.escalation.repeatOffences]).toEqual([
      'reopened',
      '2026-06-30 23:59',
      0,
    ]);
    expect(ofKind(effects, 'warning').map((w) => [w.level, w.reason])).toEqual([
      ['yellow', 'poor_quality'],
    ]);
    expect(ofKind(effects, 'notice').map((n) => n.topic)).toEqual(['reopened']);
    // Not by the verifier, nor by anyone the item names; a reopening needs its day.
    expect(
      refusal(closedItem(), {
        ...(spot(at('2026-05-10 10:00'), 'upheld') as Extract<ItemEvent, { type: 'spot_checked' }>),
        by: PEOPLE.inspector,
      }).violations[0].rule,
    ).toBe('spot_check_by_verifier');
    expect(refusal(closedItem(), spot(at('2026-05-10 10:00'), 'reopened')).violations[0].rule).toBe(
      'invalid_date',
    );
    expect(applyItemEvent(upheld, spot(at('2026-05-11 10:00'), 'upheld'), ctx).ok).toBe(true);
    expect(applyItemEvent(s, spot(at('2026-05-11 10:00'), 'upheld'), ctx)).toMatchObject({
      ok: false,
      code: 'wrong_state',
    });
  });

  it('wants a future deadline for a reopened item', () => {
    expect(
      refusal(closedItem(), lookBack(at('2026-06-24 10:00'), 'rebound')).violations[0].rule,
    ).toBe('invalid_date');
    expect(
      refusal(
        closedItem(),
        lookBack(at('2026-06-24 10:00'), 'rebound', { newDeadline: '2026-06-01' }),
      ).violations[0].rule,
    ).toBe('deadline_passed');
  });

  it('holds only the person accountable when the policy does not reach the leader', () => {
    const c = context({ ...TIMER_LADDER, repeatOffenceHoldsLeader: false });
    const s = assignedItem({}, { c }).state;
    const { effects } = apply(
      s,
      [{ type: 'offence_repeated', at: T0 + DAY, by: PEOPLE.inspector, recordId: 'o1' }],
      c,
    );
    expect(ofKind(effects, 'rung').map((r) => r.accountable)).toEqual([
      [{ role: 'responsible_person' }],
    ]);
  });

  it('takes a repeat offence found while rectifying (边改边犯) to accountability at once', () => {
    const { state, effects } = apply(assignedItem().state, [
      { type: 'offence_repeated', at: T0 + DAY, by: PEOPLE.inspector, recordId: 'o1' },
    ]);
    expect(rungs(state)).toEqual(['accountability']);
    expect(ofKind(effects, 'rung')[0].accountable).toHaveLength(2);
    // Nothing is left to climb; the ladder never fires a rung twice.
    const later = runTimers(state, at('2026-08-01 00:00'));
    expect(ofKind(later.effects, 'rung')).toEqual([]);
  });
});

describe('case summary (一案一总结)', () => {
  const closedItem = () =>
    apply(assignedItem().state, [submit(at('2026-03-20 10:00')), close(at('2026-03-23 10:00'))])
      .state;

  it('turns a loophole tag into a rule-making task, once per closure', () => {
    const { state, effects } = apply(closedItem(), [
      {
        type: 'summary_recorded',
        at: at('2026-03-25 10:00'),
        by: PEOPLE.office,
        summaryId: 'sum-1',
        loopholeTag: '  审批流程  ',
      },
    ]);
    expect(ofKind(effects, 'rule_making_task')).toEqual([
      {
        kind: 'rule_making_task',
        key: 'item-1:rule_making:1',
        at: at('2026-03-25 10:00'),
        summaryId: 'sum-1',
        loopholeTag: '审批流程',
      },
    ]);
    const again = refusal(state, {
      type: 'summary_recorded',
      at: at('2026-03-26 10:00'),
      by: PEOPLE.office,
      summaryId: 'sum-2',
    });
    expect(again.code).toBe('wrong_state');
  });

  it('records a summary without a loophole and no task', () => {
    const { effects } = apply(closedItem(), [
      { type: 'summary_recorded', at: at('2026-03-25 10:00'), by: PEOPLE.office, summaryId: 's' },
    ]);
    expect(ofKind(effects, 'rule_making_task')).toEqual([]);
    expect(
      refusal(assignedItem().state, {
        type: 'summary_recorded',
        at: T0 + DAY,
        by: PEOPLE.office,
        summaryId: 's',
      }).code,
    ).toBe('wrong_state');
  });
});

describe('long-term items (长期坚持)', () => {
  const longTerm = () => assignedItem({ mode: 'long_term', deadline: '2026-04-30' }).state;

  it('are never overdue: no reminders, no overdue warning, no deadline ladder', () => {
    const s = longTerm();
    const { fired, state: end } = runTimers(
      apply(s, [progress(at('2026-03-20 10:00'))]).state,
      at('2026-06-01 00:00'),
    );
    expect(fired.some((t) => ['reminder', 'overdue', 'rung'].includes(t.kind))).toBe(false);
    expect(itemFacts(end, at('2026-06-01 00:00')).overdue).toBe(false);
  });

  it('are reviewed on their cadence from the deadline, by an inspector not responsible for them', () => {
    const s = longTerm();
    const { effects } = runTimers(s, at('2026-07-02 00:00'));
    const requests = ofKind(effects, 'review_request');
    expect(requests.map((r) => [r.index, dayOf(r.at - s.spreadMs)])).toEqual([
      [0, '2026-04-30'],
      [1, '2026-05-30'],
      [2, '2026-06-30'],
    ]);
    expect(requests[0].excludePersonIds).toContain(PEOPLE.person);
  });

  it('escalate by the stall track, also after the deadline, and by an off-track review', () => {
    const s = longTerm();
    const { state: s2, effects } = runTimers(s, at('2026-06-20 00:00'));
    expect(ofKind(effects, 'warning').filter((w) => w.level === 'yellow')).toHaveLength(3);
    expect(rungs(s2)).toEqual(['bulletin', 'supervision_order', 'admonishment_talk']);
    const off = apply(s2, [
      {
        type: 'periodic_review_done',
        at: at('2026-06-21 10:00'),
        by: PEOPLE.inspector,
        outcome: 'off_track',
      },
    ]);
    expect(ofKind(off.effects, 'warning').map((w) => w.reason)).toEqual(['poor_quality']);
    expect(rungs(off.state).at(-1)).toBe('stationed_supervision');
  });

  it('close only through an inspector’s verification', () => {
    const s = apply(longTerm(), [
      submit(at('2026-06-01 10:00')),
      close(at('2026-06-02 10:00')),
    ]).state;
    expect(s.status).toBe('closed');
    expect(
      refusal(assignedItem().state, {
        type: 'periodic_review_done',
        at: T0 + DAY,
        by: PEOPLE.inspector,
        outcome: 'on_track',
      }).code,
    ).toBe('wrong_state');
  });
});

describe('supervision (挂牌督办) and talks', () => {
  it('flags an open item for supervision with its supervising leader', () => {
    const { state, effects } = apply(assignedItem().state, [
      {
        type: 'supervision_flagged',
        at: T0 + DAY,
        by: PEOPLE.office,
        supervisingLeaderId: PEOPLE.supervisor,
      },
    ]);
    expect(state.supervisingLeaderId).toBe(PEOPLE.supervisor);
    expect(ofKind(effects, 'notice')[0].recipients).toContainEqual({ role: 'supervising_leader' });
    expect(itemFacts(state, T0 + DAY).supervised).toBe(true);
  });

  it('records an admonishment talk only once the talk is due', () => {
    const talk: ItemEvent = {
      type: 'talk_recorded',
      at: at('2026-04-23 10:00'),
      by: PEOPLE.inspector,
      recordId: 't1',
    };
    const s = assignedItem().state;
    // Before the talk's rung (22 April) there is no talk to record.
    expect(refusal(s, { ...talk, at: at('2026-04-21 10:00') }).code).toBe('wrong_state');
    const due = runTimers(s, at('2026-04-23 00:00')).state;
    expect(apply(due, [talk]).state.talks).toBe(1);
  });
});

describe('time, keys and idempotency', () => {
  it('fires every timer due before an event first, in order, when the workflow was away', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const late = at('2026-04-10 10:00');
    const { state: s, effects } = apply(state, [progress(late)]);
    const kindsFired = effects
      .filter((e) => e.kind !== 'record' && e.kind !== 'notice')
      .map((e) => e.kind);
    expect(kindsFired).toEqual(['reminder', 'reminder', 'warning', 'rung', 'rung']);
    const ats = effects.map((e) => e.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(s.clock).toBe(late);
  });

  it('gives the same effects whether time passes in one step or timer by timer', () => {
    const { state } = assignedItem({ deadline: '2026-04-15' });
    const to = at('2026-08-01 00:00');
    const stepwise = runTimers(state, to);
    const leap = wait(state, to);
    expect(leap.effects).toEqual(stepwise.effects);
    expect({ ...leap.state, clock: 0 }).toEqual({ ...stepwise.state, clock: 0 });
  });

  it('fires nothing for a timer no longer pending, or fired already', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const first = timers(state)[0];
    const once = applyItemEvent(state, { type: 'timer_fired', key: first.key, at: first.at }, ctx);
    if (!once.ok) throw new Error('refused');
    const twice = applyItemEvent(
      once.state,
      { type: 'timer_fired', key: first.key, at: first.at },
      ctx,
    );
    expect(twice).toEqual({ ok: true, state: once.state, effects: [] });
  });

  it('never lets time run backwards: an event stamped before the clock happens at the clock', () => {
    const { state } = assignedItem();
    const s = apply(state, [progress(T0 - DAY)]).state;
    expect(s.progress.lastAt).toBe(state.clock);
  });

  it('gives every effect a unique, deterministic key', () => {
    const run = () => {
      const s = apply(assignedItem({ deadline: '2026-05-29' }).state, [
        progress(at('2026-03-20 10:00')),
        requestExtension(at('2026-05-20 10:00'), '2026-06-30'),
      ]).state;
      return runTimers(s, at('2026-12-31 00:00')).effects.map((e) => e.key);
    };
    const keys = run();
    expect(new Set(keys).size).toBe(keys.length);
    expect(run()).toEqual(keys);
  });

  it('never changes the state it is given, and its state survives JSON (continue-as-new)', () => {
    const { state } = assignedItem();
    const frozen = JSON.stringify(state);
    const r = wait(state, at('2026-06-01 00:00'));
    expect(JSON.stringify(state)).toBe(frozen);
    expect(JSON.parse(JSON.stringify(r.state))).toEqual(r.state);
  });

  it('keeps a year of an untouched item to a few dozen timers (a small workflow history)', () => {
    const { state } = assignedItem({ deadline: '2026-12-31' });
    const { fired } = runTimers(state, at('2027-03-01 00:00'));
    expect(fired.length).toBeLessThan(40);
  });

  it('reports what the read model shows', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const s = runTimers(state, at('2026-04-09 00:00')).state;
    expect(itemFacts(s, at('2026-04-09 00:00'))).toMatchObject({
      status: 'assigned',
      warningLevel: 'red',
      rung: 'supervision_order',
      escalated: true,
      overdue: true,
      supervised: false,
      yellowWarnings: 0,
    });
    expect(itemFacts(s, at('2026-04-09 00:00')).originalDeadline).toBe(state.deadline);
    expect(HOUR).toBe(3_600_000);
  });
});

describe('a campaign pause (time_shifted)', () => {
  const shifted = (s: ItemState, pausedAt: number, pausedMs: number, t = pausedAt + pausedMs) =>
    apply(s, [{ type: 'time_shifted', at: t, pausedAt, pausedMs }]);

  it('moves every timer still ahead, and the deadline, by the pause; fires nothing meanwhile', () => {
    const { state } = assignedItem();
    const before = timers(state);
    const pause = 20 * DAY;
    const { state: after, effects } = shifted(state, T0 + DAY, pause);
    // Only the record of the shift: the reminders that fell in the pause did not fire.
    expect(effects.map((e) => e.kind)).toEqual(['record']);
    expect(after.deadline).toBe(state.deadline! + pause);
    expect(after.originalDeadline).toBe(state.originalDeadline);
    const moved = timers(after);
    expect(moved.map((t) => t.kind)).toEqual(before.map((t) => t.kind));
    moved.forEach((t, i) => expect(t.at - before[i].at).toBe(pause));
  });

  it('fires first what fell due before the pause, and moves the ladder of an overdue item', () => {
    const { state } = assignedItem();
    const deadline = state.deadline!;
    // Overdue: red at the deadline; the next rung (the bulletin) waits a day from it.
    const overdue = runTimers(state, deadline + HOUR * 2).state;
    const rung = timers(overdue).find((t) => t.kind === 'rung')!;
    const pause = 10 * DAY;
    const { state: after, effects } = shifted(overdue, deadline + 3 * HOUR, pause);
    expect(effects.filter((e) => e.kind === 'rung')).toEqual([]);
    // The deadline passed before the pause: it stays; the rung's wait moves by the pause.
    expect(after.deadline).toBe(deadline);
    const moved = timers(after).find((t) => t.kind === 'rung')!;
    expect(moved.rung).toBe(rung.rung);
    expect(moved.at - rung.at).toBeGreaterThanOrEqual(pause);
    expect(moved.at - rung.at).toBeLessThan(pause + 3 * DAY); // working days may round it
  });

  it('shifts in parts as in one piece (a command during the pause realises it so far)', () => {
    const { state } = assignedItem();
    const from = T0 + DAY;
    const whole = shifted(state, from, 12 * DAY).state;
    const parts = shifted(shifted(state, from, 5 * DAY).state, from + 5 * DAY, 7 * DAY).state;
    expect(timers(parts).map((t) => [t.key, t.at])).toEqual(
      timers(whole).map((t) => [t.key, t.at]),
    );
    expect(parts.deadline).toBe(whole.deadline);
  });
});
