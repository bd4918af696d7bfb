export * from './campaign-worker.js';
