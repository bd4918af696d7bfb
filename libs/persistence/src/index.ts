export * from './account.repository.js';
export * from './campaign-read-model.repository.js';
export * from './data-source.js';
export * from './entities/index.js';
export * from './notification.repository.js';
export * from './org.repository.js';
export * from './persistence.module.js';
