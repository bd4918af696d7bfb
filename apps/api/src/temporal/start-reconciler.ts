import { LOGGER, type Logger } from '@campaign/config';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Starts left unconfirmed this long are retried (a fresh one may still be confirming). */
const GRACE_MS = 30_000;
const EVERY_MS = 15_000;

/** One kind of start to finish: starts what was committed before `before` and is still unconfirmed. */
export type StartSweep = (before: Date) => Promise<number>;

/**
 * Finishes workflow starts Temporal never confirmed. A row is committed first (a campaign
 * `launching`, a ledger item still starting) and its workflow started after; if Temporal was
 * down or the process died in between, the sweeps registered here start it again, idempotently
 * (the same id; a running workflow is the one), once Temporal answers. Every API instance may
 * run them: a second start is harmless.
 */
@Injectable()
export class StartReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweeps = new Map<string, StartSweep>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  register(name: string, sweep: StartSweep): void {
    this.sweeps.set(name, sweep);
  }

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

  /** One pass of every sweep over what is older than the grace period; how many were started. */
  async sweep(olderThanMs = GRACE_MS): Promise<number> {
    let started = 0;
    for (const [name, sweep] of this.sweeps) {
      try {
        started += await sweep(new Date(Date.now() - olderThanMs));
      } catch (error) {
        this.logger.warn(
          { sweep: name, err: error instanceof Error ? error.name : typeof error },
          'start reconciliation deferred',
        );
      }
    }
    return started;
  }
}
