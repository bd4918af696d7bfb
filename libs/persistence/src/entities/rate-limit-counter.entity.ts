import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One fixed window of a rate limit: how many times a key (a hashed username or client address,
 * with its purpose) was counted in the window starting at `windowStart`. In PostgreSQL, not in a
 * process's memory, so the limit holds however many API processes run.
 */
@Entity({ name: 'rate_limit_counters' })
export class RateLimitCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  count!: number;

  /** When the window ends: the row is useless after it and is swept away. */
  @Index('idx_rate_limit_counters_expires')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
