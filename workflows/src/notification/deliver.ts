import { type NoticeBatch, notificationBatchWorkflowId } from '@campaign/contracts';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';

import { notificationBatchWorkflow } from './notification-batch.workflow.js';

/**
 * Hands a batch's e-mails to their own workflow, so a campaign's timers never wait on SMTP:
 * started by the batch's id (once, whatever retries or replays happen) and left to run on its
 * own. The maintenance sweep takes over whatever it cannot deliver.
 */
export async function deliverInBackground(batch: NoticeBatch): Promise<void> {
  if (!batch.email) return;
  await startChild(notificationBatchWorkflow, {
    workflowId: notificationBatchWorkflowId(batch.batchKey),
    args: [{ batchKey: batch.batchKey }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  }).catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  });
}
