export * from './calendar-year-check.js';
export * from './days.js';
export * from './holidays.js';
export * from './working-day-calendar.js';
