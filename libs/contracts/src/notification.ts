import { type ActivityOptions, defineQuery, defineSignal } from '@temporalio/workflow';

export type NotificationChannel = 'inbox' | 'email';

export interface NotificationRequest {
  /** Unique per logical message, e.g. `task-<id>:reminder:P3D`. With the channel it is the row's unique key. */
  dedupeKey: string;
  recipientPersonId: string;
  templateKey: string;
  params: Record<string, string | number | { 'zh-CN': string; en: string }>;
  campaignId: string | null;
  rehearsal: boolean;
  /** Channels wanted; e-mail is skipped (recorded as such) for someone with no address. */
  channels: NotificationChannel[];
  /** Reminders may wait for the person's daily digest; escalations never do. */
  urgency: 'reminder' | 'escalation';
}

export interface NotificationActivities {
  /** Idempotent: the same dedupeKey+channel never makes a second row. */
  enqueueNotifications(input: {
    batchKey: string;
    items: NotificationRequest[];
  }): Promise<{ created: number }>;
  /** Sends the batch's pending e-mails (immediate ones); records every attempt; throws a
   *  retryable error while some remain undelivered so Temporal retries with backoff.
   *  The counts cover the whole batch's e-mails; reminders held for a daily digest are in none. */
  deliverNotifications(input: {
    batchKey: string;
  }): Promise<{ sent: number; failed: number; skipped: number }>;
}

/**
 * Activity options for `deliverNotifications` in a workflow's `proxyActivities`. A batch of
 * thousands sends for minutes, heartbeating as it goes; a failed send is retried with backoff.
 * The attempts are bounded so a long SMTP outage does not hold up the calling workflow: whatever
 * is still pending then is sent by the maintenance workflow's sweep, never lost.
 */
export const NOTIFICATION_DELIVERY_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 10,
  },
} as const satisfies ActivityOptions;

/** The ApplicationFailure type `deliverNotifications` throws while some e-mails are undelivered. */
export const NOTIFICATIONS_UNDELIVERED = 'NotificationsUndelivered';

/**
 * Input of `notificationBatchWorkflow`: delivers one batch on its own, so a caller that must not
 * wait for a slow or failing mail server (a campaign's timers) starts it as a child or by id and
 * moves on. `items` is for small batches; large ones are enqueued by an activity first (through
 * `NotificationRepository.enqueue`), keeping thousands of rows out of workflow histories.
 */
export interface NotificationBatchInput {
  batchKey: string;
  items?: NotificationRequest[];
}

export interface NotificationBatchResult {
  created: number;
  sent: number;
  failed: number;
  skipped: number;
  /** True when retries ran out with e-mails still pending: the maintenance sweep sends them. */
  leftToSweep: boolean;
}

/** Deterministic: starting the same batch twice finds the first (or reruns it harmlessly). */
export function notificationBatchWorkflowId(batchKey: string): string {
  return `notification-batch-${batchKey}`;
}

/** Settings of the maintenance workflow, from configuration. */
export interface NotificationMaintenanceSettings {
  /** How often pending e-mails (failed earlier, or left by a stopped batch) are swept. */
  sweepIntervalMs: number;
  /** Asia/Shanghai hour at which the daily digests go out. */
  digestHour: number;
}

export interface NotificationMaintenanceInput extends NotificationMaintenanceSettings {
  /** Shanghai day (YYYY-MM-DD) of the last digest sent, carried across continue-as-new. */
  lastDigestDate: string | null;
  /** Sweeps per run before continuing as new (default 500: a few thousand history events). */
  sweepsPerRun?: number;
}

/** Workflow type name of the maintenance workflow (workflows/src/notification). */
export const NOTIFICATION_MAINTENANCE_WORKFLOW = 'notificationMaintenanceWorkflow';

/**
 * The one maintenance workflow per task queue: a fixed id, so the worker can start it at every
 * boot and find the running one (conflict policy USE_EXISTING).
 */
export function notificationMaintenanceWorkflowId(taskQueue: string): string {
  return `notification-maintenance-${taskQueue}`;
}

/**
 * Every worker sends its configuration at boot: the running maintenance workflow (kept by the
 * conflict policy) takes the settings of the newest deployment from its next round on.
 */
export const configureNotificationMaintenanceSignal = defineSignal<
  [NotificationMaintenanceSettings]
>('configureNotificationMaintenance');

export interface NotificationMaintenanceState extends NotificationMaintenanceSettings {
  lastDigestDate: string;
  /** Sweeps made in this run (it continues as new after `sweepsPerRun`). */
  sweeps: number;
}

export const getNotificationMaintenanceStateQuery = defineQuery<NotificationMaintenanceState>(
  'getNotificationMaintenanceState',
);

/** Activities of the maintenance workflow (sweep and digests), beside the ones other contexts call. */
export interface NotificationMaintenanceActivities {
  /** Sends e-mails left pending past their next attempt time, and re-claims expired leases. */
  sweepNotifications(): Promise<{ sent: number; failed: number; skipped: number; left: number }>;
  /**
   * Gathers each digest reader's held reminders into one digest for `date` (once per person and
   * day) and sends the digests. Idempotent for the same date.
   */
  sendDailyDigests(input: { date: string }): Promise<{ digests: number; sent: number }>;
}
