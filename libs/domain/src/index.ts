export * from './campaign-plan.js';
export * from './errors.js';
export * from './labels.js';
export * from './phase.js';
