import type { AppConfig, Logger } from '@campaign/config';
import { renderDigest, type RenderedNotification, renderNotification } from '@campaign/domain';
import type {
  AttemptOutcome,
  ClaimedEmail,
  DeliveryScope,
  NotificationRepository,
} from '@campaign/persistence';

import {
  classifySmtpError,
  type MailTransport,
  notificationMessageId,
  openSmtpTransport,
} from './smtp-mailer.js';

/**
 * E-mails one claim takes. One: a claim's lease must outlast its slowest exchange, and a sender
 * killed mid-claim leaves its rows waiting for that lease to run out, so leases stay short
 * (about 2 minutes with the default timeout) at the price of a query per mail.
 */
const CLAIM_SIZE = 1;
const MAX_BACKOFF_MS = 3600_000;
/** Waits between tries to record a sent mail: 0.25 s, doubling, at most 5 s. */
const RECORD_RETRY_FIRST_MS = 250;
const RECORD_RETRY_MAX_MS = 5_000;

/** When the sweep may retry after the `attempt`-th failure: 30 s, 1 min, 2 min, … at most 1 h. */
export function retryBackoffMs(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempt - 1));
}

export interface DeliveryRunOptions {
  /** Stop claiming after this many e-mails (the sweep bounds each run). */
  maxClaims?: number;
  /** Called after every e-mail: the activity's heartbeat. */
  progress?: (done: number) => void;
  /** Checked before every claim: a cancelled activity stops taking new work. */
  cancelled?: () => boolean;
  /** Opens the SMTP transport; tests may hand in another. */
  openTransport?: () => MailTransport;
}

export interface DeliveryRunResult {
  attempted: number;
  sent: number;
  retry: number;
  failed: number;
}

/**
 * Sends the e-mails of one scope (a batch, or everything due) exactly once from the product's
 * side: each is claimed before it is sent (one sender at a time, whatever runs concurrently),
 * rendered in the recipient's language at that moment, carries a Message-ID derived from its
 * dedupe key, and its outcome is recorded with the attempt before the next one starts. At the
 * SMTP server it is at least once: a sender killed between the server's acceptance and the record
 * leaves the claim to run out, and the sweep sends the mail again under the same Message-ID (no
 * SMTP exchange commits with a database; `npm run faults` counts these).
 */
export class EmailDelivery {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  /** How long one claim owns its e-mails: connect, greeting and data each bounded by the timeout. */
  leaseMs(): number {
    return CLAIM_SIZE * 3 * (this.config.mail.smtp?.timeoutMs ?? 30_000) + 30_000;
  }

  async run(scope: DeliveryScope, options: DeliveryRunOptions = {}): Promise<DeliveryRunResult> {
    const smtp = this.config.mail.smtp;
    // Mails of a sender that died are taken back first, whichever run comes next.
    await this.repo.releaseExpiredLeases();
    await this.repo.settleUnsendable(scope, smtp !== null);
    const result: DeliveryRunResult = { attempted: 0, sent: 0, retry: 0, failed: 0 };
    if (!smtp) return result;

    const concurrency = this.config.notifications.sendConcurrency;
    const leaseMs = this.leaseMs();
    const transport =
      options.openTransport?.() ?? openSmtpTransport(smtp, this.config.mail.from, concurrency);
    const tried: string[] = [];
    let claimed = 0;
    const lane = async () => {
      for (;;) {
        if (options.cancelled?.()) return;
        const room = options.maxClaims === undefined ? CLAIM_SIZE : options.maxClaims - claimed;
        if (room <= 0) return;
        const claims = await this.repo.claimEmails(
          scope,
          Math.min(CLAIM_SIZE, room),
          leaseMs,
          tried,
        );
        if (claims.length === 0) return;
        claimed += claims.length;
        for (const claim of claims) {
          const outcome = await this.sendOne(transport, claim);
          // Pending again after a failure: not again in this run (the next run is the backoff).
          if (outcome === 'retry') tried.push(claim.id);
          result[outcome] += 1;
          result.attempted += 1;
          options.progress?.(result.attempted);
        }
      }
    };
    try {
      // Every lane finishes what it claimed before the run ends, even when another one failed.
      const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
      const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      transport.close();
    }
    return result;
  }

