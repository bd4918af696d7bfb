import {
  type AssessmentPolicy,
  checkAssessmentPolicy,
  DEFAULT_ASSESSMENT_POLICY,
} from '../assessment/assessment.js';
import { dayOf, startOfDay } from '../calendar/days.js';
import { checkPhaseOrder } from '../campaign-plan.js';
import type { Violation } from '../errors.js';
import { DEFAULT_INTAKE_POLICY, type IntakePolicy } from '../intake/disclosure.js';
import { LABELS, type Language } from '../labels.js';
import {
  checkEscalationPolicy,
  DEFAULT_ESCALATION_POLICY,
  type EscalationPolicy,
} from '../ledger/escalation.js';
import { CLOSED_BY, type ClosedBy } from '../ledger/item-enums.js';
import { PHASE_KINDS, type PhaseKind } from '../phase.js';
import { addDuration, deadlineOfDay, isDuration } from '../time/duration.js';
import type { WorkingDays } from '../time/working-days.js';
import {
  checkRecurrence,
  MAX_OCCURRENCES,
  occurrenceKey,
  occurrenceName,
  occurrences,
  type TaskOccurrence,
  type TaskRecurrence,
} from './recurrence.js';

/**
 * A work plan (工作方案, DOMAIN.md D2) is data: its phases with their dates or offsets, the
 * tasks each requires, reminders, gates, the ledger's review cadence and escalation policy.
 * Templates hold a `PlanSpec`; at launch it is resolved against the start and the working-day
 * calendar into a `ResolvedPlan` of absolute instants, which is frozen into the campaign.
 */

export type Localised = Record<Language, string>;

/**
 * Task kinds of D2 and D3; `six_clarifications` is filled in by the self-check statements.
 * Seed 003 adds its topic discussions (双查双改, 五破五立), the check against the six disciplines
 * and five styles (对标查摆), the branch's portrait comparison (画像比对) and the monthly
 * integrity self-reflection day (廉政自省日).
 */
export const TASK_KINDS = [
  'deployment_meeting',
  'situation_analysis',
  'required_reading',
  'lecture_outline',
  'study_session',
  'warning_education',
  'three_questions',
  'integrity_pledge',
  'reflection',
  'life_meeting',
  'phase_summary',
  'six_clarifications',
  'topic_discussion',
  'self_examination',
  'portrait_comparison',
  'integrity_day',
  // An activity of the office's own plan, defined without a code change (OfficeTaskKind).
  'office_defined',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * A task kind an office defines for its subtree (GET/POST /api/v1/task-kinds): its name in both
 * languages and what completing it takes. Frozen into the plan that uses it, so a campaign reads
 * the same definition from launch to end.
 */
export interface OfficeTaskKind {
  id: string;
  name: Localised;
  /** Recorded by the unit's office as attendance (like a study session), not by the member. */
  needsAttendance: boolean;
  /** Completed with evidence: text, a link or a file. */
  needsEvidence: boolean;
  /** Completed with the answers to the task's `items` (like 三问三答). */
  needsAnswers: boolean;
}

/** Whether a task is recorded as attendance by its unit's office. */
export const takesAttendance = (task: Pick<TaskSpec, 'kind' | 'officeKind'>): boolean =>
  task.kind === 'study_session' || Boolean(task.officeKind?.needsAttendance);
/** Whether a task is completed with answers. */
export const takesAnswers = (task: Pick<TaskSpec, 'kind' | 'officeKind'>): boolean =>
  task.kind === 'three_questions' || Boolean(task.officeKind?.needsAnswers);
/** Whether a task needs its evidence. */
export const takesEvidence = (task: Pick<TaskSpec, 'evidenceRequired' | 'officeKind'>): boolean =>
  task.evidenceRequired || Boolean(task.officeKind?.needsEvidence);

/** Forms of warning education (警示教育). */
export const WARNING_FORMS = [
  'film',
  'education_base',
  'trial',
  'case_bulletin',
  'integrity_lecture',
] as const;
export type WarningForm = (typeof WARNING_FORMS)[number];

/**
 * Who owes a task: every member in scope, the leaders, the key persons, the plan's key groups
 * (leaders and/or key persons, each person once), or each unit (done by its office).
 */
export const TASK_OWNERS = ['everyone', 'leaders', 'key_persons', 'key_groups', 'unit'] as const;
export type TaskOwner = (typeof TASK_OWNERS)[number];

/** The groups a plan singles out (重点对象). */
export const KEY_GROUPS = ['leaders', 'key_persons'] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];

