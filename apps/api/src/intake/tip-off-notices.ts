import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import type { NotificationRequest } from '@campaign/contracts';
import { type ItemCategory, LABELS } from '@campaign/domain';
import { NotificationRepository, OrgRepository } from '@campaign/persistence';
import { startNotificationBatch } from '@campaign/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { EntityManager } from 'typeorm';

import { BestEffortTemporal } from '../temporal/best-effort.js';
import { withinDeadline } from '../temporal/deadline.js';

/** A committed batch to deliver, after `holdMs`. */
export interface NoticeDelivery {
  batchKey: string;
  holdMs: number;
}

const RECEIVED_BURST = {
  templateKeys: ['tip_off_received', 'tip_offs_received'],
  batchPrefix: 'tip_off_received-',
  burstTemplate: 'tip_offs_received',
} as const;

/**
 * Tells the inspectors nearest a tip-off's unit that it came in, or that its reporter added
 * information, naming the unit and the category only. Whom it is about, what it says and who
 * sent it are read in the system, never in a notice (mail is stored and forwarded in clear).
 * Ids alone reach Temporal: the batch key is the tip-off's or message's id.
 *
 * New tip-offs are coalesced per inspector so a flood cannot bury one: the first opens a notice
 * (in the inbox at once) whose mail waits `TIP_OFF_NOTICE_HOLD_SECONDS`; every tip-off that
 * arrives before that mail is taken for sending joins it, and it then says how many came in
 * (and nothing of any of them). One arriving after that opens the next notice. Tip-offs
 * themselves are never held back: each is stored and listed the moment it is accepted.
 */
@Injectable()
@BestEffortTemporal()
export class TipOffNotices {
  constructor(
    private readonly org: OrgRepository,
    private readonly notifications: NotificationRepository,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Enqueues the notice in the caller's transaction; the batch key to deliver once it commits,
   * or null when no inspector sits at or above the unit.
   */
  async enqueue(
    tx: EntityManager,
    notice: {
      kind: 'tip_off_received' | 'tip_off_information_added';
      /** The tip-off's id, or the added message's: one notice per person per event. */
      eventId: string;
      tipOffId: string;
      unitId: string;
      unitName: string;
      category: ItemCategory;
    },
  ): Promise<NoticeDelivery | null> {
    const inspectors = await this.org.nearestRoleHolders(notice.unitId, 'inspector');
    if (!inspectors) {
      this.logger.warn({ tipOffId: notice.tipOffId }, 'a tip-off has no inspector to tell');
      return null;
    }
    let recipients = inspectors.personIds;
    let holdMs = 0;
    if (notice.kind === 'tip_off_received') {
      recipients = [];
      // One at a time per inspector (in a fixed order: no deadlock), so a burst opens one notice.
      for (const personId of [...inspectors.personIds].sort()) {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `tip-off-notice:${personId}`,
        ]);
        if (!(await this.notifications.joinBurst(personId, RECEIVED_BURST, tx))) {
          recipients.push(personId);
        }
      }
      if (recipients.length === 0) return null;
      holdMs = this.config.notifications.tipOffNoticeHoldSeconds * 1000;
    }
    const batchKey = `${notice.kind}-${notice.eventId}`;
    const requests: NotificationRequest[] = recipients.map((personId) => ({
      dedupeKey: `${batchKey}:${personId}`,
      recipientPersonId: personId,
      templateKey: notice.kind,
      params: { unitName: notice.unitName, category: LABELS.itemCategory[notice.category] },
      campaignId: null,
      rehearsal: false,
      channels: ['inbox', 'email'],
      // Not a reminder: never held back for a daily digest.
      urgency: 'escalation',
    }));
    await this.notifications.enqueue(requests, batchKey, tx);
    if (holdMs > 0) await this.notifications.holdBatch(batchKey, holdMs / 1000, tx);
    return { batchKey, holdMs };
  }

  /**
   * Sends a committed batch's e-mails (after its hold); what does not start is swept up by
   * maintenance.
   */
  async deliver(delivery: NoticeDelivery | null): Promise<void> {
    if (!delivery) return;
    const { batchKey, holdMs } = delivery;
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.startMs, () =>
        startNotificationBatch(this.temporal, this.config.temporal.taskQueue, batchKey, holdMs),
      );
    } catch (error) {
      this.logger.warn(
        { batchKey, err: error instanceof Error ? error.name : typeof error },
        'notification batch left to the maintenance sweep',
      );
    }
  }
}
