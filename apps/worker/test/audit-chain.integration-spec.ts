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

  it('refuses to change or remove a row', async () => {
    await expect(
      db.dataSource.query(`UPDATE audit_events SET reason = '无' WHERE seq = 12`),
    ).rejects.toThrow('audit_events is append-only');
    await expect(db.dataSource.query(`DELETE FROM audit_events WHERE seq = 12`)).rejects.toThrow(
      'audit_events is append-only',
    );
    await expect(db.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(
      'audit_events is append-only',
    );
    expect(await audit.verify()).toEqual({ checked: 25, firstBroken: null });
  });

  it('names the first row changed by someone who could switch the guard off', async () => {
    // The table's owner can disable the trigger; the chain still shows where it was touched.
    await db.dataSource.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await tx.query(`UPDATE audit_events SET reason = '无' WHERE seq = 12`);
      await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    expect(await audit.verify()).toEqual({ checked: 11, firstBroken: '12' });
  });
});