/** What happens when units miss a phase gate: the campaign moves on, or waits for the office. */
export const GATE_ON_FAIL = ['proceed', 'hold'] as const;
export type GateOnFail = (typeof GATE_ON_FAIL)[number];

/** An instant given as a date-time, or as an ISO-8601 offset from the campaign's start. */
export type PhaseStart = { at: string } | { offset: string };
/** A date-time, an offset from the campaign's start, or a duration from the phase's start. */
export type PhaseEnd = { at: string } | { offset: string } | { duration: string };
/**
 * A task deadline: a date-time; an offset from the phase's start; N working days after the
 * phase's first day (N 个工作日); or the end of the campaign's N-th calendar month (month 1 is
 * the month it starts in: "X月底前").
 */
export type TaskDue =
  { at: string } | { offset: string } | { workingDays: number } | { monthEnd: number };

export interface TaskDocument {
  title: string;
  /** A link to the document, when it is online. */
  url?: string;
}

export interface TaskSpec {
  /** Unique within the plan: `[a-z0-9_-]`, used in ids and dedupe keys. */
  key: string;
  kind: TaskKind;
  name: Localised;
  owner: TaskOwner;
  /** When the task is due; a task that recurs gives `recurrence` instead. */
  due?: TaskDue;
  /**
   * A task held again and again (每月25日): resolving the plan writes one dated task per
   * occurrence inside its phase, keyed `<key>-01`, `-02` … A recurring task may appear in
   * several phases under one key: its occurrences are numbered on through the plan.
   */
  recurrence?: TaskRecurrence;
  evidenceRequired: boolean;
  /** Counts toward the phase gate (default true). */
  required: boolean;
  warningForm?: WarningForm;
  /** Readings and lecture outlines: the documents themselves (links). */
  documents?: TaskDocument[];
  /**
   * What the task asks of each person, point by point: the three questions of 三问三答, the
   * activities of a 廉政自省日 (写一条廉政寄语、讲一堂廉政党课……).
   */
  items?: Localised[];
  /** For `office_defined`: the office's kind, as defined when the plan was saved or launched. */
  officeKind?: OfficeTaskKind;
}

export interface GateRule {
  /** Share of members' required tasks done, 0..1, for a unit to pass. */
  minMemberCompletion: number;
  /** Every required unit task must be done as well. */
  requireUnitTasks: boolean;
  onFail: GateOnFail;
}

export interface PhaseSpec {
  kind: PhaseKind;
  name: Localised;
  start: PhaseStart;
  end: PhaseEnd;
  gate: GateRule;
  tasks: TaskSpec[];
}

export interface PlanSpec {
  keyGroups: KeyGroup[];
  /** The campaign's time window from its start; every phase ends inside it. */
  window?: { duration: string };
  phases: PhaseSpec[];
  /** Reminders before every deadline, e.g. P3D and P1D before. */
  reminders: { offsets: string[] };
  /**
   * The ledger's review cadence (every item reports progress at least this often), and who
   * closes its items (销号): the inspectors when it says nothing.
   */
  review: { cadence: string; closedBy?: ClosedBy };
  escalation: EscalationPolicy;
  /** Integrity reminders to everyone before each of the seven holidays (D7). */
  holidayReminders: { enabled: boolean; workingDaysBefore: number };
  /** Which clarification item a problem of each category matches (the default when absent). */
  intake?: IntakePolicy;
  /** The points an assessment (考核, D8) deducts; the defaults when absent. */
  assessment?: AssessmentPolicy;
}

/** A task as a campaign runs it: a dated task of the plan, or one occurrence of a recurring one. */
export interface ResolvedTask extends Omit<TaskSpec, 'due' | 'recurrence'> {
  /** As the plan gave it; an occurrence's is its own date (`at`). */
  due: TaskDue;
  /** Campaign time, ISO-8601. */
  dueAt: string;
  /** Which occurrence of a recurring task this is. */
  occurrence?: TaskOccurrence;
}

export interface ResolvedPhase {
  index: number;
  kind: PhaseKind;
  name: Localised;
  startsAt: string;
  endsAt: string;
  gate: GateRule;
  tasks: ResolvedTask[];
}

