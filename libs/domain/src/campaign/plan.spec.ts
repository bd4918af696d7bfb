import { describe, expect, it } from '@jest/globals';

import { type CalendarYear, WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { toShanghaiIso } from '../time/duration.js';
import { datedPlanSpec, type PlanSpec, resolvePlan } from './plan.js';
import {
  BUILT_IN_TEMPLATES,
  DISCIPLINE_YEAR_TEMPLATE,
  EDUCATION_RECTIFICATION_TEMPLATE,
} from './templates.js';

const START = Date.parse('2026-12-01T00:00:00+08:00');
/** A year of data with only the given days off (a test stand-in for an official notice). */
const year = (y: number, off: string[] = [], holiday = 'new_year' as const): CalendarYear => ({
  year: y,
  holidays: off.map((date) => ({ date, holiday })),
  makeupWorkdays: [],
  source: 'admin',
});
/** 2026 and 2027 known, with 2027's New Year break on 1–3 January (a Friday to a Sunday). */
const calendar = new WorkingDayCalendar([
  year(2026),
  year(2027, ['2027-01-01', '2027-01-02', '2027-01-03']),
]);
const clone = (): PlanSpec => structuredClone(EDUCATION_RECTIFICATION_TEMPLATE.plan);
const rules = (spec: PlanSpec) =>
  resolvePlan(spec, START, calendar).violations.map((v) => [v.field, v.rule]);

describe('resolvePlan', () => {
  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name.en, t] as const))(
    'resolves the built-in template %s without a problem',
    (_name, template) => {
      const check = resolvePlan(
        template.plan,
        START,
        new WorkingDayCalendar([year(2026), year(2027), year(2028)]),
      );
      expect(check.violations).toEqual([]);
      expect(check.plan!.phases.map((p) => p.kind)).toEqual([
        'study',
        'self_check',
        'rectification',
        'consolidation',
      ]);
    },
  );

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name.en, t] as const))(
    'resolves the built-in template %s whatever day of the year it starts on',
    (_name, template) => {
      // A month is 28 to 31 days and a campaign may start on any day: every deadline must stay
      // inside its phase for all of them (a start on 31 December once put a summary past the
      // end of a February self-check phase).
      const years = new WorkingDayCalendar([year(2026), year(2027), year(2028)]);
      const broken: string[] = [];
      for (let day = 0; day < 366; day++) {
        const startsAt = Date.parse('2026-01-01T09:00:00+08:00') + day * 86_400_000;
        for (const v of resolvePlan(template.plan, startsAt, years).violations)
          broken.push(`${toShanghaiIso(startsAt).slice(0, 10)} ${v.field} ${v.rule}`);
      }
      expect(broken).toEqual([]);
    },
  );

  it('turns offsets, durations, month ends and working days into instants', () => {
    const { plan } = resolvePlan(clone(), START, calendar);
    const study = plan!.phases[0];
    expect(toShanghaiIso(Date.parse(study.startsAt))).toBe('2026-12-01T00:00:00.000+08:00');
    expect(toShanghaiIso(Date.parse(study.endsAt))).toBe('2027-01-01T00:00:00.000+08:00');
    const due = (key: string) =>
      toShanghaiIso(
        Date.parse(plan!.phases.flatMap((p) => p.tasks).find((t) => t.key === key)!.dueAt),
      );
    // "before day X": ten days after the start.
    expect(due('deployment-meeting')).toBe('2026-12-11T00:00:00.000+08:00');
    // "before the end of month X": the last instant of December.
    expect(due('situation-analysis')).toBe('2026-12-31T23:59:59.999+08:00');
    // 15 working days counted from the day after Tuesday 1 December: Tuesday 22 December.
    expect(due('education-base')).toBe('2026-12-22T23:59:59.999+08:00');
    // Self-check opens on 1 January (a holiday); ten working days later is 15 January.
    expect(due('six-clarifications')).toBe('2027-01-15T23:59:59.999+08:00');
    expect(toShanghaiIso(Date.parse(plan!.endsAt))).toBe('2027-05-01T00:00:00.000+08:00');
  });

  it('flags, never guesses, deadlines counted through a year without calendar data', () => {
    const check = resolvePlan(clone(), START, new WorkingDayCalendar([year(2026)]));
    expect(check.violations).toEqual([]);
    expect(check.flags).toContainEqual(
      expect.objectContaining({
        field: 'phases.1.tasks.0.due',
        rule: 'calendar_missing',
        years: [2027],
      }),
    );
    expect(check.flags).toContainEqual(
      expect.objectContaining({
        field: 'holidayReminders',
        rule: 'holidays_unknown',
        years: [2027],
      }),
    );
  });

  it('schedules holiday reminders two working days before each holiday inside the campaign', () => {
    const { plan } = resolvePlan(clone(), START, calendar);
    expect(plan!.holidays).toEqual([
      {
        holiday: 'new_year',
        year: 2027,
        firstDay: '2027-01-01',
        // Two working days before Friday 1 January: Wednesday 30 December, 09:00.
        remindAt: new Date(Date.parse('2026-12-30T09:00:00+08:00')).toISOString(),
      },
    ]);
  });

  it('reports phases out of order, overlapping or outside the window, with their paths', () => {
    const swapped = clone();
    [swapped.phases[1].kind, swapped.phases[2].kind] = ['rectification', 'self_check'];
    expect(rules(swapped)).toEqual(
      expect.arrayContaining([
        ['phases.1.kind', 'phase_order'],
        ['phases.2.kind', 'phase_order'],
      ]),
    );
    const overlap = clone();
    overlap.phases[0].end = { duration: 'P40D' };
    expect(rules(overlap)).toEqual([['phases.1.start', 'phase_overlap']]);
    const long = clone();
    long.phases[3].end = { duration: 'P2M' };
    expect(rules(long)).toEqual([['phases.3.end', 'phase_outside_window']]);
    const early = clone();
    early.phases[0].start = { at: '2026-11-30T00:00:00+08:00' };
    early.phases[0].end = { at: '2027-01-01T00:00:00+08:00' };
    expect(rules(early)).toEqual([['phases.0.start', 'phase_before_campaign']]);
  });

  it('reports every task problem at once, each with its path', () => {
    const spec = clone();
    spec.phases[2].tasks[0].due = { offset: 'P3M' }; // after rectification ends
    spec.phases[0].tasks[1].key = 'deployment-meeting'; // repeated
    spec.phases[0].tasks[2].due = { offset: 'ten days' };
    spec.phases[0].tasks[6].warningForm = undefined; // warning education needs its form
    spec.phases[1].tasks[0].owner = 'unit'; // six clarifications are personal
    spec.phases[0].tasks[3].due = { workingDays: 0 };
    spec.reminders.offsets = ['P3D', 'three days'];
    const check = resolvePlan(spec, START, calendar);
    expect(check.plan).toBeNull();
    expect(check.violations.map((v) => [v.field, v.rule])).toEqual(
      expect.arrayContaining([
        ['phases.2.tasks.0.due', 'task_outside_phase'],
        ['phases.0.tasks.1.key', 'task_key_repeated'],
        ['phases.0.tasks.2.due', 'invalid_duration'],
        ['phases.0.tasks.6.warningForm', 'warning_form_required'],
        ['phases.1.tasks.0.owner', 'owner_not_allowed'],
        ['phases.0.tasks.3.due', 'working_days_invalid'],
        ['reminders.offsets.1', 'invalid_duration'],
      ]),
    );
    expect(check.violations).toHaveLength(7);
  });

  it('checks the escalation policy it stores for the ledger', () => {
    const spec = clone();
    spec.escalation = { ...spec.escalation, ladder: [...spec.escalation.ladder].reverse() };
    expect(rules(spec)).toEqual(
      expect.arrayContaining([['escalation.ladder.1.rung', 'ladder_order']]),
    );
  });

  it('runs a plan of explicit dated phases, named by their kinds', () => {
    const spec = datedPlanSpec([
      { kind: 'study', startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2027-01-01T00:00:00+08:00' },
      {
        kind: 'self_check',
        startsAt: '2027-01-01T00:00:00+08:00',
        endsAt: '2027-02-01T00:00:00+08:00',
      },
      {
        kind: 'rectification',
        startsAt: '2027-02-01T00:00:00+08:00',
        endsAt: '2027-04-01T00:00:00+08:00',
      },
      {
        kind: 'consolidation',
        startsAt: '2027-04-01T00:00:00+08:00',
        endsAt: '2027-05-01T00:00:00+08:00',
      },
    ]);
    const { plan, violations } = resolvePlan(spec, START, calendar);
    expect(violations).toEqual([]);
    expect(plan!.phases.map((p) => p.name['zh-CN'])).toEqual([
      '学习教育',
      '检视整治',
      '整改整治',
      '巩固提升',
    ]);
    expect(plan!.phases[2].endsAt).toBe(new Date('2027-04-01T00:00:00+08:00').toISOString());
  });

  describe('recurring tasks', () => {
    const YEAR_START = Date.parse('2026-01-05T00:00:00+08:00');
    const years = new WorkingDayCalendar([year(2026), year(2027)]);
    const weekly = (spec: PlanSpec, recurrence: unknown, phase = 0) => {
      spec.phases[phase].tasks.push({
        key: 'weekly-study',
        kind: 'study_session',
        name: { 'zh-CN': '每周政治学习', en: 'Weekly political study' },
        owner: 'everyone',
        recurrence: recurrence as never,
        evidenceRequired: false,
        required: true,
      });
      return spec;
    };

    it('writes the monthly 廉政自省日 of seed 003 as one task a month, keyed -01 to -12 through the year', () => {
      const { plan, violations } = resolvePlan(DISCIPLINE_YEAR_TEMPLATE.plan, YEAR_START, years);
      expect(violations).toEqual([]);
      const days = plan!.phases.map((p) =>
        p.tasks
          .filter((t) => t.kind === 'integrity_day')
          .map((t) => [t.key, toShanghaiIso(Date.parse(t.dueAt)).slice(0, 10), t.name['zh-CN']]),
      );
      expect(days.map((d) => d.length)).toEqual([2, 2, 6, 2]);
      expect(days.flat()).toEqual(
        Array.from({ length: 12 }, (_, m) => {
          const n = String(m + 1).padStart(2, '0');
          return [`integrity-day-${n}`, `2026-${n}-25`, `“廉政自省日”活动（2026年${m + 1}月）`];
        }),
      );
      const third = plan!.phases[1].tasks.find((t) => t.key === 'integrity-day-03')!;
      expect(third).toMatchObject({
        owner: 'everyone',
        required: true,
        due: { at: third.dueAt },
        occurrence: {
          of: 'integrity-day',
          number: 3,
          count: 12,
          recurrence: { every: 'month', day: 25 },
        },
      });
      expect(third.items).toHaveLength(7);
      expect(third).not.toHaveProperty('recurrence');
      expect(third.name.en).toBe('Integrity self-reflection day (March 2026)');
      // Each occurrence is due by the end of its day.
      expect(toShanghaiIso(Date.parse(third.dueAt))).toBe('2026-03-25T23:59:59.999+08:00');
    });

    it('writes a weekly task once for each of its weekdays inside the phase, and only there', () => {
      // Study runs 1 December 2026 to 1 January 2027: Fridays 4, 11, 18 and 25 December.
      const { plan, violations } = resolvePlan(
        weekly(clone(), { every: 'week', weekday: 5 }),
        START,
        calendar,
      );
      expect(violations).toEqual([]);
      const study = plan!.phases[0].tasks.filter((t) => t.occurrence?.of === 'weekly-study');
      expect(study.map((t) => [t.key, t.name['zh-CN']])).toEqual([
        ['weekly-study-01', '每周政治学习（2026年12月4日）'],
        ['weekly-study-02', '每周政治学习（2026年12月11日）'],
        ['weekly-study-03', '每周政治学习（2026年12月18日）'],
        ['weekly-study-04', '每周政治学习（2026年12月25日）'],
      ]);
      expect(
        plan!.phases
          .slice(1)
          .flatMap((p) => p.tasks)
          .some((t) => t.occurrence),
      ).toBe(false);
    });

    it('refuses a recurrence that is malformed, never falls in its phase, or collides, each by its path', () => {
      const field = (recurrence: unknown, spec = clone()) =>
        resolvePlan(weekly(spec, recurrence), START, calendar).violations.map((v) => [
          v.field,
          v.rule,
        ]);
      const at = 'phases.0.tasks.14';
      expect(field({ every: 'month', day: 30 })).toEqual([
        [`${at}.recurrence.day`, 'invalid_recurrence'],
      ]);
      expect(field({ every: 'week', weekday: 0 })).toEqual([
        [`${at}.recurrence.weekday`, 'invalid_recurrence'],
      ]);
      expect(field({ every: 'fortnight' })).toEqual([
        [`${at}.recurrence.every`, 'invalid_recurrence'],
      ]);
      // A ten-day study phase (1–11 December) holds no 25th.
      const short = clone();
      short.phases[0].end = { duration: 'P10D' };
      short.phases[0].tasks = [];
      expect(
        resolvePlan(weekly(short, { every: 'month', day: 25 }), START, calendar).violations.map(
          (v) => [v.field, v.rule, v.message],
        ),
      ).toEqual([
        [
          'phases.0.tasks.0.recurrence',
          'no_occurrence',
          'it never falls inside its phase (2026-12-01 to 2026-12-11)',
        ],
      ]);
      // A dated task already named like an occurrence.
      const taken = clone();
      taken.phases[0].tasks[0].key = 'weekly-study-02';
      expect(field({ every: 'week', weekday: 5 }, taken)).toEqual([
        [`${at}.key`, 'task_key_repeated'],
      ]);
      // Both a deadline and a recurrence.
      const both = weekly(clone(), { every: 'week', weekday: 5 });
      both.phases[0].tasks[14].due = { offset: 'P3D' };
      expect(rules(both)).toEqual([[`${at}.due`, 'due_or_recurrence']]);
      // A key with no room for -01, and more occurrences than keys or a phase can hold.
      const long = clone();
      weekly(long, { every: 'week', weekday: 5 }).phases[0].tasks[14].key = 'k'.repeat(46);
      expect(rules(long)).toEqual([[`${at}.key`, 'invalid_task_key']]);
      const dated = (weeks: number, series: number) => {
        const at = (d: number) => toShanghaiIso(START + d * 86_400_000);
        const spec = datedPlanSpec([
          { kind: 'study', startsAt: at(0), endsAt: at(7) },
          { kind: 'self_check', startsAt: at(7), endsAt: at(14) },
          { kind: 'rectification', startsAt: at(14), endsAt: at(14 + weeks * 7) },
          { kind: 'consolidation', startsAt: at(14 + weeks * 7), endsAt: at(21 + weeks * 7) },
        ]);
        for (let i = 0; i < series; i++) {
          weekly(spec, { every: 'week', weekday: i + 1 }, 2).phases[2].tasks[i].key = `w${i}`;
        }
        return resolvePlan(spec, START, calendar).violations.map((v) => [v.field, v.rule]);
      };
      expect(dated(100, 1)).toEqual([['phases.2.tasks.0.recurrence', 'too_many_occurrences']]);
      expect(dated(52, 3)).toEqual([['phases.2.tasks', 'too_many_tasks']]);
      // The same key twice in one phase is not a series.
      const twice = weekly(weekly(clone(), { every: 'week', weekday: 5 }), {
        every: 'week',
        weekday: 1,
      });
      expect(rules(twice)).toEqual([['phases.0.tasks.15.key', 'task_key_repeated']]);
    });
  });
});
