import { LOGGER, type Logger } from '@campaign/config';
import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';

import { HEALTH_CONNECTION } from './health-connection.js';

/** How long Temporal gets to answer a probe before it counts as down. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Asks Temporal once, briefly, whether it answers: before a launch records anything, so a
 * launch while Temporal is down creates nothing. Uses the connection without retries.
 */
@Injectable()
export class TemporalProbe {
  constructor(
    @Inject(HEALTH_CONNECTION) private readonly connection: Connection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async isUp(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
          this.connection.workflowService.getSystemInfo({}),
        ),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.name : typeof error },
        'temporal probe failed',
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