export interface ResolvedHoliday {
  holiday: string;
  year: number;
  firstDay: string;
  /** When everyone in the campaign is reminded: 09:00 on a working day before the holiday. */
  remindAt: string;
}

/** A plan as a campaign runs it: every instant absolute (campaign time), frozen at launch. */
export interface ResolvedPlan {
  startsAt: string;
  endsAt: string;
  keyGroups: KeyGroup[];
  phases: ResolvedPhase[];
  reminders: { offsets: string[] };
  review: { cadence: string; closedBy?: ClosedBy };
  escalation: EscalationPolicy;
  holidayReminders: { enabled: boolean; workingDaysBefore: number };
  holidays: ResolvedHoliday[];
  /** Frozen at launch; absent from campaigns launched before the intake existed. */
  intake?: IntakePolicy;
  /**
   * The assessment policy in force, frozen at launch; absent in campaigns launched before it
   * existed, which are assessed on the defaults (`assessmentPolicyOf`).
   */
  assessment?: AssessmentPolicy;
}

/**
 * Whether a person owes a task of `owner` (the same rule the task rows are written by): a unit's
 * tasks are its office's; the plan's key groups pick leaders and/or key persons.
 */
export function owesTask(
  owner: TaskOwner,
  person: { isLeader: boolean; isKeyPerson: boolean },
  keyGroups: readonly KeyGroup[],
): boolean {
  switch (owner) {
    case 'everyone':
      return true;
    case 'leaders':
      return person.isLeader;
    case 'key_persons':
      return person.isKeyPerson;
    case 'key_groups':
      return (
        (person.isLeader && keyGroups.includes('leaders')) ||
        (person.isKeyPerson && keyGroups.includes('key_persons'))
      );
    case 'unit':
      return false;
  }
}

/** A campaign's intake policy: frozen with its plan, or the default for older campaigns. */
export function intakePolicyOf(plan: ResolvedPlan): IntakePolicy {
  return plan.intake ?? DEFAULT_INTAKE_POLICY;
}

/** Something a person should know about a plan that is not an error (e.g. no calendar data). */
export interface PlanFlag {
  field: string;
  rule: 'calendar_missing' | 'holidays_unknown';
  message: string;
  years: number[];
}

export interface PlanCheck {
  plan: ResolvedPlan | null;
  violations: Violation[];
  flags: PlanFlag[];
}

const TASK_KEY = /^[a-z0-9][a-z0-9_-]{0,47}$/;
/** Room in the 48 characters of a task key for an occurrence's `-01` … `-99`. */
const RECURRING_KEY_LENGTH = 45;
/** Tasks in one phase, every occurrence counted (the unit schedule orders up to 500). */
export const MAX_PHASE_TASKS = 120;
const MAX_WORKING_DAYS = 366;
const OFFICE_OPENS_MS = 9 * 3600 * 1000;

function instant(text: string): number {
  return Date.parse(text);
}

/**
 * Resolves a plan against its start and the working-day calendar, checking every rule a
 * well-formed plan can still break: phases in kind order, not overlapping, inside the window;
 * every task inside its phase, with a unique key and a computable deadline. Every problem is
 * reported with its path (`phases.2.tasks.1.due`); deadlines that fall in a year without
 * calendar data are computed on weekends alone and flagged, never guessed.
 */
