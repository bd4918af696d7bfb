import { describe, expect, it } from '@jest/globals';

import { SEED_LADDER_DECISIONS } from './decisions.js';
import { DEFAULT_ESCALATION_POLICY, ladderSchedule } from './escalation.js';
import { applyItemEvent, checkEscalationPolicy, forecastItemLadder } from './index.js';
import type { ItemEvent, ItemState } from './item-state.js';
import {
  apply,
  assignedItem,
  at,
  calendar,
  context,
  ofKind,
  PEOPLE,
  Refused,
  runTimers,
  show,
} from './test/item-kit.js';

/** The seeds' ladder: the 督办单, 约谈 and 派驻督导 by the 督查问效组, 问责 by inspectors and committee. */
const decided = context({ ...DEFAULT_ESCALATION_POLICY, decisions: SEED_LADDER_DECISIONS });
const DESK = 'p-supervision-group';

const take = (
  s: ItemState,
  t: number,
  decision: 'issue' | 'defer' | 'decline',
  extra: Partial<Extract<ItemEvent, { type: 'decision_taken' }>> = {},
) =>
  apply(
    s,
    [
      {
        type: 'decision_taken',
        at: t,
        by: DESK,
        decisionKey: s.escalation.decision!.key,
        decision,
        reason: '经研究决定',
        ...extra,
      },
    ],
    decided,
  );

/** The item of item.spec's ladder test (deadline 2026-03-31), left to time until `until`. */
function overdue(until: string) {
  const { state } = assignedItem({ deadline: '2026-03-31' }, { c: decided });
  return runTimers(state, at(until), decided);
}
const noSpread = (s: ItemState, t: number) => show(t - s.spreadMs);

