export * from './activities.js';
export * from './campaign.js';
export * from './task.js';