  private async sendOne(
    transport: MailTransport,
    claim: ClaimedEmail,
  ): Promise<'sent' | 'retry' | 'failed'> {
    const startedAt = new Date();
    const log = { notificationId: claim.id, attempt: claim.attempt };
    let mail: RenderedNotification;
    try {
      mail = await this.render(claim);
    } catch (error) {
      // Bad parameters cannot improve with time: on record as failed, never retried.
      await this.repo.recordAttempt(claim, startedAt, {
        outcome: 'failed',
        errorClass: 'RenderError',
        smtpCode: null,
        smtpResponse: (error as Error).message,
      });
      this.logger.error({ ...log, errorClass: 'RenderError' }, 'notification cannot be rendered');
      return 'failed';
    }
    const messageId = notificationMessageId(claim.dedupeKey, this.config.mail.from);
    let reply;
    try {
      reply = await transport.send({
        to: claim.email,
        subject: mail.subject,
        text: mail.body,
        messageId,
        senderName: claim.senderName ?? null,
        headers: {
          // RFC 3834: machine-sent, so vacation responders stay quiet.
          'Auto-Submitted': 'auto-generated',
          'X-Notification-Id': claim.id,
          ...(claim.rehearsal ? { 'X-Rehearsal': 'yes' } : {}),
        },
      });
    } catch (error) {
      const failure = classifySmtpError(error);
      await this.repo.recordAttempt(claim, startedAt, {
        outcome: failure.permanent ? 'failed' : 'retry',
        errorClass: failure.errorClass,
        smtpCode: failure.smtpCode,
        smtpResponse: failure.smtpResponse,
        nextAttemptAt: new Date(Date.now() + retryBackoffMs(claim.attempt)),
      });
      // Ids, classes and codes only: never addresses or message text in the log.
      this.logger.warn(
        { ...log, errorClass: failure.errorClass, smtpCode: failure.smtpCode },
        failure.permanent ? 'e-mail refused for good' : 'e-mail attempt failed; will retry',
      );
      return failure.permanent ? 'failed' : 'retry';
    }
    await this.recordSent(claim, startedAt, { outcome: 'sent', messageId, ...reply }, log);
    return 'sent';
  }

  /**
   * Records a mail the SMTP server accepted, trying again while PostgreSQL does not answer, for
   * as long as the claim's lease lasts: given up, the lease would run out and the sweep would send
   * the mail a second time (found by `npm run faults`, PostgreSQL stopped while mail went out).
   * A late record still counts while the row was not claimed again (`recordAttempt`'s fence).
   */
  private async recordSent(
    claim: ClaimedEmail,
    startedAt: Date,
    outcome: AttemptOutcome,
    log: Record<string, unknown>,
  ): Promise<void> {
    const giveUpAt = startedAt.getTime() + this.leaseMs();
    for (let wait = RECORD_RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RECORD_RETRY_MAX_MS)) {
      try {
        await this.repo.recordAttempt(claim, startedAt, outcome);
        return;
      } catch (error) {
        if (Date.now() + wait >= giveUpAt) throw error;
        this.logger.warn(
          { ...log, errorClass: (error as Error).name },
          'e-mail sent but not yet recorded; trying again',
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The mail in the recipient's language now: a digest renders every reminder it carries. */
  private async render(claim: ClaimedEmail): Promise<RenderedNotification> {
    if (claim.templateKey !== 'digest') {
      return renderNotification(claim.templateKey, claim.params, claim.language, {
        rehearsal: claim.rehearsal,
      });
    }
    const entries = await this.repo.digestEntries(claim.id);
    return renderDigest(
      entries.map((e) =>
        renderNotification(e.templateKey, e.params, claim.language, { rehearsal: e.rehearsal }),
      ),
      claim.params['date'] as string,
      claim.language,
    );
  }
}
