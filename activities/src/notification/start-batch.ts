import { notificationBatchWorkflowId } from '@campaign/contracts';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

/**
 * Delivers a batch an activity has just enqueued, by the batch's own workflow on the activity's
 * task queue, started once per batch key (a retried activity finds the first). If the start
 * never happens, the maintenance sweep sends the batch's pending mails: nothing is lost.
 */
export async function startBatchDelivery(batchKey: string): Promise<void> {
  const { client, info } = Context.current();
  await client.workflow
    .start('notificationBatchWorkflow', {
      workflowId: notificationBatchWorkflowId(batchKey),
      taskQueue: info.taskQueue,
      args: [{ batchKey }],
    })
    .catch((error: unknown) => {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    });
}
