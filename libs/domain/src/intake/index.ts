export * from './disclosure.js';
export * from './findings.js';
export * from './intake-enums.js';
export * from './problem-channel.js';
export * from './routing.js';
export * from './tip-off-quotes.js';
export * from './tip-off-reporter.js';
