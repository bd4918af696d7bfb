import {
  NOTIFICATION_DELIVERY_ACTIVITY_OPTIONS,
  type NotificationActivities,
  type NotificationBatchInput,
  type NotificationBatchResult,
} from '@campaign/contracts';
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';

const { enqueueNotifications } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { deliverNotifications } = proxyActivities<NotificationActivities>(
  NOTIFICATION_DELIVERY_ACTIVITY_OPTIONS,
);

/**
 * Enqueues (when given items) and delivers one notification batch. Every step is idempotent, so
 * running it again for the same batch creates and sends nothing new. When the delivery retries
 * run out (a long SMTP outage) it ends normally, saying so: the pending e-mails are the
 * maintenance sweep's from then on, never lost.
 */
export async function notificationBatchWorkflow(
  input: NotificationBatchInput,
): Promise<NotificationBatchResult> {
  const created = input.items?.length
    ? (await enqueueNotifications({ batchKey: input.batchKey, items: input.items })).created
    : 0;
  try {
    const delivered = await deliverNotifications({ batchKey: input.batchKey });
    return { created, ...delivered, leftToSweep: false };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn('notification batch left to the sweep', { batchKey: input.batchKey });
    return { created, sent: 0, failed: 0, skipped: 0, leftToSweep: true };
  }
}
