import { randomUUID } from 'node:crypto';

import type { NotificationChannel, NotificationRequest } from '@campaign/contracts';
import {
  assertNotificationParams,
  DomainError,
  type Language,
  type NotificationParams,
  type NotificationStatus,
  type ReminderDelivery,
  type Violation,
} from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { NotificationEntity } from './entities/notification.entity.js';
import { NotificationAttemptEntity } from './entities/notification-attempt.entity.js';

/** Rows one INSERT carries (arrays, so no bind-parameter limit; chunks keep statements small). */
const INSERT_CHUNK = 5_000;

/**
 * How long a new e-mail is left to its batch's delivery before the sweep may take it: delivery
 * normally follows the enqueue within seconds; the sweep is the safety net, not a second sender.
 */
export const SWEEP_GRACE_MS = 2 * 60_000;

/** Which e-mails one delivery run works on: a batch (what `deliverNotifications` sends) or all due ones (the sweep). */
export type DeliveryScope = { batchKey: string } | { due: true };

/** An e-mail claimed for sending, with what rendering it needs. */
export interface ClaimedEmail {
  id: string;
  /** The claim's attempt number: the fencing token its outcome must present. */
  attempt: number;
  dedupeKey: string;
  templateKey: string;
  params: NotificationParams;
  rehearsal: boolean;
  recipientPersonId: string;
  email: string;
  language: Language;
  /**
   * Who the mail is from: the campaign's issuing office (e.g. 东城分局活动办), not one office
   * for every campaign; null for mail of no campaign (the configured sender).
   */
  senderName?: string | null;
}

/** What one attempt came to. */
export type AttemptOutcome =
  | { outcome: 'sent'; messageId: string; smtpCode: number | null; smtpResponse: string | null }
  | {
      outcome: 'retry' | 'failed';
      errorClass: string;
      smtpCode: number | null;
      smtpResponse: string | null;
      /** For `retry`: when the sweep may try again. */
      nextAttemptAt?: Date;
    };

export interface NotificationPreferences {
  language: Language;
  reminderDelivery: ReminderDelivery;
}

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  language: 'zh-CN',
  reminderDelivery: 'immediate',
};

export interface InboxQuery {
  unreadOnly?: boolean | undefined;
  offset: number;
  limit: number;
}

export type StatusCounts = Partial<Record<NotificationStatus, number>>;

const CHANNELS: readonly NotificationChannel[] = ['inbox', 'email'];
const shorten = (text: string | null | undefined, max = 500) =>
  text == null ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text;

function requestProblems(request: NotificationRequest, index: number): Violation[] {
  const at = (field: string) => `items.${index}.${field}`;
  const problems: Violation[] = [];
  if (typeof request.dedupeKey !== 'string' || !request.dedupeKey || request.dedupeKey.length > 300)
    problems.push({
      field: at('dedupeKey'),
      rule: 'bad_dedupe_key',
      message: 'dedupeKey: 1-300 characters',
    });
  if (!Array.isArray(request.channels) || request.channels.length === 0)
    problems.push({ field: at('channels'), rule: 'no_channel', message: 'at least one channel' });
  else if (request.channels.some((c) => !CHANNELS.includes(c)))
    problems.push({ field: at('channels'), rule: 'bad_channel', message: 'inbox or email' });
  if (request.urgency !== 'reminder' && request.urgency !== 'escalation')
    problems.push({ field: at('urgency'), rule: 'bad_urgency', message: 'reminder or escalation' });
  try {
    assertNotificationParams(request.templateKey, request.params ?? {});
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push(...error.violations.map((v) => ({ ...v, field: at(v.field) })));
  }
  return problems;
}

