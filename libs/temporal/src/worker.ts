import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AppConfig } from '@campaign/config';
import type { Activities } from '@campaign/contracts';
import { type BundleOptions, type NativeConnection, Worker } from '@temporalio/worker';

const here = fileURLToPath(import.meta.url);
/** `.ts` when running from source (tests), `.js` when running the built `dist/`. */
const ext = extname(here);
/** Project root (source) or `dist/` (built): this file sits three folders below it. */
const root = resolve(here, '../../../..');

/**
 * Where the workflow code is. Built code is already free of path aliases (swc rewrote them);
 * source needs the aliases workflows may use (contracts and domain, nothing with I/O).
 */
export function workflowBundleOptions(): Pick<
  BundleOptions,
  'workflowsPath' | 'webpackConfigHook'
> {
  return {
    workflowsPath: resolve(root, `workflows/src/index${ext}`),
    webpackConfigHook: (config) => {
      config.resolve = {
        ...config.resolve,
        alias: {
          ...(config.resolve?.alias as Record<string, string | false>),
          '@campaign/contracts': resolve(root, `libs/contracts/src/index${ext}`),
          '@campaign/domain': resolve(root, `libs/domain/src/index${ext}`),
        },
      };
      return config;
    },
  };
}

/** The prebuilt bundle `npm run build` writes beside the built code, when it exists. */
export function prebuiltWorkflowBundlePath(): string | undefined {
  const path = resolve(root, 'workflow-bundle.cjs');
  return ext === '.js' && existsSync(path) ? path : undefined;
}

export interface WorkerOptions {
  connection: NativeConnection;
  /** Namespace, task queue and worker tuning come from here. */
  temporal: Pick<AppConfig['temporal'], 'namespace' | 'taskQueue' | 'worker'>;
  activities: Activities;
}

/**
 * The one way a worker is made (the worker app, the tests, the scripts): every workflow and
 * activity, tuned from configuration. Uses the prebuilt bundle in production (no webpack at
 * start-up), bundles from the workflow sources otherwise.
 */
export async function createWorker({ connection, temporal, activities }: WorkerOptions) {
  const prebuilt = prebuiltWorkflowBundlePath();
  const { webpackConfigHook, workflowsPath } = workflowBundleOptions();
  const tuning = temporal.worker;
  return Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    activities,
    ...(prebuilt
      ? { workflowBundle: { codePath: prebuilt } }
      : { workflowsPath, bundlerOptions: { webpackConfigHook } }),
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentLocalActivityExecutions: tuning.maxConcurrentLocalActivityExecutions,
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    // A stopping worker lets running activities (a batch of reminders) finish first.
    shutdownGraceTime: tuning.shutdownGraceTimeMs,
  });
}
