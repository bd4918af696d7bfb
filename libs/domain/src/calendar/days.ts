import { DomainError } from '../errors.js';

/**
 * Calendar days in Asia/Shanghai. China keeps UTC+8 all year (no daylight saving since 1991),
 * so a local day is plain arithmetic on instants: no time-zone database, nothing a workflow
 * sandbox lacks. Days are `YYYY-MM-DD` strings; internally a day number counts days since
 * 1970-01-01.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of `date`, or null when it is not a real `YYYY-MM-DD` day. */
function parse(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March and maps years 0–99 onto 1900–1999: reject both.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return null;
  if (back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && parse(value) !== null;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day; throws `invalid` for anything else. */
export function dayNumber(date: string): number {
  const n = typeof date === 'string' ? parse(date) : null;
  if (n === null) throw new DomainError('invalid', `${String(date)} is not a YYYY-MM-DD date`);
  return n;
}

/** The `YYYY-MM-DD` day of a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The day `n` calendar days after `date` (before it for n < 0). */
export function addCalendarDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: string): number {
  return weekdayOfDayNumber(dayNumber(date));
}

export function isWeekend(date: string): boolean {
  return dayOfWeek(date) >= 6;
}

/** The year of a `YYYY-MM-DD` day. */
export function yearOf(date: string): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai day (`YYYY-MM-DD`) an instant falls on. */
export function dayOf(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new DomainError('invalid', 'an instant must be finite');
  return fromDayNumber(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The instant (ms) `date` begins in Asia/Shanghai: 00:00 +08:00. */
export function startOfDay(date: string): number {
  return dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * The instant (ms) `date` ends in Asia/Shanghai: 24:00 +08:00, which is the next day's start.
 * Exclusive: an instant t lies on `date` exactly when startOfDay(date) <= t < endOfDay(date),
 * so a deadline "by the end of day X" is met by anything done before endOfDay(X), and a timer
 * armed for it fires at midnight.
 */
export function endOfDay(date: string): number {
  return startOfDay(date) + DAY_MS;
}
