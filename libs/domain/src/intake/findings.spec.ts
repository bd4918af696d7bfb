import { describe, expect, it } from '@jest/globals';

import { ITEM_CATEGORIES } from '../ledger/item-enums.js';
import {
  checkChecklist,
  checkDisposition,
  checkLifeMeeting,
  flagAfterCorrection,
} from './findings.js';
import { DISPOSITION_FORMS, DISPOSITION_MEASURES } from './intake-enums.js';

const whole = () =>
  ITEM_CATEGORIES.map((category) =>
    category === 'discipline_work'
      ? { category, outcome: 'finding', description: '值班期间擅自离岗。' }
      : { category, outcome: 'no_problem' },
  );

describe('a checklist (六大纪律、五大作风)', () => {
  it('takes each of the eleven categories once, no problem or a described finding', () => {
    expect(checkChecklist(whole())).toEqual([]);
  });

  it('names every category repeated, unknown or missing, and every finding left undescribed', () => {
    const entries: Array<Record<string, unknown>> = whole().slice(2);
    entries.push({ category: 'discipline_work', outcome: 'no_problem' });
    entries.push({ category: 'style_sleep', outcome: 'no_problem' });
    entries[0] = { category: entries[0].category, outcome: 'finding', description: '  ' };
    entries[1] = { category: entries[1].category, outcome: 'no_problem', description: '多余' };
    entries[2] = { category: entries[2].category, outcome: 'maybe' };
    expect(checkChecklist(entries).map((v) => `${v.field}:${v.rule}`)).toEqual([
      'entries.0.description:description_required',
      'entries.1.description:description_not_applicable',
      'entries.2.outcome:outcome_unknown',
      'entries.9.category:category_repeated',
      'entries.10.category:category_unknown',
      'entries:category_missing',
      'entries:category_missing',
    ]);
  });

  it('refuses an empty checklist, naming all eleven', () => {
    expect(checkChecklist([])).toHaveLength(11);
  });
});

describe('a life meeting', () => {
  const today = '2027-01-15';

  it('is a bureau leadership team’s (democratic) or a party branch’s (organisational)', () => {
    expect(
      checkLifeMeeting({
        kind: 'democratic_life',
        unitKind: 'county_bureau',
        heldOn: today,
        today,
      }),
    ).toEqual([]);
    expect(
      checkLifeMeeting({
        kind: 'organisational_life',
        unitKind: 'party_branch',
        heldOn: '2027-01-14',
        today,
      }),
    ).toEqual([]);
    expect(
      checkLifeMeeting({ kind: 'democratic_life', unitKind: 'party_branch', heldOn: today, today }),
    ).toEqual([expect.objectContaining({ field: 'unitId', rule: 'meeting_unit_kind' })]);
    expect(
      checkLifeMeeting({
        kind: 'organisational_life',
        unitKind: 'department',
        heldOn: today,
        today,
      }),
    ).toEqual([expect.objectContaining({ rule: 'meeting_unit_kind' })]);
  });

  it('has problems recorded against it only once it has been held', () => {
    expect(
      checkLifeMeeting({
        kind: 'organisational_life',
        unitKind: 'party_branch',
        heldOn: '2027-01-16',
        today,
      }),
    ).toEqual([expect.objectContaining({ field: 'heldOn', rule: 'meeting_not_held_yet' })]);
  });
});

describe('a disposition in the four forms (四种形态)', () => {
  it('takes a measure of its own form', () => {
    expect(checkDisposition({ form: 1, measure: 'admonishment_talk' })).toEqual([]);
    expect(checkDisposition({ form: 4, measure: 'transfer_to_judiciary' })).toEqual([]);
  });

  it('refuses a measure of another form, or none known', () => {
    expect(checkDisposition({ form: 1, measure: 'expulsion' })).toEqual([
      expect.objectContaining({ field: 'measure', rule: 'measure_not_of_form' }),
    ]);
    expect(checkDisposition({ form: 2, measure: 'nonsense' })).toHaveLength(1);
  });

  it('places every measure in exactly one form', () => {
    const all = DISPOSITION_FORMS.flatMap((form) =>
      DISPOSITION_MEASURES[form].map((measure) => [form, measure] as const),
    );
    for (const [form, measure] of all) {
      const forms = DISPOSITION_FORMS.filter(
        (f) => checkDisposition({ form: f, measure }).length === 0,
      );
      expect(forms).toEqual([form]);
    }
  });
});

describe('a correction of the matching clarification item', () => {
  it('raises a flag where the corrected item said nothing to report', () => {
    expect(flagAfterCorrection({ flag: null, outcome: 'suspected_concealment' })).toBe('raise');
    expect(flagAfterCorrection({ flag: 'withdrawn', outcome: 'suspected_concealment' })).toBe(
      'reopen',
    );
    expect(flagAfterCorrection({ flag: 'open', outcome: 'suspected_concealment' })).toBe('keep');
  });

  it('withdraws an open flag the corrected item no longer bears out', () => {
    expect(flagAfterCorrection({ flag: 'open', outcome: 'self_disclosed' })).toBe('withdraw');
    expect(flagAfterCorrection({ flag: 'open', outcome: 'not_judged' })).toBe('withdraw');
    expect(flagAfterCorrection({ flag: null, outcome: 'not_judged' })).toBe('none');
    expect(flagAfterCorrection({ flag: 'withdrawn', outcome: 'self_disclosed' })).toBe('none');
  });

  it('leaves a decided flag and its match alone', () => {
    for (const flag of ['confirmed', 'dismissed'] as const) {
      for (const outcome of ['self_disclosed', 'suspected_concealment', 'not_judged'] as const) {
        expect(flagAfterCorrection({ flag, outcome })).toBe('decided');
      }
    }
  });
});
