import type { DataSource } from 'typeorm';

/** A key to count, in fixed windows of `windowSeconds` aligned on the epoch. */
export interface RateLimitKey {
  key: string;
  windowSeconds: number;
}

/** A key's count in its current window, this hit included. */
export interface RateLimitCount {
  key: string;
  count: number;
  windowStart: Date;
  /** Whole seconds until the window ends (at least 1): what `Retry-After` says. */
  retryAfterSeconds: number;
}

/** One in this many hits also sweeps windows that have ended: no job to run, no growth. */
const SWEEP_ONE_IN = 100;

/**
 * Fixed-window counters in PostgreSQL, shared by every API process: one upsert counts a hit and
 * answers the window's total atomically, so concurrent requests can never all see "below the
 * limit". Windows and the clock are the database's, the same for every replica.
 */
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts one hit of each key (in a fixed order, so concurrent hits never deadlock). */
  async hit(keys: readonly RateLimitKey[]): Promise<RateLimitCount[]> {
    if (keys.length === 0) return [];
    const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows: Array<{
      key: string;
      count: number;
      window_start: Date;
      retry_after: number;
    }> = await this.dataSource.query(
      `WITH k AS (
         SELECT key, to_timestamp(floor(extract(epoch FROM now()) / secs) * secs) AS window_start,
                secs, ord
           FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(key, secs, ord))
       INSERT INTO rate_limit_counters AS c (key, window_start, count, expires_at)
       SELECT key, window_start, 1, window_start + make_interval(secs => secs) FROM k ORDER BY ord
       ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + 1
       RETURNING c.key, c.count, c.window_start,
                 greatest(1, ceil(extract(epoch FROM c.expires_at - now())))::int AS retry_after`,
      [sorted.map((k) => k.key), sorted.map((k) => k.windowSeconds)],
    );
    if (Math.random() * SWEEP_ONE_IN < 1) await this.sweep();
    return rows.map((r) => ({
      key: r.key,
      count: r.count,
      windowStart: r.window_start,
      retryAfterSeconds: r.retry_after,
    }));
  }

  /** Takes back hits that turned out not to count (a sign-in that succeeded). */
  async forgive(counts: readonly Pick<RateLimitCount, 'key' | 'windowStart'>[]): Promise<void> {
    if (counts.length === 0) return;
    await this.dataSource.query(
      `UPDATE rate_limit_counters c SET count = greatest(c.count - 1, 0)
         FROM unnest($1::text[], $2::timestamptz[]) AS t(key, window_start)
        WHERE c.key = t.key AND c.window_start = t.window_start`,
      [counts.map((c) => c.key), counts.map((c) => c.windowStart)],
    );
  }

  /** Removes windows that have ended. */
  async sweep(): Promise<number> {
    const [, removed]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM rate_limit_counters WHERE expires_at < now()',
    );
    return removed;
  }
}
