export * from './activities.js';
export * from './campaign.js';
