import type { EntityManager } from 'typeorm';

/**
 * Idempotency keys: the first request with a key claims it (inside the transaction that does
 * its work); a concurrent one with the same key waits on the row lock, then sees the claim.
 */
export class IdempotencyRepository {
  /**
   * Claims `key` for `resourceId`, or answers the existing claim. `created` is false when the
   * key was already used; its `requestHash` tells whether the body was the same.
   */
  async claim(
    tx: EntityManager,
    claim: {
      accountId: string;
      route: string;
      key: string;
      requestHash: string;
      resourceId: string;
    },
  ): Promise<{ created: boolean; requestHash: string; resourceId: string }> {
    const inserted: Array<{ resource_id: string }> = await tx.query(
      `INSERT INTO idempotency_keys (account_id, route, key, request_hash, resource_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING resource_id`,
      [claim.accountId, claim.route, claim.key, claim.requestHash, claim.resourceId],
    );
    if (inserted[0])
      return { created: true, requestHash: claim.requestHash, resourceId: claim.resourceId };
    const rows: Array<{ request_hash: string; resource_id: string }> = await tx.query(
      'SELECT request_hash, resource_id FROM idempotency_keys WHERE account_id = $1 AND route = $2 AND key = $3',
      [claim.accountId, claim.route, claim.key],
    );
    return { created: false, requestHash: rows[0].request_hash, resourceId: rows[0].resource_id };
  }
}
