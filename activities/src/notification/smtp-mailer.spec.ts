import { describe, expect, it } from '@jest/globals';

import { retryBackoffMs } from './email-delivery.js';
import { classifySmtpError, notificationMessageId, senderDomain } from './smtp-mailer.js';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('smtp'), fields);

describe('SMTP failures', () => {
  it('fails for good only when the server refuses the recipient or the message (5xx)', () => {
    expect(
      classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })),
    ).toMatchObject({ permanent: true, errorClass: 'SmtpRejected', smtpCode: 550 });
    expect(
      classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })),
    ).toMatchObject({ permanent: true, errorClass: 'SmtpRejected' });
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE' }))).toMatchObject({
      permanent: true,
      errorClass: 'BadAddress',
    });
  });

  it('retries try-later answers, lost connections, bad logins and a refused sender', () => {
    for (const [error, errorClass] of [
      [smtpError({ responseCode: 451, command: 'DATA' }), 'SmtpTransient'],
      [smtpError({ responseCode: 421, command: 'CONN' }), 'SmtpTransient'],
      [smtpError({ code: 'ECONNECTION' }), 'Connection'],
      [smtpError({ code: 'ETIMEDOUT' }), 'Connection'],
      [smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }), 'SmtpAuth'],
      [smtpError({ responseCode: 553, command: 'MAIL FROM' }), 'SmtpError'],
      [new Error('boom'), 'SmtpError'],
    ] as const) {
      expect(classifySmtpError(error)).toMatchObject({ permanent: false, errorClass });
    }
  });

  it('backs off from 30 s, doubling, to at most an hour', () => {
    expect([1, 2, 3, 8, 20].map(retryBackoffMs)).toEqual([
      30_000, 60_000, 120_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('Message-ID', () => {
  it('is the same for the same dedupe key on every attempt, and hides the key', () => {
    const from = '市局活动办 <office@police.example.cn>';
    const id = notificationMessageId('task-42:reminder:P3D', from);
    expect(id).toBe(notificationMessageId('task-42:reminder:P3D', from));
    expect(id).not.toBe(notificationMessageId('task-42:reminder:P1D', from));
    expect(id).toMatch(/^<[0-9a-f]{32}@police\.example\.cn>$/);
    expect(id).not.toContain('task-42');
    expect(senderDomain('noreply@x.test')).toBe('x.test');
  });
});
