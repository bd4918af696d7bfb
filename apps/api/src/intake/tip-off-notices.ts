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

/**
 * Tells the inspectors nearest a tip-off's unit that it came in, or that its reporter added
 * information: inbox and mail at once, naming the unit and the category only. Whom it is about,
 * what it says and who sent it are read in the system, never in a notice (mail is stored and
 * forwarded in clear). Ids alone reach Temporal: the batch key is the tip-off's or message's id.
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
  ): Promise<string | null> {
    const inspectors = await this.org.nearestRoleHolders(notice.unitId, 'inspector');
    if (!inspectors) {
      this.logger.warn({ tipOffId: notice.tipOffId }, 'a tip-off has no inspector to tell');
      return null;
    }
    const batchKey = `${notice.kind}-${notice.eventId}`;
    const requests: NotificationRequest[] = inspectors.personIds.map((personId) => ({
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
    return batchKey;
  }

  /** Sends a committed batch's e-mails now; what does not start is swept up by maintenance. */
  async deliver(batchKey: string | null): Promise<void> {
    if (!batchKey) return;
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.startMs, () =>
        startNotificationBatch(this.temporal, this.config.temporal.taskQueue, batchKey),
      );
    } catch (error) {
      this.logger.warn(
        { batchKey, err: error instanceof Error ? error.name : typeof error },
        'notification batch left to the maintenance sweep',
      );
    }
  }
}
