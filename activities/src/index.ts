export * from './campaign.activities.js';
