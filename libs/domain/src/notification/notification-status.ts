/** How a person wants their reminders by e-mail: each at once, or gathered in one mail a day. */
export const REMINDER_DELIVERIES = ['immediate', 'daily_digest'] as const;
export type ReminderDelivery = (typeof REMINDER_DELIVERIES)[number];

/** When the daily digest goes out, Asia/Shanghai wall-clock hour. */
export const DIGEST_HOUR = 8;

/**
 * Where one e-mail notification stands:
 * - `pending`: to be sent (again, after a failed attempt);
 * - `sending`: claimed by one sender until its lease ends;
 * - `sent`: the SMTP server accepted it;
 * - `failed`: refused for good (the server rejected the address); no retry can help;
 * - `skipped`: never sent, by rule (no address, the person left, e-mail not configured);
 * - `held`: a reminder waiting for its recipient's daily digest;
 * - `digested`: went out inside a digest (the digest's own row records the delivery).
 * Inbox rows are `delivered` from the moment they exist.
 */
export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'skipped',
  'held',
  'digested',
  'delivered',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Outcomes of one delivery attempt, as the attempts table records them. */
export const DELIVERY_OUTCOMES = ['sent', 'retry', 'failed', 'skipped'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
