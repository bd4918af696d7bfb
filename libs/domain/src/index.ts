export * from './campaign-plan.js';
export * from './errors.js';
export * from './labels.js';
export * from './notification/index.js';
export * from './org-tree.js';
export * from './organisation.js';
export * from './phase.js';
