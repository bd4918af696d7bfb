import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createActivities } from '@campaign/activities';
import { loadConfig } from '@campaign/config';
import type { NotificationRequest } from '@campaign/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { eventually } from './eventually.js';
import {
  createTestDatabase,
  testConfig,
  type TestDatabase,
  testLogger,
  uniqueSuffix,
} from './harness.js';
import { startLocalMailSink } from './local-mail-sink.js';
import { startMailpit } from './mailpit.js';
import { ensureMailpit } from './mailpit.js';
import { OrgFactory } from './org-factory.js';
import { freePort } from './ports.js';

/**
 * The mail sink `npm start` gives a newcomer when no SMTP_HOST is set: Mailpit with its web page
 * and REST API, or .eml files when Mailpit cannot be provisioned. Both must show what the
 * product sends, Chinese subjects included.
 */
describe('the local mail sink of npm start', () => {
  let db: TestDatabase;
  let dataDir: string;
  let recipient: { id: string; email: string | null };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'campaign-mail-'));
    const f = new OrgFactory(db.dataSource);
    recipient = await f.person(await f.unit(null, 'city_bureau'), {
      email: 'newcomer@campaign.test',
    });
  });

  afterAll(async () => {
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends one holiday reminder through the product's own delivery to host:port. */
  async function sendThrough(port: number): Promise<void> {
    const config = testConfig(db.url, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) });
    const activities = createActivities({
      dataSource: db.dataSource,
      config,
      logger: testLogger(config),
    });
    const batchKey = `sink-${uniqueSuffix()}`;
    const item: NotificationRequest = {
      dedupeKey: `holiday-${uniqueSuffix()}`,
      recipientPersonId: recipient.id,
      templateKey: 'holiday_integrity',
      params: {
        holidayName: { 'zh-CN': '春节', en: 'Spring Festival' },
        holidayStartsOn: '2027-02-06',
        campaignTitle: '纪律作风建设年',
      },
      campaignId: null,
      rehearsal: false,
      channels: ['email'],
      urgency: 'reminder',
    };
    await activities.enqueueNotifications({ batchKey, items: [item] });
    expect(await activities.deliverNotifications({ batchKey })).toMatchObject({ sent: 1 });
  }

  const SUBJECT = '【廉洁提醒】春节将至，请严守纪律规矩';

  it('keeps mails as .eml files under the data folder when Mailpit is not wanted or not there', async () => {
    const sink = await startLocalMailSink({
      cacheDir: join(dataDir, 'cache'),
      dataDir: join(dataDir, 'eml-case'),
      smtpPort: await freePort(),
      uiPort: await freePort(),
      preferMailpit: false,
    });
    try {
      expect(sink.kind).toBe('eml-files');
      await sendThrough(sink.smtp.port);
      const files = readdirSync(sink.readAt).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(sink.readAt, files[0]), 'utf8');
      expect(eml).toContain('To: newcomer@campaign.test');
      // The subject is RFC 2047-encoded UTF-8; decode it as a mail client would.
      const { simpleParser } = await import('mailparser');
      expect((await simpleParser(eml)).subject).toBe(SUBJECT);
    } finally {
      await sink.stop();
    }
  });

  it('runs Mailpit, provisioned like the Temporal CLI, whose REST API lists what arrived', async () => {
    const config = loadConfig();
    const binary = await ensureMailpit({
      cacheDir: config.tooling.cacheDir,
      explicitPath: config.tooling.mailpitPath,
      log: (line) => process.stderr.write(`[mailpit] ${line}\n`),
    });
    const mailpit = await startMailpit({
      binary,
      smtpPort: await freePort(),
      uiPort: await freePort(),
      dbFile: join(dataDir, 'mailpit.db'),
    });
    try {
      await sendThrough(mailpit.smtp.port);
      const messages = await eventually(
        () => mailpit.messages(),
        (list) => list.length === 1,
      );
      expect(messages[0]).toMatchObject({
        Subject: SUBJECT,
        To: [expect.objectContaining({ Address: 'newcomer@campaign.test' })],
      });
      const page = await fetch(mailpit.uiUrl.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
    } finally {
      await mailpit.stop();
    }
  }, 600_000);
});
