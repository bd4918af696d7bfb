import { dayNumber, dayOf, fromDayNumber, weekdayOfDayNumber } from '../calendar/days.js';
import type { Violation } from '../errors.js';
import type { Language } from '../labels.js';
import { deadlineOfDay } from '../time/duration.js';

/**
 * A task an office holds again and again (每月25日“廉政自省日”, 每周五政治学习): the plan says it
 * once, and resolving the plan writes one dated task per occurrence inside its phase, so the
 * forecast shows each and the campaign creates exactly those. Each occurrence is due by the end
 * of its day (Asia/Shanghai).
 *
 * - `{ "every": "month", "day": 25 }` — the 25th of every month (1 to 28: every month has it);
 * - `{ "every": "week", "weekday": 5 }` — every Friday (1 = Monday … 7 = Sunday).
 */
export type TaskRecurrence = { every: 'month'; day: number } | { every: 'week'; weekday: number };

export const RECURRENCE_EVERY = ['month', 'week'] as const;
/** The last day every month has: a recurrence on the 29th–31st would skip February. */
export const MAX_MONTH_DAY = 28;
/** Occurrences of one recurring task over the whole plan: keys stay `…-01` to `…-99`. */
export const MAX_OCCURRENCES = 99;

/** Which occurrence of a recurring task a resolved task is. */
export interface TaskOccurrence {
  /** The recurring task's key in the plan (`integrity-day`). */
  of: string;
  /** 1, 2, … counted over the whole plan, in date order. */
  number: number;
  /** How many occurrences the plan has of it in all. */
  count: number;
  recurrence: TaskRecurrence;
}

/** The key of the `n`-th occurrence: `integrity-day-03`. */
export const occurrenceKey = (key: string, n: number): string =>
  `${key}-${String(n).padStart(2, '0')}`;

/** Checks a recurrence's own rules (the API's 400 names the same fields). */
export function checkRecurrence(recurrence: TaskRecurrence, field: string): Violation[] {
  const r = recurrence as { every?: unknown; day?: unknown; weekday?: unknown };
  if (r.every === 'month') {
    const day = r.day;
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > MAX_MONTH_DAY) {
      return [
        {
          field: `${field}.day`,
          rule: 'invalid_recurrence',
          message: `a day of the month from 1 to ${MAX_MONTH_DAY}`,
        },
      ];
    }
    return [];
  }
  if (r.every === 'week') {
    const weekday = r.weekday;
    if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      return [
        {
          field: `${field}.weekday`,
          rule: 'invalid_recurrence',
          message: 'a weekday from 1 (Monday) to 7 (Sunday)',
        },
      ];
    }
    return [];
  }
  return [{ field: `${field}.every`, rule: 'invalid_recurrence', message: 'month or week' }];
}

/**
 * The deadlines of a recurrence inside a phase, in order: the end of each matching day whose
 * deadline falls within [opens, closes] (the same bounds a dated task must keep).
 */
export function occurrences(recurrence: TaskRecurrence, opens: number, closes: number): number[] {
  const at: number[] = [];
  const first = dayNumber(dayOf(opens));
  const last = dayNumber(dayOf(closes));
  for (let n = first; n <= last; n++) {
    const date = fromDayNumber(n);
    const matches =
      recurrence.every === 'month'
        ? Number(date.slice(8, 10)) === recurrence.day
        : weekdayOfDayNumber(n) === recurrence.weekday;
    if (!matches) continue;
    const due = deadlineOfDay(date);
    if (due >= opens && due <= closes) at.push(due);
  }
  return at;
}

const WEEKDAYS: Record<Language, readonly string[]> = {
  'zh-CN': ['一', '二', '三', '四', '五', '六', '日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** How an office says it: 每月25日, 每周五; monthly on the 25th, weekly on Friday. */
export function recurrenceLabel(recurrence: TaskRecurrence, language: Language): string {
  if (recurrence.every === 'month') {
    return language === 'en' ? `monthly, on day ${recurrence.day}` : `每月${recurrence.day}日`;
  }
  const day = WEEKDAYS[language][recurrence.weekday - 1];
  return language === 'en' ? `weekly, on ${day}` : `每周${day}`;
}

/**
 * An occurrence's name: the task's with its month (“廉政自省日”活动（2026年3月）) or, weekly,
 * its day (（2026年3月6日）), so a member's list and a reminder say which one is meant.
 */
export function occurrenceName(
  name: Record<Language, string>,
  recurrence: TaskRecurrence,
  dueAt: number,
): Record<Language, string> {
  const [y, m, d] = dayOf(dueAt).split('-').map(Number);
  return recurrence.every === 'month'
    ? { 'zh-CN': `${name['zh-CN']}（${y}年${m}月）`, en: `${name.en} (${MONTHS[m - 1]} ${y})` }
    : {
        'zh-CN': `${name['zh-CN']}（${y}年${m}月${d}日）`,
        en: `${name.en} (${d} ${MONTHS[m - 1]} ${y})`,
      };
}
