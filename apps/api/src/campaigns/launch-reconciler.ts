import { LOGGER, type Logger } from '@campaign/config';
import { CampaignReadModelRepository } from '@campaign/persistence';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { CampaignsService } from './campaigns.service.js';

/** Launches left unconfirmed this long are retried (a fresh one may still be confirming). */
const GRACE_MS = 30_000;
const EVERY_MS = 15_000;
const BATCH = 50;

/**
 * Finishes launches whose workflow start Temporal never confirmed: the row waits as
 * `launching` and this starts its workflow, idempotently (the same id; a running workflow is
 * the one), once Temporal answers. Every API instance may run it: a second start is harmless.
 */
@Injectable()
export class LaunchReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly campaigns: CampaignsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: start every unconfirmed launch older than the grace period. */
  async sweep(olderThanMs = GRACE_MS): Promise<number> {
    let started = 0;
    try {
      const pending = await this.readModel.unconfirmedLaunches(
        new Date(Date.now() - olderThanMs),
        BATCH,
      );
      for (const campaign of pending) {
        await this.campaigns.start(campaign);
        started++;
        this.logger.info({ campaignId: campaign.id }, 'unconfirmed launch started');
      }
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.name : typeof error },
        'launch reconciliation deferred',
      );
    }
    return started;
  }
}