export function resolvePlan(spec: PlanSpec, startsAt: number, calendar: WorkingDays): PlanCheck {
  const violations: Violation[] = [];
  const flags: PlanFlag[] = [];
  const fromStart = (value: PhaseStart | PhaseEnd, field: string): number => {
    if ('at' in value) {
      const at = instant(value.at);
      if (Number.isNaN(at))
        violations.push({ field, rule: 'invalid_date', message: 'not a readable date-time' });
      return at;
    }
    const offset = 'offset' in value ? value.offset : undefined;
    if (offset === undefined || !isDuration(offset)) {
      violations.push({
        field,
        rule: 'invalid_duration',
        message: 'an ISO-8601 duration such as P1M',
      });
      return Number.NaN;
    }
    return addDuration(startsAt, offset);
  };

  const phaseTimes = spec.phases.map((phase, i) => {
    const start = fromStart(phase.start, `phases.${i}.start`);
    let end: number;
    if ('duration' in phase.end) {
      if (!isDuration(phase.end.duration)) {
        violations.push({
          field: `phases.${i}.end`,
          rule: 'invalid_duration',
          message: 'an ISO-8601 duration such as P1M',
        });
        end = Number.NaN;
      } else {
        end = Number.isNaN(start) ? Number.NaN : addDuration(start, phase.end.duration);
      }
    } else {
      end = fromStart(phase.end, `phases.${i}.end`);
    }
    return { start, end };
  });

  const readable = phaseTimes.every((t) => !Number.isNaN(t.start) && !Number.isNaN(t.end));
  if (readable) {
    // The phase rules are those of a dated plan; report them on the spec's fields.
    for (const v of checkPhaseOrder(
      spec.phases.map((p, i) => ({
        kind: p.kind,
        startsAt: new Date(phaseTimes[i].start).toISOString(),
        endsAt: new Date(phaseTimes[i].end).toISOString(),
      })),
    )) {
      violations.push({
        ...v,
        field: v.field.replace(/\.startsAt$/, '.start').replace(/\.endsAt$/, '.end'),
      });
    }
    phaseTimes.forEach((t, i) => {
      if (t.start < startsAt) {
        violations.push({
          field: `phases.${i}.start`,
          rule: 'phase_before_campaign',
          message: 'a phase cannot start before the campaign',
        });
      }
    });
    if (spec.window) {
      if (!isDuration(spec.window.duration)) {
        violations.push({
          field: 'window.duration',
          rule: 'invalid_duration',
          message: 'an ISO-8601 duration such as P12M',
        });
      } else {
        const windowEnd = addDuration(startsAt, spec.window.duration);
        phaseTimes.forEach((t, i) => {
          if (t.end > windowEnd) {
            violations.push({
              field: `phases.${i}.end`,
              rule: 'phase_outside_window',
              message: `the phase ends after the campaign's window (${spec.window!.duration})`,
            });
          }
        });
      }
    }
  } else if (spec.phases.length !== PHASE_KINDS.length) {
    violations.push({
      field: 'phases',
      rule: 'phase_count',
      message: `a plan has exactly ${PHASE_KINDS.length} phases (${PHASE_KINDS.join(', ')}), got ${spec.phases.length}`,
    });
  }

  // Keys as the plan gives them: a recurring task's may repeat in later phases (one series).
  const keys = new Map<string, { path: string; phase: number; recurring: boolean }>();
  const missingYears = new Set<number>();
  type Entry =
    | { task: ResolvedTask }
    | { recurring: TaskSpec & { recurrence: TaskRecurrence }; path: string; dues: number[] };
  const entries: Entry[][] = spec.phases.map((phase, i) => {
    const { start, end } = phaseTimes[i];
    if (!(phase.gate.minMemberCompletion >= 0 && phase.gate.minMemberCompletion <= 1)) {
      violations.push({
        field: `phases.${i}.gate.minMemberCompletion`,
        rule: 'invalid_share',
        message: 'a share between 0 and 1',
      });
    }
    return phase.tasks.map((task, j): Entry => {
      const path = `phases.${i}.tasks.${j}`;
      const recurring = task.recurrence !== undefined;
      const prior = keys.get(task.key);
      if (!TASK_KEY.test(task.key)) {
        violations.push({
          field: `${path}.key`,
          rule: 'invalid_task_key',
          message: 'lower-case letters, digits, - and _ (up to 48)',
        });
      } else if (recurring && task.key.length > RECURRING_KEY_LENGTH) {
        violations.push({
          field: `${path}.key`,
          rule: 'invalid_task_key',
          message: `a recurring task's key is up to ${RECURRING_KEY_LENGTH} characters: its occurrences add -01, -02 …`,
        });
      } else if (prior && !(prior.recurring && recurring && prior.phase !== i)) {
        violations.push({
          field: `${path}.key`,
          rule: 'task_key_repeated',
          message: `the key ${task.key} is already used by ${prior.path}`,
        });
      } else if (!prior) {
        keys.set(task.key, { path, phase: i, recurring });
      }
      violations.push(...checkTaskKind(task, path));
      if ((task.due === undefined) === (task.recurrence === undefined)) {
        violations.push({
          field: `${path}.due`,
          rule: 'due_or_recurrence',
          message: 'give either the deadline (due) or how the task recurs (recurrence)',
        });
        return { task: { ...task, due: { at: '' }, dueAt: '' } };
      }
      if (task.recurrence) {
        const field = `${path}.recurrence`;
        const broken = checkRecurrence(task.recurrence, field);
        violations.push(...broken);
        const dues =
          broken.length === 0 && readable && !Number.isNaN(start) && !Number.isNaN(end)
            ? occurrences(task.recurrence, start, end)
            : [];
        if (broken.length === 0 && readable && dues.length === 0) {
          violations.push({
            field,
            rule: 'no_occurrence',
            message: `it never falls inside its phase (${dayOf(start)} to ${dayOf(end)})`,
          });
        }
        return { recurring: { ...task, recurrence: task.recurrence }, path, dues };
      }
      const due = resolveDue(task.due!, start, startsAt, calendar, `${path}.due`, violations);
      if (due.missingYears.length > 0) {
        due.missingYears.forEach((y) => missingYears.add(y));
        flags.push({
          field: `${path}.due`,
          rule: 'calendar_missing',
          message: `no working-day calendar for ${due.missingYears.join(', ')}: counted on weekends alone`,
          years: due.missingYears,
        });
      }
      if (readable && !Number.isNaN(due.at) && (due.at < start || due.at > end)) {
        violations.push({
          field: `${path}.due`,
          rule: 'task_outside_phase',
          message: 'the deadline falls outside its phase',
        });
      }
      return {
        task: {
          ...task,
          due: task.due!,
          dueAt: Number.isNaN(due.at) ? '' : new Date(due.at).toISOString(),
        },
      };
    });
  });

  // Each recurring task's occurrences, numbered on through the plan (phases are in date order).
  const counts = new Map<string, number>();
  for (const e of entries.flat())
    if ('recurring' in e)
      counts.set(e.recurring.key, (counts.get(e.recurring.key) ?? 0) + e.dues.length);
  const numbered = new Map<string, number>();
  const phases: ResolvedPhase[] = spec.phases.map((phase, i) => {
    const { start, end } = phaseTimes[i];
    const tasks = entries[i].flatMap((e): ResolvedTask[] => {
      if ('task' in e) return [e.task];
      const { recurrence, ...task } = e.recurring;
      const count = counts.get(task.key)!;
      if (count > MAX_OCCURRENCES && !numbered.has(task.key)) {
        violations.push({
          field: `${e.path}.recurrence`,
          rule: 'too_many_occurrences',
          message: `${count} occurrences; a recurring task has at most ${MAX_OCCURRENCES}`,
        });
      }
      return e.dues.map((at) => {
        const number = (numbered.get(task.key) ?? 0) + 1;
        numbered.set(task.key, number);
        const key = occurrenceKey(task.key, number);
        const taken = keys.get(key);
        if (taken) {
          violations.push({
            field: `${e.path}.key`,
            rule: 'task_key_repeated',
            message: `its occurrence ${key} has the key of ${taken.path}`,
          });
        }
        const dueAt = new Date(at).toISOString();
        return {
          ...task,
          key,
          name: occurrenceName(task.name, recurrence, at),
          due: { at: dueAt },
          dueAt,
          occurrence: { of: task.key, number, count, recurrence },
        };
      });
    });
    if (tasks.length > MAX_PHASE_TASKS) {
      violations.push({
        field: `phases.${i}.tasks`,
        rule: 'too_many_tasks',
        message: `${tasks.length} tasks with every occurrence; a phase has at most ${MAX_PHASE_TASKS}`,
      });
    }
    return {
      index: i,
      kind: phase.kind,
      // A phase without its own name is called by its kind's label.
      name: phase.name['zh-CN'] && phase.name.en ? phase.name : LABELS.phase[phase.kind],
      startsAt: Number.isNaN(start) ? '' : new Date(start).toISOString(),
      endsAt: Number.isNaN(end) ? '' : new Date(end).toISOString(),
      gate: phase.gate,
      tasks,
    };
  });

  spec.reminders.offsets.forEach((offset, i) => {
    if (!isDuration(offset)) {
      violations.push({
        field: `reminders.offsets.${i}`,
        rule: 'invalid_duration',
        message: 'an ISO-8601 duration such as P3D',
      });
    }
  });
  if (new Set(spec.reminders.offsets).size !== spec.reminders.offsets.length) {
    violations.push({
      field: 'reminders.offsets',
      rule: 'reminder_repeated',
      message: 'each reminder offset once',
    });
  }
  if (spec.review.closedBy !== undefined && !CLOSED_BY.includes(spec.review.closedBy)) {
    violations.push({
      field: 'review.closedBy',
      rule: 'invalid_closer',
      message: `one of ${CLOSED_BY.join(', ')}`,
    });
  }
  if (!isDuration(spec.review.cadence)) {
    violations.push({
      field: 'review.cadence',
      rule: 'invalid_duration',
      message: 'an ISO-8601 duration such as P1M',
    });
  }
  const before = spec.holidayReminders.workingDaysBefore;
  if (!Number.isInteger(before) || before < 0 || before > 20) {
    violations.push({
      field: 'holidayReminders.workingDaysBefore',
      rule: 'invalid_count',
      message: '0 to 20 working days',
    });
  }
  violations.push(...checkEscalationPolicy(spec.escalation, 'escalation'));
  if (spec.assessment) violations.push(...checkAssessmentPolicy(spec.assessment, 'assessment'));

  if (violations.length > 0 || !readable) return { plan: null, violations, flags };

  const planEnd = phaseTimes[phaseTimes.length - 1].end;
  const holidays = spec.holidayReminders.enabled
    ? resolveHolidays(startsAt, planEnd, before, calendar, flags)
    : [];
  return {
    plan: {
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(planEnd).toISOString(),
      keyGroups: spec.keyGroups,
      phases,
      reminders: spec.reminders,
      review: spec.review,
      escalation: spec.escalation,
      holidayReminders: spec.holidayReminders,
      holidays,
      intake: spec.intake ?? DEFAULT_INTAKE_POLICY,
      assessment: spec.assessment ?? DEFAULT_ASSESSMENT_POLICY,
    },
    violations,
    flags,
  };
}

