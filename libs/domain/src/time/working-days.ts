/**
 * What plans and ladders need of the working-day calendar. The calendar in
 * libs/domain/src/calendar implements it from the official holiday data; a campaign freezes the
 * years it spans into its workflow input, so every deadline is computed the same way everywhere.
 */
export interface WorkingDays {
  /** n > 0: the n-th working day after `date`; n < 0: the |n|-th before. */
  addWorkingDays(date: string, n: number): { date: string; missingYears: number[] };
  /** The holiday periods of a year, first and last day; empty without data. */
  holidays(year: number): ReadonlyArray<{ key: string; firstDay: string; lastDay: string }>;
  hasYear(year: number): boolean;
}
