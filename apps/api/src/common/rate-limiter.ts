import { createHmac } from 'node:crypto';

import { APP_CONFIG, type AppConfig } from '@campaign/config';
import { type RateLimitCount, RateLimitRepository } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';

/** One limit: at most `max` counted attempts of `key` per fixed window of `windowSeconds`. */
export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

export interface LimitOutcome {
  /** Every count this attempt added (to forgive, when the attempt turns out not to count). */
  counted: RateLimitCount[];
  /** The limits this attempt went past, each with when its window ends; empty when allowed. */
  exceeded: Array<{ limit: Limit; count: RateLimitCount }>;
}

/**
 * A limit's key: what it limits and whose, as an HMAC under the server's secret. The counter
 * table holds neither usernames nor addresses, and no one who reads it can test guesses against
 * it: an unkeyed hash of an IPv4 address is reversed by trying all 2^32, and a tip-off line's
 * counters, dated, would tie an anonymous reporter's address to the hour of their tip-off.
 */
export function limitKey(secret: string, purpose: string, value: string): string {
  const mac = createHmac('sha256', secret).update(`rate-limit\n${purpose}\n${value}`);
  return `${purpose}:${mac.digest('hex').slice(0, 40)}`;
}

/**
 * The one limiter of the API (sign-in, the tip-off line): fixed windows counted in PostgreSQL,
 * so the limit holds across API processes. Every attempt is counted before it is acted on, so a
 * burst of concurrent attempts cannot all slip in under the limit.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly counters: RateLimitRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The key of `purpose`'s limit for `value` (a username, a client address). */
  key(purpose: string, value: string): string {
    return limitKey(this.config.auth.jwtSecret, purpose, value);
  }

  async attempt(limits: readonly Limit[]): Promise<LimitOutcome> {
    const counted = await this.counters.hit(limits);
    const exceeded = limits.flatMap((limit) => {
      const count = counted.find((c) => c.key === limit.key);
      return count && count.count > limit.max ? [{ limit, count }] : [];
    });
    return { counted, exceeded };
  }

  /** Takes an attempt back (it succeeded, and only failures count). */
  forgive(outcome: LimitOutcome): Promise<void> {
    return this.counters.forgive(outcome.counted);
  }

  /** The longest wait among the exceeded limits: the one `Retry-After` to answer. */
  static retryAfter(outcome: LimitOutcome): number {
    return Math.max(1, ...outcome.exceeded.map((e) => e.count.retryAfterSeconds));
  }
}
