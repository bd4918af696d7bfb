import { createHash } from 'node:crypto';

import type { AppConfig } from '@campaign/config';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The same on every attempt of one notification, so a receiver can drop a repeat. */
  messageId: string;
  headers: Record<string, string>;
  /** The sender's display name for this mail (the campaign's issuing office); else the configured one. */
  senderName?: string | null;
}

export interface SmtpReply {
  smtpCode: number | null;
  smtpResponse: string | null;
}

/** An open SMTP connection pool; `close` ends it. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SmtpReply>;
  close(): void;
}

type SmtpSettings = NonNullable<AppConfig['mail']['smtp']>;

/** Opens a pooled nodemailer transport to the configured SMTP server, for one delivery run. */
export function openSmtpTransport(
  smtp: SmtpSettings,
  from: string,
  maxConnections: number,
): MailTransport {
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.auth ? { user: smtp.auth.user, pass: smtp.auth.password } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    // Messages are plain text built here: never let a template pull in a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.senderName ? { name: mail.senderName, address: senderAddress(from) } : from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return replyOf(info.response);
    },
    close() {
      transporter.close();
    },
  };
}

function replyOf(response: unknown): SmtpReply {
  const text = typeof response === 'string' ? response : null;
  const code = text ? Number(/^(\d{3})/.exec(text)?.[1]) : NaN;
  return { smtpCode: Number.isNaN(code) ? null : code, smtpResponse: text };
}

/** The address of a `Name <address>` sender, or the sender itself. */
export function senderAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

/** The domain of the sender address, for Message-IDs. */
export function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'localhost';
}

/**
 * The Message-ID of a notification's e-mail: derived from its dedupe key alone (hashed, so no
 * business key shows in mail headers), hence identical on every attempt and every sender. In
 * the one window no sender can close (the server accepted the mail, then the worker died before
 * recording it), the second copy carries the same Message-ID, which mail systems treat as the
 * same message.
 */
export function notificationMessageId(dedupeKey: string, from: string): string {
  const hash = createHash('sha256').update(`email\u0000${dedupeKey}`).digest('hex').slice(0, 32);
  return `<${hash}@${senderDomain(from)}>`;
}

export interface SmtpFailure {
  /** True when no retry can help: the server refused this recipient or this message for good. */
  permanent: boolean;
  errorClass: string;
  smtpCode: number | null;
  smtpResponse: string | null;
}

/**
 * What a failed send means. A 5xx answer to the recipient or the message (550 no such mailbox,
 * 552 too large, 554 refused) fails the notification for good; everything else — 4xx (try
 * later), a refused or lost connection, a timeout, a bad login or a refused sender (the
 * operator's configuration, which will be fixed) — is retried.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    command?: unknown;
  };
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const smtpResponse = typeof e.response === 'string' ? e.response : null;
  const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (smtpCode !== null && smtpCode >= 500 && (command.startsWith('RCPT') || command === 'DATA')) {
    return { permanent: true, errorClass: 'SmtpRejected', smtpCode, smtpResponse };
  }
  if (code === 'EENVELOPE' && smtpCode === null) {
    // nodemailer refused the envelope itself (no valid recipient address).
    return { permanent: true, errorClass: 'BadAddress', smtpCode, smtpResponse };
  }
  if (smtpCode !== null && smtpCode >= 400 && smtpCode < 500) {
    return { permanent: false, errorClass: 'SmtpTransient', smtpCode, smtpResponse };
  }
  if (code === 'EAUTH') return { permanent: false, errorClass: 'SmtpAuth', smtpCode, smtpResponse };
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(code)) {
    return { permanent: false, errorClass: 'Connection', smtpCode, smtpResponse };
  }
  return {
    permanent: false,
    errorClass: code ? `Smtp:${code}` : 'SmtpError',
    smtpCode,
    smtpResponse,
  };
}
