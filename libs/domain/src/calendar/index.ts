export * from './calendar-year-check.js';
// Only the day helpers others need; day numbers stay internal to the calendar.
export {
  addCalendarDays,
  dayOf,
  dayOfWeek,
  endOfDay,
  isCalendarDate,
  isWeekend,
  SHANGHAI_OFFSET_MS,
  startOfDay,
  yearOf,
} from './days.js';
export * from './holidays.js';
export * from './working-day-calendar.js';
