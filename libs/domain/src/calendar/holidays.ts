/**
 * The seven public holidays of the State Council's yearly notice (DOMAIN.md D7), in calendar
 * order. Integrity reminders go out before each of them.
 */
export const HOLIDAY_KEYS = [
  'new_year',
  'spring_festival',
  'qingming',
  'labour_day',
  'dragon_boat',
  'mid_autumn',
  'national_day',
] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

/**
 * Every kind of day off a year's data may carry: the seven holidays, and `special` for a one-off
 * day off the State Council declares outside them (2015-09-03/04, the 70th anniversary of the
 * victory in the War of Resistance). A special day is a day off like any other but gets no
 * holiday reminder.
 */
export const DAY_OFF_KEYS = [...HOLIDAY_KEYS, 'special'] as const;
export type DayOffKey = (typeof DAY_OFF_KEYS)[number];

export function isHolidayKey(value: unknown): value is HolidayKey {
  return typeof value === 'string' && (HOLIDAY_KEYS as readonly string[]).includes(value);
}

export function isDayOffKey(value: unknown): value is DayOffKey {
  return typeof value === 'string' && (DAY_OFF_KEYS as readonly string[]).includes(value);
}