function checkTaskKind(task: TaskSpec, path: string): Violation[] {
  const violations: Violation[] = [];
  if (!(TASK_KINDS as readonly string[]).includes(task.kind)) {
    return [
      {
        field: `${path}.kind`,
        rule: 'task_kind_unknown',
        message: `unknown task kind ${task.kind}`,
      },
    ];
  }
  if ((task.kind === 'office_defined') !== Boolean(task.officeKind)) {
    return [
      {
        field: `${path}.officeKindId`,
        rule: task.officeKind ? 'office_kind_unexpected' : 'office_kind_required',
        message: task.officeKind
          ? 'only an office-defined task names an office task kind'
          : 'name the office task kind (officeKindId)',
      },
    ];
  }
  if (!(TASK_OWNERS as readonly string[]).includes(task.owner)) {
    return [
      { field: `${path}.owner`, rule: 'owner_unknown', message: `unknown owner ${task.owner}` },
    ];
  }
  if (task.kind === 'warning_education' && !task.warningForm) {
    violations.push({
      field: `${path}.warningForm`,
      rule: 'warning_form_required',
      message: 'say which form of warning education (film, education_base, trial, ...)',
    });
  }
  if (task.kind !== 'warning_education' && task.warningForm) {
    violations.push({
      field: `${path}.warningForm`,
      rule: 'warning_form_unexpected',
      message: 'only warning education has a form',
    });
  }
  const personal = task.owner !== 'unit';
  if (
    !personal &&
    (
      [
        'three_questions',
        'integrity_pledge',
        'reflection',
        'topic_discussion',
        'self_examination',
        'integrity_day',
      ] as const
    ).some((k) => k === task.kind)
  ) {
    violations.push({
      field: `${path}.owner`,
      rule: 'owner_not_allowed',
      message: `each person owes ${task.kind} for themselves, not a unit`,
    });
  }
  if (
    personal &&
    (
      [
        'deployment_meeting',
        'situation_analysis',
        'life_meeting',
        'phase_summary',
        'portrait_comparison',
      ] as const
    ).some((k) => k === task.kind)
  ) {
    violations.push({
      field: `${path}.owner`,
      rule: 'owner_not_allowed',
      message: `${task.kind} is held or written by each unit`,
    });
  }
  if (
    task.kind === 'six_clarifications' &&
    // Seed 000 asks them of everyone (人人交明白账); D4 of leaders and key persons. Never of a unit.
    task.owner === 'unit'
  ) {
    violations.push({
      field: `${path}.owner`,
      rule: 'owner_not_allowed',
      message: 'the six clarifications are owed by people, not by a unit',
    });
  }
  return violations;
}