describe('decisions on the ladder (issue 18)', () => {
  it('proposes the 督办单 to the supervision group one level up and waits: the bulletin alone fires by itself', () => {
    const { state, effects } = overdue('2026-05-31 00:00');
    expect(ofKind(effects, 'rung').map((r) => r.rung)).toEqual(['bulletin']);
    const opened = ofKind(effects, 'decision_opened');
    // Nobody decided: after three working days the desk one level higher has it, and so on.
    expect(
      opened.map((d) => [d.rung, d.role, d.levelsUp, noSpread(state, d.at), show(d.decideBy)]),
    ).toEqual([
      ['supervision_order', 'supervisor', 1, '2026-04-08 09:00', '2026-04-13 09:00'],
      ['supervision_order', 'supervisor', 2, '2026-04-13 09:00', '2026-04-16 09:00'],
      ['supervision_order', 'supervisor', 3, '2026-04-16 09:00', '2026-04-21 09:00'],
      ['supervision_order', 'supervisor', 4, '2026-04-21 09:00', '2026-04-24 09:00'],
      ['supervision_order', 'supervisor', 5, '2026-04-24 09:00', '2026-04-29 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-04-29 09:00', '2026-05-07 09:00'],
      // The top desk keeps it, a new limit each time, until someone decides.
      ['supervision_order', 'supervisor', 6, '2026-05-07 09:00', '2026-05-12 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-05-12 09:00', '2026-05-15 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-05-15 09:00', '2026-05-20 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-05-20 09:00', '2026-05-25 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-05-25 09:00', '2026-05-28 09:00'],
      ['supervision_order', 'supervisor', 6, '2026-05-28 09:00', '2026-06-02 09:00'],
    ]);
    // Each escalation closes the desk it stopped on, and each new desk names it.
    const closed = ofKind(effects, 'decision_closed');
    expect(closed.every((c) => c.status === 'escalated')).toBe(true);
    expect(closed.map((c) => c.decisionKey)).toEqual(opened.slice(0, -1).map((d) => d.key));
    expect(opened.slice(1).map((d) => d.previousKey)).toEqual(
      opened.slice(0, -1).map((d) => d.key),
    );
    expect(state.escalation.rungs.map((r) => r.rung)).toEqual(['bulletin']);
    expect(state.escalation.level).toBe('red'); // overdue: red all the same
  });

  it('issues the 督办单: the rung fires then, and the 约谈 is proposed a full wait after the decision', () => {
    const { state } = overdue('2026-04-09 12:00');
    const issued = take(state, at('2026-04-09 15:00'), 'issue', { documentNo: '督〔2026〕1号' });
    expect(ofKind(issued.effects, 'decision_closed')).toMatchObject([
      { status: 'issued', by: DESK, reason: '经研究决定', documentNo: '督〔2026〕1号' },
    ]);
    expect(ofKind(issued.effects, 'rung').map((r) => [r.rung, show(r.at)])).toEqual([
      ['supervision_order', '2026-04-09 15:00'],
    ]);
    expect(issued.state.escalation.decision).toBeNull();
    const next = runTimers(issued.state, at('2026-04-25 00:00'), decided);
    expect(
      ofKind(next.effects, 'decision_opened').map((d) => [
        d.rung,
        d.levelsUp,
        noSpread(state, d.at),
      ]),
    ).toEqual([['admonishment_talk', 1, '2026-04-23 09:00']]);
    // A step already taken cannot be taken again (409 at the edge).
    const again = applyItemEvent(
      issued.state,
      {
        type: 'decision_taken',
        at: at('2026-04-10 09:00'),
        by: DESK,
        decisionKey: state.escalation.decision!.key,
        decision: 'issue',
        reason: '再次',
      },
      decided,
    );
    expect(again).toMatchObject({ ok: false, code: 'wrong_state' });
  });

  it('a decline is never a silent end: the same proposal comes back after the rung’s wait while the item is overdue', () => {
    const { state } = overdue('2026-04-09 12:00');
    const declined = take(state, at('2026-04-09 15:00'), 'decline');
    expect(ofKind(declined.effects, 'decision_closed').map((c) => c.status)).toEqual(['declined']);
    expect(declined.state.escalation.rungs.map((r) => r.rung)).toEqual(['bulletin']);
    const back = runTimers(declined.state, at('2026-04-17 12:00'), decided);
    expect(
      ofKind(back.effects, 'decision_opened').map((d) => [
        d.rung,
        d.levelsUp,
        noSpread(state, d.at),
      ]),
    ).toEqual([['supervision_order', 1, '2026-04-16 09:00']]);
  });

  it('a deferral names its day, and the same desk has the decision again then', () => {
    const { state } = overdue('2026-04-09 12:00');
    const noDate = applyItemEvent(
      state,
      {
        type: 'decision_taken',
        at: at('2026-04-09 15:00'),
        by: DESK,
        decisionKey: state.escalation.decision!.key,
        decision: 'defer',
        reason: '待调查',
      },
      decided,
    );
    expect(noDate).toMatchObject({
      ok: false,
      code: 'rule_broken',
      violations: [{ field: 'until' }],
    });
    const deferred = take(state, at('2026-04-09 15:00'), 'defer', {
      until: at('2026-04-20 09:00'),
    });
    expect(ofKind(deferred.effects, 'decision_closed')).toMatchObject([{ status: 'deferred' }]);
    // Deferred: nobody can take it meanwhile, and it does not climb.
    expect(() => take(deferred.state, at('2026-04-10 09:00'), 'issue')).toThrow(Refused);
    const later = runTimers(deferred.state, at('2026-04-21 00:00'), decided);
    expect(
      ofKind(later.effects, 'decision_opened').map((d) => [
        d.levelsUp,
        noSpread(state, d.at),
        show(d.decideBy),
      ]),
    ).toEqual([[1, '2026-04-20 09:00', '2026-04-23 09:00']]);
  });

  it('问责: the inspectors propose, the committee decides, naming who is held to account among both lines', () => {
    let s = overdue('2026-04-09 12:00').state;
    // Climb by deciding every rung the day it is proposed.
    for (const rung of ['supervision_order', 'admonishment_talk', 'stationed_supervision']) {
      expect(s.escalation.decision!.rung).toBe(rung);
      s = take(s, s.clock, 'issue').state;
      s = runTimers(s, s.clock + 40 * 86_400_000, decided).state;
    }
    const proposal = s.escalation.decision!;
    expect([proposal.rung, proposal.step]).toEqual(['accountability', 0]);
    const proposed = take(s, s.clock, 'issue');
    const toCommittee = ofKind(proposed.effects, 'decision_opened');
    expect(toCommittee).toHaveLength(1);
    expect(toCommittee[0]).toMatchObject({ role: 'committee', levelsUp: 1, step: 1, steps: 2 });
    expect(toCommittee[0].candidates!.map((c) => c.responsibility)).toEqual([
      'direct',
      'direct',
      'principal',
      'principal',
      'principal',
      'leadership',
      'leadership',
      'supervision',
    ]);
    expect(proposed.state.escalation.rungs.map((r) => r.rung)).not.toContain('accountability');
    // Nobody is held to account without a decision naming them, in a form, with a reason.
    expect(() => take(proposed.state, proposed.state.clock, 'issue')).toThrow(
      /accountable_required/,
    );
    const accountable = [
      {
        personId: PEOPLE.person,
        responsibility: 'direct',
        form: 'admonishment',
        reason: '整改不力',
      },
      {
        personId: PEOPLE.leader,
        responsibility: 'leadership',
        form: 'criticism',
        reason: '督促不力',
      },
    ] as const;
    const held = take(proposed.state, proposed.state.clock, 'issue', {
      accountable: [...accountable],
    });
    expect(ofKind(held.effects, 'decision_closed')[0].accountable).toEqual(accountable);
    const rung = ofKind(held.effects, 'rung');
    expect(rung.map((r) => r.rung)).toEqual(['accountability']);
    expect(held.state.escalation.decision).toBeNull();
  });

  it('a campaign pause moves the desk’s limit by the pause: standing still is nobody’s inaction', () => {
    const { state } = overdue('2026-04-09 12:00');
    const limit = state.escalation.decision!.decideBy;
    const paused = apply(
      state,
      [
        {
          type: 'time_shifted',
          at: at('2026-04-10 12:00'),
          pausedAt: at('2026-04-09 12:00'),
          pausedMs: 86_400_000,
        },
      ],
      decided,
    );
    expect(paused.state.escalation.decision!.decideBy).toBe(limit + 86_400_000);
    const later = runTimers(paused.state, limit + 3_600_000, decided);
    expect(ofKind(later.effects, 'decision_closed')).toEqual([]);
  });

  it('a closed item withdraws the decision waiting on a desk', () => {
    const { state } = overdue('2026-04-09 12:00');
    const closed = apply(
      state,
      [
        {
          type: 'submitted',
          at: at('2026-04-09 13:00'),
          by: PEOPLE.person,
          reportId: 's',
          evidence: 1,
        },
        { type: 'verified', at: at('2026-04-09 14:00'), by: PEOPLE.inspector, decision: 'close' },
      ],
      decided,
    );
    expect(ofKind(closed.effects, 'decision_closed').map((c) => c.status)).toEqual(['withdrawn']);
    expect(closed.state.escalation.decision).toBeNull();
  });

  it('a policy without decisions fires every rung by itself, as campaigns launched before do', () => {
    const { state } = assignedItem({ deadline: '2026-03-31' });
    const { effects } = runTimers(state, at('2027-01-01 00:00'));
    expect(ofKind(effects, 'decision_opened')).toEqual([]);
    expect(ofKind(effects, 'rung')).toHaveLength(5);
  });

  it('the forecast dates each desk’s limit, the rungs as if each desk decided the day it was asked', () => {
    const policy = { ...DEFAULT_ESCALATION_POLICY, decisions: SEED_LADDER_DECISIONS };
    const { steps } = ladderSchedule(policy, at('2026-03-31 23:59'), calendar);
    const order = steps.find((s) => s.rung === 'supervision_order')!;
    expect([
      show(order.at),
      order.decision!.map((d) => [d.role, d.levelsUp, show(d.decideBy)]),
    ]).toEqual(['2026-04-08 09:00', [['supervisor', 1, '2026-04-13 09:00']]]);
    const talk = steps.find((s) => s.rung === 'admonishment_talk')!;
    expect(show(talk.at)).toBe('2026-04-22 09:00'); // ten working days after 8 April
    const accountability = steps.find((s) => s.rung === 'accountability')!;
    expect(accountability.decision!.map((d) => [d.role, show(d.decideBy)])).toEqual([
      ['inspector', '2026-06-08 09:00'],
      ['committee', '2026-06-15 09:00'],
    ]);
  });

  it('dates the forecast’s example item with the item’s own core: what ladderSchedule says in closed form', () => {
    for (const policy of [
      { ...DEFAULT_ESCALATION_POLICY, decisions: SEED_LADDER_DECISIONS },
      { ...DEFAULT_ESCALATION_POLICY, decisions: {} },
    ]) {
      // Deadlines within the first review window: the closed form knows no stall track.
      for (const day of ['2026-03-05', '2026-03-31', '2026-04-03']) {
        const climbed = forecastItemLadder(policy, 'P1M', at('2026-03-02 00:00'), day, calendar);
        // Reminders due before the registration are past, never sent.
        const closed = ladderSchedule(policy, climbed.deadline, calendar).steps.filter(
          (x) => x.at >= at('2026-03-02 00:00'),
        );
        expect(
          climbed.steps.map((x) => [x.rung, show(x.at), x.decision?.map((d) => show(d.decideBy))]),
        ).toEqual(
          closed.map((x) => [x.rung, show(x.at), x.decision?.map((d) => show(d.decideBy))]),
        );
      }
    }
  });

  it('shows what the closed form cannot: an untouched item due after a review window is named for stalling first', () => {
    const climbed = forecastItemLadder(
      DEFAULT_ESCALATION_POLICY,
      'P1M',
      at('2026-03-02 00:00'),
      '2026-04-30',
      calendar,
    );
    expect(climbed.steps.slice(0, 2).map((x) => [x.rung, show(x.at)])).toEqual([
      ['bulletin', '2026-04-07 09:00'],
      ['reminder', '2026-04-23 23:59'],
    ]);
  });

  it('checks the chains: only decision rungs, known roles, limits of a day or more', () => {
    const violations = checkEscalationPolicy(
      {
        ...DEFAULT_ESCALATION_POLICY,
        decisions: {
          bulletin: [{ role: 'supervisor', levelsUp: 1, within: { days: 1 } }],
          supervision_order: [{ role: 'boss', levelsUp: 9, within: { days: 0 } }],
        } as never,
      },
      'escalation',
    );
    expect(violations.map((v) => v.field)).toEqual([
      'escalation.decisions.bulletin',
      'escalation.decisions.supervision_order.0.role',
      'escalation.decisions.supervision_order.0.levelsUp',
      'escalation.decisions.supervision_order.0.within',
    ]);
  });
});
