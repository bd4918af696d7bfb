import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { LedgerRepository } from '@campaign/persistence';
import { type ItemStartResult, startItemWorkflows } from '@campaign/temporal';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';

import { withinDeadline } from '../temporal/deadline.js';
import { StartReconciler } from '../temporal/start-reconciler.js';

const BATCH = 1_000;

/**
 * Starts the workflows of registered ledger items (`registerItems`' second half): at once for
 * the registration or import that committed them, and again through the start reconciler for
 * any whose start Temporal did not confirm.
 */
@Injectable()
export class ItemStarter implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly temporal: Client,
    private readonly reconciler: StartReconciler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.reconciler.register('ledger items', async (before) => {
      const ids = await this.ledger.unstartedItemIds(before, BATCH);
      if (ids.length === 0) return 0;
      const { started } = await this.start(ids);
      if (started.length > 0) this.logger.info({ count: started.length }, 'ledger items started');
      return started.length;
    });
  }

  /**
   * Starts these items' workflows, by `deadline` if given; never throws: what did not start
   * stays "starting" for the reconciler.
   */
  async start(ids: string[], deadline?: number): Promise<ItemStartResult> {
    const run = () =>
      startItemWorkflows(this.dataSource, this.temporal, this.config.temporal.taskQueue, ids);
    try {
      const result = await (deadline === undefined
        ? run()
        : withinDeadline(this.temporal, deadline, run));
      if (result.failed.length > 0) {
        this.logger.warn({ count: result.failed.length }, 'item workflows left to the reconciler');
      }
      return result;
    } catch (error) {
      this.logger.warn(
        { count: ids.length, err: error instanceof Error ? error.name : typeof error },
        'item workflows left to the reconciler',
      );
      return { started: [], failed: ids };
    }
  }
}
