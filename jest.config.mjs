// Jest runs the TypeScript sources as ESM (NestJS 12 is ESM-only), transformed by swc.
// Two projects: `unit` (*.spec.ts, no I/O) and `integration` (*.integration-spec.ts, against a
// real PostgreSQL and a real Temporal server that the global setup starts once per run).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const aliases = {
  '^@campaign/activities$': '<rootDir>/activities/src/index.ts',
  '^@campaign/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@campaign/(config|contracts|domain|persistence|temporal|testing)$':
    '<rootDir>/libs/$1/src/index.ts',
  // Sources import siblings with the `.js` suffix Node's ESM resolution needs.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: aliases,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/activities'],
};

export default {
  // Integration tests wait on real servers and real timers.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
      globalTeardown: '<rootDir>/scripts/jest-global-teardown.mjs',
    },
  ],
};
