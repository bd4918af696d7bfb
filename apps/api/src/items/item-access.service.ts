import { ForbiddenError, NotFoundError, type Violation } from '@campaign/domain';
import {
  type CampaignEntity,
  CampaignReadModelRepository,
  type LedgerItemEntity,
  LedgerRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';

/**
 * Who reaches a ledger item, and whom an item may name. People see an item when it lies in their
 * scope for `items.read`, or when it is theirs (responsible, responsible leader, supervising
 * leader, concerned); anyone else gets 404. Acting on it asks the action's roles as well (403).
 */
@Injectable()
export class ItemAccess {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly dataSource: DataSource,
  ) {}

  /** The item when the caller may see it: in scope for `items.read`, or one of its people. */
  async visible(
    principal: Principal,
    id: string,
  ): Promise<{ item: LedgerItemEntity; unitPath: string }> {
    const found = await this.ledger.findWithPath(id);
    if (!found) throw new NotFoundError('ledger item', id);
    const { item } = found;
    const own = [
      item.responsiblePersonId,
      item.responsibleLeaderId,
      item.supervisingLeaderId,
      ...item.personIds,
    ].includes(principal.personId);
    if (!own)
      requireAccess(principal, 'items.read', found.unitPath, { unknown: 'ledger item', id });
    return found;
  }

  /** The item for an action of `action`'s roles: 404 unseen, 403 seen but not theirs to act on. */
  async acting(
    principal: Principal,
    id: string,
    action: Action,
  ): Promise<{ item: LedgerItemEntity; campaign: CampaignEntity }> {
    const { item, unitPath } = await this.visible(principal, id);
    requireAccess(principal, action, unitPath, {
      forbidden: 'your roles do not allow this on this item',
    });
    return { item, campaign: await this.campaignOf(item) };
  }

  /** The item for its responsible person's moves. */
  async responsible(
    principal: Principal,
    id: string,
  ): Promise<{ item: LedgerItemEntity; campaign: CampaignEntity }> {
    const { item } = await this.visible(principal, id);
    if (item.responsiblePersonId !== principal.personId)
      throw new ForbiddenError('only the responsible person reports on this item');
    return { item, campaign: await this.campaignOf(item) };
  }

  async campaignOf(item: LedgerItemEntity): Promise<CampaignEntity> {
    const campaign = await this.readModel.findById(item.campaignId);
    if (!campaign) throw new NotFoundError('campaign', item.campaignId);
    return campaign;
  }

  /** People named on an item must be active and inside the caller's scope. */
  async peopleProblems(principal: Principal, action: Action, ids: string[]): Promise<Violation[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string; status: string; path: string }> = await this.dataSource.query(
      `SELECT p.id, p.status, u.path::text AS path FROM people p JOIN units u ON u.id = p.unit_id
       WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id, i): Violation[] => {
      const row = byId.get(id);
      if (!row || !principal.covers(action, row.path)) {
        return [
          {
            field: `personIds.${i}`,
            rule: 'person_unknown',
            message: 'nobody by this id in your scope',
          },
        ];
      }
      if (row.status !== 'active') {
        return [{ field: `personIds.${i}`, rule: 'person_left', message: 'this person has left' }];
      }
      return [];
    });
  }
}
