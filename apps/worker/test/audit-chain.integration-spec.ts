import { randomUUID } from 'node:crypto';

import { type AuditEntry, AuditRepository } from '@campaign/persistence';
import { createTestDatabase, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const entry = (eventKey: string, subjectId: string): AuditEntry => ({
  eventKey,
  at: new Date('2027-03-01T02:00:00.000Z'),
  actorPersonId: null,
  action: 'campaign.pause',
  subjectType: 'campaign',
  subjectId,
  reason: '春节期间暂停',
  details: { phase: 0 },
  source: eventKey,
});

describe('the audit chain', () => {
  let db: TestDatabase;
  let audit: AuditRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    audit = new AuditRepository(db.dataSource);
  });
  afterAll(() => db.drop());

  it('keeps appending past the tenth entry, concurrently, once per event key', async () => {
    const subject = randomUUID();
    // 25 distinct events, each appended twice at the same time (a retried activity).
    const keys = Array.from({ length: 25 }, (_, i) => `pause:${subject}:${i}`);
    const seqs = await Promise.all(
      [...keys, ...keys].map((key) => audit.append(entry(key, subject))),
    );
    expect(new Set(seqs).size).toBe(25);
    expect(seqs.map(Number).sort((a, b) => a - b)).toEqual(
      [
        ...Array.from({ length: 25 }, (_, i) => i + 1),
        ...Array.from({ length: 25 }, (_, i) => i + 1),
      ].sort((a, b) => a - b),
    );
    expect(await audit.forSubject('campaign', subject)).toHaveLength(25);
    expect(await audit.verify(7)).toEqual({ checked: 25, firstBroken: null });
  });

  it('names the first row whose content was changed behind its back', async () => {
    await db.dataSource.query(`UPDATE audit_events SET reason = '无' WHERE seq = 12`);
    expect(await audit.verify()).toEqual({ checked: 11, firstBroken: '12' });
  });
});
