export * from './cadence.js';
export * from './items.js';
export * from './maintenance.js';
export * from './notifications.js';
export * from './worker.js';
