export * from './embedded-postgres.js';
export * from './harness.js';
export * from './plans.js';
export * from './ports.js';
export * from './temporal-cli.js';
export * from './temporal-dev-server.js';
export * from './time-skipping-server.js';
