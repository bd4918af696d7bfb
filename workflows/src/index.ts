// The workflow bundle's entry point: every workflow the worker registers, and nothing with I/O.
export { cadenceWorkflow } from './cadence/cadence.workflow.js';
export { campaignWorkflow } from './campaign/campaign.workflow.js';
export { unitWorkflow } from './campaign/unit.workflow.js';
export { itemWorkflow } from './item/item.workflow.js';
export { notificationBatchWorkflow } from './notification/notification-batch.workflow.js';
export { notificationMaintenanceWorkflow } from './notification/notification-maintenance.workflow.js';
