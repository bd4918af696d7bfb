import { AuditRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { Principal } from '../auth/principal.js';

/** What of a confidential subject a person read. */
export type ConfidentialRead = 'statement' | 'tip_off' | 'tip_off_reporter' | 'integrity_file';

export interface ReadRecord {
  what: ConfidentialRead;
  subjectType: string;
  subjectId: string;
  /** Ids only (a version, a campaign): never the content read. */
  details?: Record<string, unknown>;
}

/**
 * Every read of confidential data leaves an audit row first — who, what, when, from which
 * request — in the hash-chained trail: a read that cannot be recorded is not served. The
 * disclosure rules' own look at a statement is recorded as a read by whoever's request made it.
 */
@Injectable()
export class ConfidentialReads {
  constructor(
    private readonly audit: AuditRepository,
    private readonly dataSource: DataSource,
  ) {}

  async record(
    principal: Principal | null,
    requestId: string,
    reads: readonly ReadRecord[],
    tx?: EntityManager,
  ): Promise<void> {
    if (reads.length === 0) return;
    if (!tx) {
      await this.dataSource.transaction((own) => this.record(principal, requestId, reads, own));
      return;
    }
    const at = new Date();
    for (const read of reads) {
      await this.audit.append(
        {
          eventKey: `read:${requestId}:${read.what}:${read.subjectId}`,
          at,
          actorPersonId: principal?.personId ?? null,
          action: `read.${read.what}`,
          subjectType: read.subjectType,
          subjectId: read.subjectId,
          reason: null,
          details: read.details ?? {},
          source: requestId,
        },
        tx,
      );
    }
  }
}
