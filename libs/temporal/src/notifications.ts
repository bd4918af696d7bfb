import { notificationBatchWorkflowId } from '@campaign/contracts';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

/**
 * Delivers a batch of notifications already enqueued (committed with whatever caused them), by
 * its own workflow, started once per batch key: a second start finds the first. The API calls
 * this after its transaction commits; if it never gets there, the maintenance sweep sends the
 * batch's e-mails instead, so nothing committed is lost.
 */
export async function startNotificationBatch(
  client: Client,
  taskQueue: string,
  batchKey: string,
  /** Start the delivery this much later (a notice that gathers a burst first). */
  startDelayMs = 0,
): Promise<void> {
  try {
    await client.workflow.start('notificationBatchWorkflow', {
      workflowId: notificationBatchWorkflowId(batchKey),
      taskQueue,
      args: [{ batchKey }],
      ...(startDelayMs > 0 ? { startDelay: startDelayMs } : {}),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
