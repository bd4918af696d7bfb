import { createCampaignActivities } from '@campaign/activities';
import { type AppConfig, type Logger, NestPinoLogger } from '@campaign/config';
import { CampaignReadModelRepository } from '@campaign/persistence';
import { createCampaignWorker } from '@campaign/temporal';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Runtime } from '@temporalio/worker';

import { WorkerModule } from './worker.module.js';

export interface RunningWorker {
  /** Resolves when the worker has drained and everything is closed. */
  done: Promise<void>;
  /** Starts a graceful shutdown; calling it again does nothing more. */
  shutdown(): void;
}

/**
 * Boots the worker: a Nest application context (no HTTP) builds the activities from injected
 * services, the Temporal worker runs them, and shutdown happens in exactly one place: `shutdown()`
 * stops polling, `worker.run()` resolves once in-flight tasks finish, then Nest and the
 * connection close.
 */
export async function startWorker(config: AppConfig, logger: Logger): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCampaignWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createCampaignActivities({ readModel: app.get(CampaignReadModelRepository) }),
  });

  let stopping = false;
  const done = (async () => {
    try {
      await worker.run();
    } finally {
      await connection.close();
      await app.close();
      logger.info('worker stopped');
    }
  })();
  logger.info(
    { taskQueue: config.temporal.taskQueue, address: config.temporal.address },
    'worker running',
  );
  return {
    done,
    shutdown() {
      if (stopping) return;
      stopping = true;
      logger.info('worker shutting down');
      worker.shutdown();
    },
  };
}

/** Temporal's Runtime installs its own signal handlers by default; the worker owns signals instead. */
export function installRuntimeWithoutSignalHandlers(): void {
  Runtime.install({ shutdownSignals: [] });
}
