export * from './config.js';
export * from './config.module.js';
export * from './logger.js';
export * from './nest-logger.js';