/**
 * Notifications: the one store every context's messages go through, and the state machine of
 * their delivery. Enqueueing is idempotent by (dedupe key, channel); delivery claims rows before
 * sending, so however many senders run (a retried activity, the sweep, a second worker), each
 * e-mail is in at most one sender's hands at a time.
 */
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  // ---- enqueue -----------------------------------------------------------------------------

  /**
   * Stores one row per request and channel; a (dedupe key, channel) already stored is left as it
   * is, so enqueueing again (a retried activity, a replayed workflow) creates nothing. Requests
   * are checked first (template, parameters, channels): one bad request rejects the whole call
   * with every problem listed (`invalid`). Inbox rows are delivered as they are stored; e-mails
   * wait for delivery. Returns the number of rows created. Takes thousands of requests at once.
   */
  async enqueue(
    requests: readonly NotificationRequest[],
    batchKey: string,
    tx?: EntityManager,
  ): Promise<{ created: number }> {
    if (!batchKey || batchKey.length > 200) {
      throw new DomainError('invalid', 'batchKey must have 1-200 characters');
    }
    const problems = requests.flatMap((r, i) => requestProblems(r, i));
    if (problems.length > 0) {
      throw new DomainError(
        'invalid',
        `${problems.length} problem(s) in the notifications to enqueue`,
        problems.slice(0, 100),
      );
    }
    const rows = requests.flatMap((r) =>
      [...new Set(r.channels)].map((channel) => ({ ...r, channel })),
    );
    let created = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK);
      const inserted: unknown[] = await this.manager(tx).query(
        // clock_timestamp(), not now(): rows keep the order of the requests (digests, inboxes).
        `INSERT INTO notifications (id, dedupe_key, channel, recipient_person_id, campaign_id,
           rehearsal, template_key, params, batch_key, urgency, status, next_attempt_at, created_at)
         SELECT id, dedupe_key, channel, recipient, campaign, rehearsal, template, params::jsonb, $9,
                urgency, CASE WHEN channel = 'inbox' THEN 'delivered' ELSE 'pending' END,
                CASE WHEN channel = 'email' THEN now() + make_interval(secs => $10) END,
                clock_timestamp()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::boolean[],
                     $7::text[], $8::text[], $11::text[])
              AS t(id, dedupe_key, channel, recipient, campaign, rehearsal, template, params, urgency)
         ON CONFLICT (dedupe_key, channel) DO NOTHING
         RETURNING 1`,
        [
          chunk.map(() => randomUUID()),
          chunk.map((r) => r.dedupeKey),
          chunk.map((r) => r.channel),
          chunk.map((r) => r.recipientPersonId),
          chunk.map((r) => r.campaignId),
          chunk.map((r) => r.rehearsal),
          chunk.map((r) => r.templateKey),
          chunk.map((r) => JSON.stringify(r.params)),
          batchKey,
          SWEEP_GRACE_MS / 1000,
          chunk.map((r) => r.urgency),
        ],
      );
      created += inserted.length;
    }
    return { created };
  }

  /**
   * Joins one more event to `personId`'s open burst notice: the newest one of `templateKeys` in
   * a batch starting with `batchPrefix` whose e-mail is still pending (no sender holds it yet).
   * Both its channels become `burstTemplate` with a count one higher, and its inbox row unread
   * again. False when there is none open (the caller opens one). The pending e-mail is locked
   * first, so a sender claiming it either takes it with this event counted or leaves this call
   * to find it no longer pending; callers serialise per person so a burst opens one notice.
   */
  async joinBurst(
    personId: string,
    burst: { templateKeys: readonly string[]; batchPrefix: string; burstTemplate: string },
    tx: EntityManager,
  ): Promise<boolean> {
    // An UPDATE answers [rows, affected count].
    const [, joined]: [unknown, number] = await tx.query(
      `WITH open AS (
         SELECT dedupe_key FROM notifications
          WHERE recipient_person_id = $1 AND channel = 'email' AND status = 'pending'
            AND template_key = ANY($2::text[]) AND starts_with(batch_key, $3)
          ORDER BY created_at DESC LIMIT 1
          FOR UPDATE)
       UPDATE notifications n
          SET template_key = $4, read_at = NULL,
              params = jsonb_build_object('count', coalesce((n.params->>'count')::int, 1) + 1)
         FROM open WHERE n.dedupe_key = open.dedupe_key
       RETURNING 1`,
      [personId, [...burst.templateKeys], burst.batchPrefix, burst.burstTemplate],
    );
    return joined > 0;
  }

  /** Keeps a batch's e-mails from the sweep for `seconds` more (its delivery is deferred). */
  async holdBatch(batchKey: string, seconds: number, tx?: EntityManager): Promise<void> {
    await this.manager(tx).query(
      `UPDATE notifications SET next_attempt_at = now() + make_interval(secs => $2)
        WHERE batch_key = $1 AND channel = 'email' AND status = 'pending'`,
      [batchKey, seconds + SWEEP_GRACE_MS / 1000],
    );
  }

  // ---- delivery ----------------------------------------------------------------------------

  private scopeSql(scope: DeliveryScope, param: number): { sql: string; params: unknown[] } {
    if ('batchKey' in scope) return { sql: `n.batch_key = $${param}`, params: [scope.batchKey] };
    return { sql: 'n.next_attempt_at <= now()', params: [] };
  }

  /**
   * Settles the pending e-mails of a scope that are not to be sent now: skipped (recorded with
   * an attempt) when the recipient has no address or has left, or when e-mail is off; held for
   * the daily digest when the recipient chose it and the message is a real (not rehearsal)
   * reminder. Escalations and rehearsals always go at once.
   */
  async settleUnsendable(scope: DeliveryScope, emailEnabled: boolean): Promise<void> {
    const where = this.scopeSql(scope, 1);
    await this.dataSource.query(
      `WITH skipped AS (
         UPDATE notifications n
            SET status = 'skipped', attempts = n.attempts + 1, next_attempt_at = NULL,
                result = CASE WHEN NOT $${where.params.length + 1}::boolean THEN 'e-mail is not configured (SMTP_HOST)'
                              WHEN p.status = 'left' THEN 'the recipient has left'
                              ELSE 'the recipient has no e-mail address' END
           FROM people p
          WHERE p.id = n.recipient_person_id AND n.channel = 'email' AND n.status = 'pending'
            AND ${where.sql}
            AND (NOT $${where.params.length + 1}::boolean OR p.status = 'left'
                 OR p.email IS NULL OR btrim(p.email) = '')
         RETURNING n.id, n.attempts, n.result)
       INSERT INTO notification_attempts (id, notification_id, attempt, started_at, finished_at, outcome, error_class)
       SELECT gen_random_uuid(), id, attempts, now(), now(), 'skipped',
              CASE WHEN result LIKE 'e-mail is not%' THEN 'EmailDisabled'
                   WHEN result LIKE '%has left' THEN 'RecipientLeft' ELSE 'NoAddress' END
         FROM skipped`,
      [...where.params, emailEnabled],
    );
    await this.dataSource.query(
      `UPDATE notifications n SET status = 'held', next_attempt_at = NULL
         FROM notification_preferences np
        WHERE np.person_id = n.recipient_person_id AND np.reminder_delivery = 'daily_digest'
          AND n.channel = 'email' AND n.status = 'pending' AND n.urgency = 'reminder'
          AND NOT n.rehearsal AND n.template_key <> 'digest' AND ${where.sql}`,
      where.params,
    );
  }

  /**
   * Takes back e-mails whose sender stopped (a killed worker) before recording an outcome: their
   * lease ran out, so they are pending again, and the lost attempt is on record as such.
   */
  async releaseExpiredLeases(): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH expired AS (
         UPDATE notifications SET status = 'pending', lease_until = NULL, next_attempt_at = now(),
                result = 'the sender stopped before recording an outcome'
          WHERE channel = 'email' AND status = 'sending' AND lease_until < now()
         RETURNING id, attempts)
       INSERT INTO notification_attempts (id, notification_id, attempt, started_at, finished_at, outcome, error_class)
       SELECT gen_random_uuid(), id, attempts, now(), now(), 'retry', 'LeaseExpired' FROM expired
       ON CONFLICT (notification_id, attempt) DO NOTHING
       RETURNING 1`,
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` pending e-mails of a scope for one sender until `leaseMs` from now:
   * `SKIP LOCKED` so concurrent senders take disjoint rows, and the attempt count goes up so
   * the claim's outcome can be told from a later claim's. `exclude`: rows this sender already
   * tried in this run (a failed one waits for the next run instead of being hammered).
   */
  async claimEmails(
    scope: DeliveryScope,
    limit: number,
    leaseMs: number,
    exclude: readonly string[] = [],
  ): Promise<ClaimedEmail[]> {
    const where = this.scopeSql(scope, 4);
    const rows: Array<{
      id: string;
      attempts: number;
      dedupe_key: string;
      template_key: string;
      params: NotificationParams;
      rehearsal: boolean;
      recipient_person_id: string;
      email: string;
      language: Language | null;
      issuing_unit_name: string | null;
    }> = await this.dataSource.query(
      `WITH picked AS (
         SELECT n.id FROM notifications n
          WHERE n.channel = 'email' AND n.status = 'pending' AND ${where.sql}
            AND NOT (n.id = ANY($3::uuid[]))
          ORDER BY n.created_at, n.id
          LIMIT $1
          FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE notifications n
            SET status = 'sending', attempts = n.attempts + 1,
                lease_until = now() + make_interval(secs => $2)
           FROM picked WHERE n.id = picked.id
         RETURNING n.id, n.attempts, n.dedupe_key, n.template_key, n.params, n.rehearsal,
                   n.recipient_person_id, n.created_at, n.campaign_id)
       SELECT c.*, p.email, np.language, u.name AS issuing_unit_name
         FROM claimed c
         JOIN people p ON p.id = c.recipient_person_id
         LEFT JOIN notification_preferences np ON np.person_id = c.recipient_person_id
         LEFT JOIN campaigns cp ON cp.id = c.campaign_id
         LEFT JOIN units u ON u.id = cp.issuing_unit_id
        ORDER BY c.created_at, c.id`,
      [limit, leaseMs / 1000, [...exclude], ...where.params],
    );
    return rows.map((r) => ({
      id: r.id,
      attempt: r.attempts,
      dedupeKey: r.dedupe_key,
      templateKey: r.template_key,
      params: r.params,
      rehearsal: r.rehearsal,
      recipientPersonId: r.recipient_person_id,
      email: r.email,
      language: r.language ?? DEFAULT_NOTIFICATION_PREFERENCES.language,
      senderName: r.issuing_unit_name ? `${r.issuing_unit_name}活动办` : null,
    }));
  }

  /**
   * Records one attempt's outcome and moves the row on, in one transaction. Fenced by the
   * attempt number: a sender whose lease ran out and whose row was claimed again cannot
   * overwrite the newer claim; if its row was only released (not yet re-claimed), its late
   * result still counts, so a mail that did go out is not sent again.
   */
  async recordAttempt(claim: ClaimedEmail, startedAt: Date, result: AttemptOutcome): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const code = result.smtpCode;
      const response = shorten(result.smtpResponse);
      if (result.outcome === 'sent') {
        await tx.query(
          `UPDATE notifications SET status = 'sent', sent_at = now(), lease_until = NULL,
                  next_attempt_at = NULL, message_id = $3, result = $4
            WHERE id = $1 AND attempts = $2 AND status IN ('sending', 'pending')`,
          [claim.id, claim.attempt, result.messageId, response ?? 'accepted'],
        );
      } else {
        await tx.query(
          `UPDATE notifications SET status = $3, lease_until = NULL, next_attempt_at = $4, result = $5
            WHERE id = $1 AND attempts = $2 AND status IN ('sending', 'pending')`,
          [
            claim.id,
            claim.attempt,
            result.outcome === 'retry' ? 'pending' : 'failed',
            result.outcome === 'retry' ? (result.nextAttemptAt ?? new Date()) : null,
            shorten(`${result.errorClass}${response ? `: ${response}` : ''}`),
          ],
        );
      }
      await tx.query(
        `INSERT INTO notification_attempts
           (id, notification_id, attempt, started_at, finished_at, outcome, error_class, smtp_code, smtp_response)
         VALUES ($1, $2, $3, $4, now(), $5, $6, $7, $8)
         ON CONFLICT (notification_id, attempt) DO UPDATE SET finished_at = EXCLUDED.finished_at,
           outcome = EXCLUDED.outcome, error_class = EXCLUDED.error_class,
           smtp_code = EXCLUDED.smtp_code, smtp_response = EXCLUDED.smtp_response`,
        [
          randomUUID(),
          claim.id,
          claim.attempt,
          startedAt,
          result.outcome,
          result.outcome === 'sent' ? null : result.errorClass,
          code,
          response,
        ],
      );
    });
  }

  /** How many e-mails of a batch are in each status. */
  async batchCounts(batchKey: string): Promise<StatusCounts> {
    const rows: Array<{ status: NotificationStatus; count: string }> = await this.dataSource.query(
      `SELECT status, count(*)::text AS count FROM notifications
        WHERE batch_key = $1 AND channel = 'email' GROUP BY status`,
      [batchKey],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  }

  /** E-mails still to send (pending or in a sender's hands), over all batches. */
  async undeliveredCount(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ count: string }>>(
      `SELECT count(*)::text AS count FROM notifications
        WHERE channel = 'email' AND status IN ('pending', 'sending')`,
    );
    return Number(row?.count ?? 0);
  }

  // ---- digests -----------------------------------------------------------------------------

  /**
   * Gathers every held reminder into one digest per recipient for `date` (Asia/Shanghai day),
   * in one statement: the digest row is unique per person and day, and only the reminders of a
   * digest this call created are attached to it, so running it again (a retry) changes nothing.
   * Reminders held later wait for the next day's digest. Returns the batch key of the digests.
   */
  async buildDigests(date: string): Promise<{ batchKey: string; created: number }> {
    const batchKey = `digest:${date}`;
    const rows: unknown[] = await this.dataSource.query(
      `WITH readers AS (
         SELECT DISTINCT recipient_person_id AS person FROM notifications
          WHERE channel = 'email' AND status = 'held'),
       digests AS (
         INSERT INTO notifications (id, dedupe_key, channel, recipient_person_id, campaign_id,
           rehearsal, template_key, params, batch_key, urgency, status, next_attempt_at)
         SELECT gen_random_uuid(), 'digest:' || person || ':' || $1, 'email', person, NULL, false,
                'digest', jsonb_build_object('date', $1::text), $2, 'reminder', 'pending',
                now() + make_interval(secs => $3)
           FROM readers
         ON CONFLICT (dedupe_key, channel) DO NOTHING
         RETURNING id, recipient_person_id),
       attached AS (
         UPDATE notifications n SET status = 'digested', digest_id = d.id
           FROM digests d
          WHERE n.recipient_person_id = d.recipient_person_id AND n.channel = 'email'
            AND n.status = 'held'
         RETURNING n.id)
       SELECT 1 FROM digests`,
      [date, batchKey, SWEEP_GRACE_MS / 1000],
    );
    return { batchKey, created: rows.length };
  }

  /** The reminders a digest carries, oldest first, for rendering it. */
  async digestEntries(
    digestId: string,
  ): Promise<
    Array<{ templateKey: string; params: NotificationParams; rehearsal: boolean; createdAt: Date }>
  > {
    const rows = await this.dataSource.getRepository(NotificationEntity).find({
      where: { digestId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => ({
      templateKey: r.templateKey,
      params: r.params,
      rehearsal: r.rehearsal,
      createdAt: r.createdAt,
    }));
  }

  // ---- inbox -------------------------------------------------------------------------------

  /** A person's inbox: unread first, then newest; the id breaks ties so pages never overlap. */
  async inbox(
    personId: string,
    query: InboxQuery,
  ): Promise<{ items: NotificationEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.recipient_person_id = :personId', { personId })
      .andWhere(`n.channel = 'inbox'`);
    if (query.unreadOnly) qb.andWhere('n.read_at IS NULL');
    const [items, total] = await qb
      .orderBy('(n.read_at IS NULL)', 'DESC')
      .addOrderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Marks one of the person's inbox entries read (the first reading counts); null when it is not theirs. */
  async markRead(personId: string, id: string): Promise<NotificationEntity | null> {
    await this.dataSource.query(
      `UPDATE notifications SET read_at = now()
        WHERE id = $1 AND recipient_person_id = $2 AND channel = 'inbox' AND read_at IS NULL`,
      [id, personId],
    );
    return this.dataSource
      .getRepository(NotificationEntity)
      .findOneBy({ id, recipientPersonId: personId, channel: 'inbox' });
  }

  /** Marks all of the person's unread inbox entries read; returns how many. */
  async markAllRead(personId: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now()
        WHERE recipient_person_id = $1 AND channel = 'inbox' AND read_at IS NULL`,
      [personId],
    );
    return affected;
  }

  // ---- preferences -------------------------------------------------------------------------

  async preferences(personId: string): Promise<NotificationPreferences> {
    const rows: Array<{ language: Language; reminder_delivery: ReminderDelivery }> =
      await this.dataSource.query(
        'SELECT language, reminder_delivery FROM notification_preferences WHERE person_id = $1',
        [personId],
      );
    const row = rows[0];
    return row
      ? { language: row.language, reminderDelivery: row.reminder_delivery }
      : { ...DEFAULT_NOTIFICATION_PREFERENCES };
  }

  async setPreferences(
    personId: string,
    preferences: NotificationPreferences,
  ): Promise<NotificationPreferences> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (person_id, language, reminder_delivery) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET language = EXCLUDED.language,
         reminder_delivery = EXCLUDED.reminder_delivery, updated_at = now()`,
      [personId, preferences.language, preferences.reminderDelivery],
    );
    return this.preferences(personId);
  }

  // ---- the record ----------------------------------------------------------------------------

  /** The rows of one logical message (one per channel). */
  findByDedupeKey(dedupeKey: string): Promise<NotificationEntity[]> {
    return this.dataSource
      .getRepository(NotificationEntity)
      .find({ where: { dedupeKey }, order: { channel: 'ASC' } });
  }

  /** Every delivery attempt of a notification, in order. */
  attemptsOf(notificationId: string): Promise<NotificationAttemptEntity[]> {
    return this.dataSource
      .getRepository(NotificationAttemptEntity)
      .find({ where: { notificationId }, order: { attempt: 'ASC' } });
  }
}
