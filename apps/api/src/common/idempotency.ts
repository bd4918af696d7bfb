import { createHash } from 'node:crypto';

import { RuleBrokenError } from '@campaign/domain';
import type { IdempotencyRepository } from '@campaign/persistence';
import { ApiHeader } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';

import { invalidFields } from './api-error.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** The optional Idempotency-Key header, checked like any field. */
export function idempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw invalidFields([
      {
        field: 'Idempotency-Key',
        messages: ['Idempotency-Key must be 1 to 200 letters, digits, and . _ : -'],
      },
    ]);
  }
  return value;
}

export const IdempotencyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key and body give the same result; the same key with another body is refused (422)',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source, maxLength: 200 },
  });

/** The id an idempotency key stands for: the same key of the same account on a route always names the same thing. */
export function idFromKey(accountId: string, route: string, key: string): string {
  const h = createHash('sha256').update(`${accountId}\n${route}\n${key}`).digest('hex');
  // A version-4-shaped UUID (the variant and version bits set), so it passes as any other id.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** JSON with sorted keys: the same body hashes the same whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Claims an idempotency key inside the transaction that does the request's work. Answers true
 * when this request is the first with the key (do the work), false when the same request came
 * before (answer what it made, `resourceId`); the same key with another body is a 422.
 */
export async function claimIdempotencyKey(
  repository: IdempotencyRepository,
  tx: EntityManager,
  claim: { accountId: string; route: string; key: string; body: unknown; resourceId: string },
): Promise<boolean> {
  const requestHash = createHash('sha256').update(canonical(claim.body)).digest('hex');
  const claimed = await repository.claim(tx, { ...claim, requestHash });
  if (claimed.created) return true;
  if (claimed.requestHash !== requestHash) {
    throw new RuleBrokenError('this Idempotency-Key was used for another request', [
      {
        field: 'Idempotency-Key',
        rule: 'idempotency_key_reused',
        message: 'the same key came with a different body; use a new key for a new request',
      },
    ]);
  }
  return false;
}