function resolveDue(
  due: TaskDue,
  phaseStart: number,
  campaignStart: number,
  calendar: WorkingDays,
  field: string,
  violations: Violation[],
): { at: number; missingYears: number[] } {
  if ('at' in due) {
    const at = instant(due.at);
    if (Number.isNaN(at))
      violations.push({ field, rule: 'invalid_date', message: 'not a readable date-time' });
    return { at, missingYears: [] };
  }
  if ('offset' in due) {
    if (!isDuration(due.offset)) {
      violations.push({
        field,
        rule: 'invalid_duration',
        message: 'an ISO-8601 duration such as P10D',
      });
      return { at: Number.NaN, missingYears: [] };
    }
    return {
      at: Number.isNaN(phaseStart) ? Number.NaN : addDuration(phaseStart, due.offset),
      missingYears: [],
    };
  }
  if ('workingDays' in due) {
    if (
      !Number.isInteger(due.workingDays) ||
      due.workingDays < 1 ||
      due.workingDays > MAX_WORKING_DAYS
    ) {
      violations.push({
        field,
        rule: 'working_days_invalid',
        message: `1 to ${MAX_WORKING_DAYS} working days`,
      });
      return { at: Number.NaN, missingYears: [] };
    }
    if (Number.isNaN(phaseStart)) return { at: Number.NaN, missingYears: [] };
    const { date, missingYears } = calendar.addWorkingDays(dayOf(phaseStart), due.workingDays);
    return { at: deadlineOfDay(date), missingYears };
  }
  if (!Number.isInteger(due.monthEnd) || due.monthEnd < 1 || due.monthEnd > 24) {
    violations.push({ field, rule: 'invalid_month', message: 'month 1 to 24 of the campaign' });
    return { at: Number.NaN, missingYears: [] };
  }
  // The last day of the campaign's N-th calendar month (month 1: the month it starts in).
  const [y, m] = dayOf(campaignStart).split('-').map(Number);
  const firstOfNext = new Date(Date.UTC(y, m - 1 + due.monthEnd, 1)).toISOString().slice(0, 10);
  return { at: startOfDay(firstOfNext) - 1, missingYears: [] };
}

