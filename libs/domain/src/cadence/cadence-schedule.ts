import { SHANGHAI_OFFSET_MS } from '../calendar/days.js';

/**
 * The ledger's cadence (DOMAIN.md D5): a monthly dispatch (月调度) and a quarterly bulletin
 * (季通报) for every calendar month and quarter, in China time (Asia/Shanghai) of campaign time,
 * that the campaign runs through, from its start to its end (its last phase's end). Each is due
 * when its period ends, or at the campaign's end for the last one, and is produced for exactly
 * that period even when it is produced late (a worker that was down catches up in order).
 */
export const CADENCE_KINDS = ['dispatch', 'bulletin', 'analysis'] as const;
export type CadenceKind = (typeof CADENCE_KINDS)[number];

export interface CadencePeriod {
  kind: CadenceKind;
  /** `2027-01` for a month, `2027-Q1` for a quarter, `2027-H1` for a half year (Shanghai calendar). */
  period: string;
  /** Campaign instants (epoch ms): the part of the period the campaign covers, [from, to). */
  from: number;
  to: number;
  /** When it is due: `to`. */
  dueAt: number;
}

/** The idempotency key of one period's report: a campaign has one report per kind and period. */
export function cadenceKey(p: Pick<CadencePeriod, 'kind' | 'period'>): string {
  return `${p.kind}:${p.period}`;
}

/** The Shanghai calendar month (year, 0-based month) an instant falls in. */
function shanghaiMonth(instantMs: number): { year: number; month: number } {
  const d = new Date(instantMs + SHANGHAI_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

/** 00:00 Shanghai time on the first day of `month` (0-based; may overflow into later years). */
function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every dispatch and bulletin of a campaign running over [startsAt, endsAt), in the order they
 * are due (a month's dispatch before the quarter's bulletin due at the same instant). With
 * `halfYear`, the half-year analysis too (半年分析, "年中查账", seed 003), after the bulletin
 * that closes June or December, or the campaign. Empty when the campaign has no duration.
 */
export function cadenceSchedule(
  startsAt: number,
  endsAt: number,
  options: { halfYear?: boolean } = {},
): CadencePeriod[] {
  if (!(Number.isFinite(startsAt) && Number.isFinite(endsAt)) || endsAt <= startsAt) return [];
  const out: CadencePeriod[] = [];
  const first = shanghaiMonth(startsAt);
  for (let m = first.year * 12 + first.month; ; m++) {
    const year = Math.floor(m / 12);
    const month = m % 12;
    const start = monthStart(year, month);
    if (start >= endsAt) break;
    const from = Math.max(start, startsAt);
    const to = Math.min(monthStart(year, month + 1), endsAt);
    out.push({ kind: 'dispatch', period: `${year}-${pad(month + 1)}`, from, to, dueAt: to });
    // The quarter's bulletin closes with its last month, or with the campaign.
    if (month % 3 === 2 || to === endsAt) {
      const quarter = Math.floor(month / 3);
      const qFrom = Math.max(monthStart(year, quarter * 3), startsAt);
      out.push({ kind: 'bulletin', period: `${year}-Q${quarter + 1}`, from: qFrom, to, dueAt: to });
    }
    if (options.halfYear && (month % 6 === 5 || to === endsAt)) {
      const half = Math.floor(month / 6);
      const hFrom = Math.max(monthStart(year, half * 6), startsAt);
      out.push({ kind: 'analysis', period: `${year}-H${half + 1}`, from: hFrom, to, dueAt: to });
    }
    if (to === endsAt) break;
  }
  return out;
}

/** The periods of `schedule` not yet in `done` (keys), in order: what is owed now or later. */
export function cadenceOwed(schedule: readonly CadencePeriod[], done: readonly string[]) {
  const produced = new Set(done);
  return schedule.filter((p) => !produced.has(cadenceKey(p)));
}

/**
 * The figures of a dispatch or bulletin, per unit, as the ledger stood at the period's end:
 * `total` registered by then, `new` registered in the period, `inProgress` being rectified
 * (assigned, in progress, sent back, reopened), `submitted` awaiting verification, `closed`
 * (closed or confirmed), `overdue` past the deadline in force, `escalated` with a rung of the
 * ladder fired (as the ledger's `escalated` filter), `sentBack` send-backs in the period.
 */
export const CADENCE_FIGURES = [
  'total',
  'new',
  'inProgress',
  'submitted',
  'closed',
  'overdue',
  'escalated',
  'sentBack',
] as const;
export type CadenceFigure = (typeof CADENCE_FIGURES)[number];
export type CadenceFigures = Record<CadenceFigure, number>;

/** Why a bulletin names an item (点名通报). */
export const BULLETIN_REASONS = ['overdue', 'escalated', 'sent_back'] as const;
export type BulletinReason = (typeof BULLETIN_REASONS)[number];

const MONTHS_EN = [
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
const QUARTERS_ZH = ['一', '二', '三', '四'];

/** A period as people name it: 2027年1月 / January 2027, 2027年第一季度 / Q1 2027, 2027年上半年 / H1 2027. */
export function cadencePeriodLabel(period: string, language: 'zh-CN' | 'en'): string {
  const half = /^(\d{4})-H([12])$/.exec(period);
  if (half) {
    return language === 'en'
      ? `H${half[2]} ${half[1]}`
      : `${half[1]}年${half[2] === '1' ? '上' : '下'}半年`;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    return language === 'en' ? `Q${q} ${quarter[1]}` : `${quarter[1]}年第${QUARTERS_ZH[q - 1]}季度`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (!month) return period;
  const m = Number(month[2]);
  return language === 'en' ? `${MONTHS_EN[m - 1]} ${month[1]}` : `${month[1]}年${m}月`;
}
