/**
 * ISO-8601 durations (P1M, P10D, P2W, PT12H) and the calendar arithmetic campaigns need, in
 * Asia/Shanghai. China keeps one offset all year (UTC+8, no daylight saving since 1991), so
 * local calendar fields are the UTC fields of the instant shifted by eight hours: plain
 * arithmetic, no time-zone database, safe inside workflows.
 */

import { endOfDay, SHANGHAI_OFFSET_MS } from '../calendar/days.js';

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses an ISO-8601 duration of whole units; null when it is not one. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = m
    .slice(1)
    .map((v) => Number(v ?? 0));
  const d: Duration = { years, months, weeks, days, hours, minutes, seconds };
  return Object.values(d).every((v) => Number.isSafeInteger(v) && v <= 100_000) ? d : null;
}

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && parseDuration(text) !== null;
}

/**
 * `instant` moved by `duration` (backwards when `sign` is -1). Years and months move the
 * Shanghai calendar date, clamping to the month's last day (31 Jan + P1M = 28 or 29 Feb);
 * weeks, days and time move by fixed amounts (a Shanghai day is always 24 hours).
 */
export function addDuration(
  instant: number,
  duration: string | Duration,
  sign: 1 | -1 = 1,
): number {
  const d = typeof duration === 'string' ? parseDuration(duration) : duration;
  if (!d) throw new RangeError(`not an ISO-8601 duration: ${JSON.stringify(duration)}`);
  let local = instant + SHANGHAI_OFFSET_MS;
  const months = sign * (d.years * 12 + d.months);
  if (months !== 0) {
    const t = new Date(local);
    const target = t.getUTCFullYear() * 12 + t.getUTCMonth() + months;
    const year = Math.floor(target / 12);
    const month = target - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(t.getUTCDate(), lastDay);
    local = Date.UTC(
      year,
      month,
      day,
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
      t.getUTCMilliseconds(),
    );
  }
  const fixed =
    ((d.weeks * 7 + d.days) * 24 * 3600 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return local + sign * fixed - SHANGHAI_OFFSET_MS;
}

/** The length of a duration from `from` (months vary, so it needs an anchor). */
export function durationMs(duration: string, from: number): number {
  return addDuration(from, duration) - from;
}

/**
 * The deadline of a task due "on day X" (YYYY-MM-DD, Shanghai): the last instant of that day,
 * so it reads as X (23:59:59) wherever it is shown, and anything done on X is on time.
 */
export function deadlineOfDay(day: string): number {
  return endOfDay(day) - 1;
}

/** ISO-8601 with the +08:00 offset, as people here read dates. */
export function toShanghaiIso(instant: number): string {
  return new Date(instant + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