function resolveHolidays(
  start: number,
  end: number,
  workingDaysBefore: number,
  calendar: WorkingDays,
  flags: PlanFlag[],
): ResolvedHoliday[] {
  const first = Number(dayOf(start).slice(0, 4));
  const last = Number(dayOf(end).slice(0, 4));
  const reminders: ResolvedHoliday[] = [];
  const unknown: number[] = [];
  for (let year = first; year <= last; year++) {
    if (!calendar.hasYear(year)) {
      unknown.push(year);
      continue;
    }
    for (const period of calendar.holidays(year)) {
      const day =
        workingDaysBefore === 0
          ? period.firstDay
          : calendar.addWorkingDays(period.firstDay, -workingDaysBefore).date;
      const at = startOfDay(day) + OFFICE_OPENS_MS;
      if (at >= start && at < end) {
        reminders.push({
          holiday: period.key,
          year,
          firstDay: period.firstDay,
          remindAt: new Date(at).toISOString(),
        });
      }
    }
  }
  if (unknown.length > 0) {
    flags.push({
      field: 'holidayReminders',
      rule: 'holidays_unknown',
      message: `no holiday data for ${unknown.join(', ')}: no holiday reminders are scheduled there`,
      years: unknown,
    });
  }
  return reminders.sort((a, b) => instant(a.remindAt) - instant(b.remindAt));
}

/** The plan of a campaign launched with explicit dated phases and nothing else. */
export function datedPlanSpec(
  phases: ReadonlyArray<{ kind: PhaseKind; startsAt: string; endsAt: string }>,
): PlanSpec {
  return {
    keyGroups: ['leaders', 'key_persons'],
    phases: phases.map((p) => ({
      kind: p.kind,
      name: { 'zh-CN': '', en: '' },
      start: { at: p.startsAt },
      end: { at: p.endsAt },
      gate: { minMemberCompletion: 0, requireUnitTasks: false, onFail: 'proceed' },
      tasks: [],
    })),
    reminders: { offsets: ['P3D', 'P1D'] },
    review: { cadence: 'P1M' },
    escalation: DEFAULT_ESCALATION_POLICY,
    holidayReminders: { enabled: false, workingDaysBefore: 2 },
  };
}
