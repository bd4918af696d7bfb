export * from './cadence-schedule.js';
