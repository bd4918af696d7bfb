import type { AppConfig } from '@campaign/config';
import {
  configureNotificationMaintenanceSignal,
  NOTIFICATION_MAINTENANCE_WORKFLOW,
  type NotificationMaintenanceInput,
  notificationMaintenanceWorkflowId,
} from '@campaign/contracts';
import type { Client } from '@temporalio/client';

/**
 * Starts the notification maintenance workflow of this task queue unless it already runs: a
 * fixed id with the conflict policy USE_EXISTING keeps the running one (and its timers), so
 * every worker may call this at every boot. One that ended (terminated by an operator, say) is
 * started anew. The running one then gets this worker's settings (a signal), so a changed
 * sweep interval or digest hour takes effect without restarting it. Returns the run in charge.
 */
export async function ensureNotificationMaintenance(
  client: Client,
  config: Pick<AppConfig, 'temporal' | 'notifications'>,
): Promise<{ workflowId: string; runId: string }> {
  const workflowId = notificationMaintenanceWorkflowId(config.temporal.taskQueue);
  const input: NotificationMaintenanceInput = {
    sweepIntervalMs: config.notifications.sweepIntervalMs,
    digestHour: config.notifications.digestHour,
    lastDigestDate: null,
  };
  const handle = await client.workflow.start(NOTIFICATION_MAINTENANCE_WORKFLOW, {
    workflowId,
    taskQueue: config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  await handle.signal(configureNotificationMaintenanceSignal, {
    sweepIntervalMs: input.sweepIntervalMs,
    digestHour: input.digestHour,
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}
