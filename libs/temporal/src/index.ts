export * from './maintenance.js';
export * from './worker.js';
