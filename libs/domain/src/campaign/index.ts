export * from './clock.js';
export * from './plan.js';
export * from './schedule.js';
export * from './templates.js';
