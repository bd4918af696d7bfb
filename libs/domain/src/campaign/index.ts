export * from './clock.js';
export * from './forecast.js';
export * from './gate-hold.js';
export * from './plan.js';
export * from './progress.js';
export * from './recurrence.js';
export * from './schedule.js';
export * from './templates.js';
