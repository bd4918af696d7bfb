import { loadConfig, type Logger } from '@campaign/config';
import type {
  AttemptOutcome,
  ClaimedEmail,
  DeliveryScope,
  NotificationRepository,
} from '@campaign/persistence';
import { describe, expect, it } from '@jest/globals';

import { EmailDelivery } from './email-delivery.js';
import type { MailTransport } from './smtp-mailer.js';

const claim: ClaimedEmail = {
  id: '9b0f6a52-5d0e-4c38-9a57-0d4f0c1f2a11',
  attempt: 1,
  dedupeKey: 'reminder:item-1:person-1',
  templateKey: 'task_reminder',
  params: {
    taskName: { 'zh-CN': '廉政承诺书', en: 'Integrity pledge' },
    campaignTitle: '2026年度全市公安队伍教育整顿',
    dueAt: '2026-12-01T10:00:00Z',
    timeLeft: 'P3D',
  },
  rehearsal: false,
  recipientPersonId: 'person-1',
  email: 'li.na@example.gov.cn',
  language: 'zh-CN',
};

const unavailable = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A ledger of notification rows that answers `failures` times with PostgreSQL gone, then records. */
function repository(failures: number) {
  const recorded: AttemptOutcome[] = [];
  let claims = [claim];
  let calls = 0;
  const repo = {
    releaseExpiredLeases: async () => 0,
    settleUnsendable: async () => undefined,
    claimEmails: async () => {
      const taken = claims;
      claims = [];
      return taken;
    },
    recordAttempt: async (_claim: ClaimedEmail, _at: Date, outcome: AttemptOutcome) => {
      calls += 1;
      if (calls <= failures) throw unavailable();
      recorded.push(outcome);
    },
  };
  return { repo: repo as unknown as NotificationRepository, recorded, calls: () => calls };
}

const config = (smtpTimeoutSeconds: number) =>
  loadConfig(
    {
      DATABASE_URL: 'postgres://campaigns@127.0.0.1:5432/campaigns',
      SMTP_HOST: 'smtp.example.gov.cn',
      SMTP_TIMEOUT_SECONDS: String(smtpTimeoutSeconds),
    },
    '/tmp',
  );

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function transport() {
  const sent: string[] = [];
  const t: MailTransport = {
    send: async (mail) => {
      sent.push(mail.messageId);
      return { smtpCode: 250, smtpResponse: '250 OK queued' };
    },
    close: () => undefined,
  };
  return { t, sent };
}

const scope: DeliveryScope = { due: true };

describe('EmailDelivery', () => {
  it('keeps trying to record a mail the server accepted while PostgreSQL is gone, and sends it once', async () => {
    const { repo, recorded, calls } = repository(3);
    const { t, sent } = transport();
    const delivery = new EmailDelivery(repo, config(30), quiet as unknown as Logger);

    const result = await delivery.run(scope, { openTransport: () => t });

    expect(sent).toHaveLength(1);
    expect(calls()).toBe(4);
    expect(recorded).toEqual([expect.objectContaining({ outcome: 'sent', smtpCode: 250 })]);
    expect(result).toMatchObject({ attempted: 1, sent: 1, retry: 0, failed: 0 });
  });

  it('gives up recording once the claim would have run out, so the run fails and says so', async () => {
    // A 1 s SMTP timeout makes the lease 33 s; PostgreSQL never comes back.
    const { repo, recorded, calls } = repository(Number.POSITIVE_INFINITY);
    const { t, sent } = transport();
    const delivery = new EmailDelivery(repo, config(1), quiet as unknown as Logger);
    const realNow = Date.now;
    let skew = 0;
    // Time runs 10 s per try: the 30 s lease is over within a few tries.
    Date.now = () => realNow() + (skew += 10_000);
    try {
      await expect(delivery.run(scope, { openTransport: () => t })).rejects.toThrow('ECONNREFUSED');
    } finally {
      Date.now = realNow;
    }
    expect(sent).toHaveLength(1);
    expect(recorded).toEqual([]);
    expect(calls()).toBeGreaterThan(1);
    expect(calls()).toBeLessThanOrEqual(5);
  });
});
