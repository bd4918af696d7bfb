export * from './activities.js';
export * from './cadence.js';
export * from './campaign.js';
export * from './item.js';
export * from './notification.js';
export * from './task.js';
