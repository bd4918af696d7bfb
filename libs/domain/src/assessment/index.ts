export * from './assessment.js';
export * from './assessment-labels.js';
