import {
  type NotificationActivities,
  type NotificationMaintenanceActivities,
  NOTIFICATIONS_UNDELIVERED,
} from '@campaign/contracts';
import { NotificationRepository } from '@campaign/persistence';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

import type { ActivityDeps } from '../deps.js';
import { type DeliveryRunOptions, EmailDelivery } from './email-delivery.js';

/** E-mails one sweep sends at most, so a long backlog is worked off over several runs. */
const SWEEP_LIMIT = 1_000;

/** How often a batch looks whether mails in another sender's hands have gone out. */
const SETTLE_POLL_MS = 250;

/** Heartbeat and cancellation of the running activity; nothing when called outside one (tests). */
function activityHooks(): Pick<DeliveryRunOptions, 'progress' | 'cancelled'> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return {};
  }
  return {
    progress: (done) => context.heartbeat({ done }),
    cancelled: () => context.cancellationSignal.aborted,
  };
}

/** Notifications: enqueueing, batch delivery, the sweep and the daily digests. */
export function createNotificationActivities({
  dataSource,
  config,
  logger,
}: ActivityDeps): NotificationActivities & NotificationMaintenanceActivities {
  const repo = new NotificationRepository(dataSource);
  const log = logger.child({ component: 'notifications' });
  const delivery = new EmailDelivery(repo, config, log);

  return {
    async enqueueNotifications({ batchKey, items }) {
      return repo.enqueue(items, batchKey);
    },

    async deliverNotifications({ batchKey }) {
      const hooks = activityHooks();
      const run = await delivery.run({ batchKey }, hooks);
      let counts = await repo.batchCounts(batchKey);
      // Mails another sender holds (a concurrent retry, the sweep) count once it has recorded
      // them: wait for that rather than report them undelivered; a dead sender's lease ends.
      const deadline = Date.now() + delivery.leaseMs();
      while ((counts.sending ?? 0) > 0 && !hooks.cancelled?.() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
        hooks.progress?.(run.attempted);
        counts = await repo.batchCounts(batchKey);
      }
      const left = (counts.pending ?? 0) + (counts.sending ?? 0);
      const totals = {
        sent: counts.sent ?? 0,
        failed: counts.failed ?? 0,
        skipped: counts.skipped ?? 0,
      };
      log.info(
        { batchKey, ...totals, attempted: run.attempted, left },
        'notification batch delivered',
      );
      if (left > 0) {
        // Temporal retries the activity with backoff; the sweep takes over if it gives up.
        throw ApplicationFailure.retryable(
          `${left} e-mail(s) of the batch are not delivered yet`,
          NOTIFICATIONS_UNDELIVERED,
          { ...totals, left },
        );
      }
      return totals;
    },

    async sweepNotifications() {
      const released = await repo.releaseExpiredLeases();
      const run = await delivery.run({ due: true }, { ...activityHooks(), maxClaims: SWEEP_LIMIT });
      const left = await repo.undeliveredCount();
      if (run.attempted > 0 || released > 0) {
        log.info({ ...run, released, left }, 'notification sweep');
      }
      return { sent: run.sent, failed: run.failed, skipped: 0, left };
    },

    async sendDailyDigests({ date }) {
      const { batchKey, created } = await repo.buildDigests(date);
      await delivery.run({ batchKey }, activityHooks());
      const counts = await repo.batchCounts(batchKey);
      log.info({ date, digests: created, sent: counts.sent ?? 0 }, 'daily digests');
      return { digests: created, sent: counts.sent ?? 0 };
    },
  };
}
