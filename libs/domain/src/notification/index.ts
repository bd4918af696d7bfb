export * from './notification-status.js';
export * from './notification-templates.js';
export * from './notification-time.js';
export * from './render-notification.js';
