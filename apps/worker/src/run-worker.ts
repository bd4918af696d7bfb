import { createActivities } from '@campaign/activities';
import { type AppConfig, type Logger, NestPinoLogger } from '@campaign/config';
import {
  createWorker,
  ensureCadences,
  ensureNotificationMaintenance,
  retryParkedItems,
} from '@campaign/temporal';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import type { LogLevel, LogMetadata } from '@temporalio/common';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { DataSource } from 'typeorm';

import { WorkerModule } from './worker.module.js';

export interface RunningWorker {
  /** Resolves when the worker has drained and everything is closed. */
  done: Promise<void>;
  /** Starts a graceful shutdown; calling it again does nothing more. */
  shutdown(): void;
}

export interface StartWorkerOptions {
  /** Start (or find running) the notification maintenance workflow; default true. */
  maintenance?: boolean;
}

/**
 * Boots the worker: a Nest application context (no HTTP) builds the activities from injected
 * services, the Temporal worker runs them, and shutdown happens in exactly one place: `shutdown()`
 * stops polling, `worker.run()` resolves once in-flight tasks finish, then Nest and the
 * connection close. Once polling, it makes sure the notification maintenance workflow runs, and
 * every running campaign's cadence workflow (campaigns launched before it existed get theirs),
 * and retries every parked ledger item.
 */
export async function startWorker(
  config: AppConfig,
  logger: Logger,
  options: StartWorkerOptions = {},
): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({
    connection,
    temporal: config.temporal,
    activities: createActivities({ dataSource: app.get(DataSource), config, logger }),
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
  if (!config.mail.smtp) {
    logger.warn('SMTP_HOST is not set: e-mail notifications are recorded as skipped');
  }
  if (options.maintenance ?? true) {
    const clientConnection = await Connection.connect({ address: config.temporal.address });
    try {
      const client = new Client({
        connection: clientConnection,
        namespace: config.temporal.namespace,
      });
      const maintenance = await ensureNotificationMaintenance(client, config);
      logger.info(maintenance, 'notification maintenance workflow running');
      try {
        const campaigns = await ensureCadences(
          client,
          app.get(DataSource),
          config.temporal.taskQueue,
        );
        logger.info({ campaigns }, 'cadence workflows running');
      } catch (error) {
        // Best effort: launches start their own; the next boot tries again for older campaigns.
        logger.warn(
          { err: error instanceof Error ? error.name : typeof error },
          'cadence check deferred',
        );
      }
      try {
        // A deploy may bring the fix a parked item waits for: every one is tried again.
        const retried = await retryParkedItems(app.get(DataSource), client);
        if (retried > 0) logger.info({ retried }, 'parked ledger items retried');
      } catch (error) {
        logger.warn(
          { err: error instanceof Error ? error.name : typeof error },
          'parked items not retried; the next boot tries again',
        );
      }
    } catch (error) {
      worker.shutdown();
      await done;
      throw error;
    } finally {
      await clientConnection.close();
    }
  }
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

/**
 * Temporal's Runtime installs its own signal handlers by default; the worker owns signals
 * instead. Its logs join the worker's structured JSON log.
 */
export function installTemporalRuntime(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    sdk[PINO_LEVEL[level]](meta ?? {}, message);
  };
  Runtime.install({
    shutdownSignals: [],
    logger: {
      log: write,
      trace: (message, meta) => write('TRACE', message, meta),
      debug: (message, meta) => write('DEBUG', message, meta),
      info: (message, meta) => write('INFO', message, meta),
      warn: (message, meta) => write('WARN', message, meta),
      error: (message, meta) => write('ERROR', message, meta),
    },
  });
}

const PINO_LEVEL = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<LogLevel, string>;
