import type { Language } from '../labels.js';

/**
 * China Standard Time is UTC+8 all year (no daylight saving since 1991), so Asia/Shanghai is a
 * fixed offset for every date this product handles; plain arithmetic keeps this code pure and
 * identical in workflows, activities and the API.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');
const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instantMs: number): string {
  const d = new Date(instantMs + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The first instant strictly after `nowMs` at which the Asia/Shanghai clock shows `hour`:00. */
export function nextShanghaiTime(nowMs: number, hour: number): number {
  const local = nowMs + SHANGHAI_OFFSET_MS;
  const todayAt = Math.floor(local / DAY_MS) * DAY_MS + hour * 3600 * 1000;
  return (todayAt > local ? todayAt : todayAt + DAY_MS) - SHANGHAI_OFFSET_MS;
}

/** Parses an instant given as epoch milliseconds or an ISO-8601 string; NaN when it is neither. */
export function parseInstant(value: string | number): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  // A bare date or a time without an offset would be read in the server's zone: refuse it.
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(value)) return NaN;
  return Date.parse(value);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → its parts, checked against the calendar; undefined when it is not a date. */
function dateParts(value: string): [number, number, number] | undefined {
  const m = DATE_ONLY.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return [y, mo, d];
}

function formatDay([y, mo, d]: [number, number, number], language: Language): string {
  return language === 'zh-CN' ? `${y}年${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]} ${y}`;
}

/** An instant as people read it: Asia/Shanghai wall-clock date and time. */
export function formatDateTime(value: string | number, language: Language): string | undefined {
  const ms = parseInstant(value);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const day = formatDay([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()], language);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return language === 'zh-CN' ? `${day} ${time}` : `${day}, ${time} (UTC+8)`;
}

/** A calendar day (`YYYY-MM-DD`, or an instant taken in Asia/Shanghai) as people read it. */
export function formatDate(value: string | number, language: Language): string | undefined {
  if (typeof value === 'string') {
    const parts = dateParts(value);
    if (parts) return formatDay(parts, language);
  }
  const ms = parseInstant(value);
  if (Number.isNaN(ms)) return undefined;
  const parts = dateParts(shanghaiDate(ms));
  return parts && formatDay(parts, language);
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const UNITS: ReadonlyArray<{ zh: string; en: [string, string] }> = [
  { zh: '年', en: ['year', 'years'] },
  { zh: '个月', en: ['month', 'months'] },
  { zh: '周', en: ['week', 'weeks'] },
  { zh: '天', en: ['day', 'days'] },
  { zh: '小时', en: ['hour', 'hours'] },
  { zh: '分钟', en: ['minute', 'minutes'] },
  { zh: '秒', en: ['second', 'seconds'] },
];

function formatParts(amounts: number[], language: Language): string {
  const parts = amounts
    .map((n, i) => [n, UNITS[i]] as const)
    .filter(([n]) => n > 0)
    .map(([n, unit]) =>
      language === 'zh-CN' ? `${n}${unit.zh}` : `${n} ${unit.en[n === 1 ? 0 : 1]}`,
    );
  if (parts.length === 0) return language === 'zh-CN' ? '0分钟' : '0 minutes';
  return language === 'zh-CN' ? parts.join('') : parts.join(' ');
}

/**
 * A length of time as people say it: an ISO-8601 duration (`P3D`, `PT12H`, the offsets plans
 * use) or a number of milliseconds (rounded to the minute, in days, hours and minutes).
 */
export function formatDuration(value: string | number, language: Language): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const minutes = Math.round(value / 60_000);
    const days = Math.floor(minutes / 1440);
    return formatParts(
      [0, 0, 0, days, Math.floor((minutes % 1440) / 60), minutes % 60, 0],
      language,
    );
  }
  const m = DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  return formatParts(
    m.slice(1).map((n) => Number(n ?? 0)),
    language,
  );
}
