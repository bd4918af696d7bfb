import type { WorkingDays } from '../time/working-days.js';

/**
 * A small stand-in for the working-day calendar in unit tests of plans and ladders: weekends
 * plus the given days off and make-up working days, for the given years only.
 */
export function fakeCalendar(
  years: Record<
    number,
    {
      off?: string[];
      work?: string[];
      holidays?: Array<{ key: string; firstDay: string; lastDay: string }>;
    }
  > = {},
): WorkingDays {
  const off = new Set(Object.values(years).flatMap((y) => y.off ?? []));
  const work = new Set(Object.values(years).flatMap((y) => y.work ?? []));
  const has = (year: number) => year in years;
  const isWorking = (day: string) => {
    if (work.has(day)) return true;
    if (off.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
  return {
    hasYear: has,
    holidays: (year) => years[year]?.holidays ?? [],
    addWorkingDays(date, n) {
      const step = n > 0 ? 1 : -1;
      const missing = new Set<number>();
      let t = Date.parse(`${date}T00:00:00Z`);
      for (let left = Math.abs(n); left > 0;) {
        t += step * 86_400_000;
        const day = new Date(t).toISOString().slice(0, 10);
        if (!has(Number(day.slice(0, 4)))) missing.add(Number(day.slice(0, 4)));
        if (isWorking(day)) left--;
      }
      return { date: new Date(t).toISOString().slice(0, 10), missingYears: [...missing] };
    },
  };
}
