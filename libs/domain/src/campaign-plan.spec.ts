import { describe, expect, it } from '@jest/globals';

import { checkPhaseOrder, type PhasePlan } from './campaign-plan.js';

/** A correct plan: four phases in order, each ending exactly when the next starts. */
function backToBack(): PhasePlan[] {
  return [
    { kind: 'study', startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-15T00:00:00+08:00' },
    {
      kind: 'self_check',
      startsAt: '2026-12-15T00:00:00+08:00',
      endsAt: '2027-01-01T00:00:00+08:00',
    },
    {
      kind: 'rectification',
      startsAt: '2027-01-01T00:00:00+08:00',
      endsAt: '2027-02-01T00:00:00+08:00',
    },
    {
      kind: 'consolidation',
      startsAt: '2027-02-01T00:00:00+08:00',
      endsAt: '2027-03-01T00:00:00+08:00',
    },
  ];
}

describe('checkPhaseOrder', () => {
  it('accepts a correct back-to-back plan', () => {
    expect(checkPhaseOrder(backToBack())).toEqual([]);
  });

  it('accepts a plan with gaps between phases', () => {
    const phases = backToBack();
    phases[1].startsAt = '2026-12-20T00:00:00+08:00';
    phases[2].startsAt = '2027-01-10T00:00:00+08:00';
    phases[3].startsAt = '2027-02-15T00:00:00+08:00';
    expect(checkPhaseOrder(phases)).toEqual([]);
  });

  it.each([
    ['three', backToBack().slice(0, 3)],
    ['five', [...backToBack(), backToBack()[3]]],
    ['zero', []],
  ])('reports one phase_count violation on `phases` for %s phases', (_label, phases) => {
    const violations = checkPhaseOrder(phases);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ field: 'phases', rule: 'phase_count' });
    expect(violations[0].message).toContain(String(phases.length));
  });

  it('reports phase_order on each misplaced kind when two phases are swapped', () => {
    const phases = backToBack();
    phases[1].kind = 'rectification';
    phases[2].kind = 'self_check';
    const violations = checkPhaseOrder(phases);
    expect(violations).toEqual([
      expect.objectContaining({ field: 'phases.1.kind', rule: 'phase_order' }),
      expect.objectContaining({ field: 'phases.2.kind', rule: 'phase_order' }),
    ]);
    expect(violations[0].message).toContain('self_check');
  });

  it('reports phase_ends_before_start when a phase ends before it starts', () => {
    const phases = backToBack();
    phases[3].endsAt = '2027-01-20T00:00:00+08:00';
    expect(checkPhaseOrder(phases)).toEqual([
      expect.objectContaining({ field: 'phases.3.endsAt', rule: 'phase_ends_before_start' }),
    ]);
  });

  it('reports phase_ends_before_start when a phase ends exactly when it starts', () => {
    const phases = backToBack();
    phases[3].endsAt = phases[3].startsAt;
    expect(checkPhaseOrder(phases)).toEqual([
      expect.objectContaining({ field: 'phases.3.endsAt', rule: 'phase_ends_before_start' }),
    ]);
  });

  it('reports phase_overlap on the next phase start when phases overlap', () => {
    const phases = backToBack();
    phases[0].endsAt = '2026-12-16T00:00:00+08:00';
    expect(checkPhaseOrder(phases)).toEqual([
      expect.objectContaining({ field: 'phases.1.startsAt', rule: 'phase_overlap' }),
    ]);
  });

  it('reports an overlap of a single second', () => {
    const phases = backToBack();
    phases[2].startsAt = '2026-12-31T23:59:59+08:00';
    expect(checkPhaseOrder(phases)).toEqual([
      expect.objectContaining({ field: 'phases.2.startsAt', rule: 'phase_overlap' }),
    ]);
  });

  it('reports every problem at once', () => {
    const phases = backToBack();
    phases[0].kind = 'self_check';
    phases[1].kind = 'study';
    phases[1].endsAt = '2026-12-10T00:00:00+08:00'; // before its own start
    phases[3].startsAt = '2027-01-15T00:00:00+08:00'; // inside rectification
    const violations = checkPhaseOrder(phases);
    expect(violations.map((v) => [v.field, v.rule])).toEqual(
      expect.arrayContaining([
        ['phases.0.kind', 'phase_order'],
        ['phases.1.kind', 'phase_order'],
        ['phases.1.endsAt', 'phase_ends_before_start'],
        ['phases.3.startsAt', 'phase_overlap'],
      ]),
    );
    expect(violations).toHaveLength(4);
  });

  it('compares instants, not strings, across offsets', () => {
    const phases = backToBack();
    // 08:00 at +08:00 is midnight UTC: the same instant, so back-to-back, not overlapping.
    phases[0].endsAt = '2026-12-01T08:00:00+08:00';
    phases[0].startsAt = '2026-11-20T00:00:00+08:00';
    phases[1].startsAt = '2026-12-01T00:00:00Z';
    expect(checkPhaseOrder(phases)).toEqual([]);
  });

  it('sees an overlap hidden by different offsets', () => {
    const phases = backToBack();
    phases[0].startsAt = '2026-11-20T00:00:00+08:00';
    // 09:00 at +08:00 is 01:00 UTC, one hour after self_check starts at midnight UTC.
    phases[0].endsAt = '2026-12-01T09:00:00+08:00';
    phases[1].startsAt = '2026-12-01T00:00:00Z';
    expect(checkPhaseOrder(phases)).toEqual([
      expect.objectContaining({ field: 'phases.1.startsAt', rule: 'phase_overlap' }),
    ]);
  });
});
