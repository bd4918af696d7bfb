import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { CampaignActivities } from '@campaign/contracts';
import {
  type BundleOptions,
  type NativeConnection,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';

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

export interface CampaignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: CampaignActivities;
  /** Extra worker tuning (tests, benchmarks). */
  tuning?: Pick<
    WorkerOptions,
    'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions'
  >;
}

/**
 * Creates the worker that runs campaign workflows and their activities. Uses the prebuilt
 * bundle in production (no webpack at start-up), bundles from the workflow sources otherwise.
 */
export async function createCampaignWorker(options: CampaignWorkerOptions): Promise<Worker> {
  const prebuilt = prebuiltWorkflowBundlePath();
  const { webpackConfigHook, workflowsPath } = workflowBundleOptions();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(prebuilt
      ? { workflowBundle: { codePath: prebuilt } }
      : { workflowsPath, bundlerOptions: { webpackConfigHook } }),
    ...options.tuning,
  });
}
