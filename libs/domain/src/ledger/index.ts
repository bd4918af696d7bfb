export * from './escalation.js';
export * from './item.js';
export * from './item-checks.js';
export * from './item-enums.js';
export * from './item-recipients.js';
export * from './item-ref.js';
export * from './item-schedule.js';
export * from './item-state.js';
