import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { eventually } from './eventually.js';
import { freePort } from './ports.js';

/** One message the sink accepted, parsed. */
export interface ReceivedMail {
  messageId: string | undefined;
  subject: string;
  text: string;
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  headers: Map<string, unknown>;
  raw: string;
}

export interface SmtpSinkOptions {
  host?: string;
  /** A free port when omitted. */
  port?: number;
  /** Keep every accepted message as an `.eml` file here (the local mail sink of `npm start`). */
  emlDir?: string;
  /** Recipients refused for good at RCPT TO (550), e.g. a mailbox that does not exist. */
  rejectRecipients?: RegExp;
  /** Wait this long before answering each message (a slow server). */
  delayMs?: number;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** Accepted messages, in order. */
  readonly received: ReceivedMail[];
  /** Message transfers attempted (DATA), refused ones included. */
  readonly attempts: number;
  /** Refuse the next `count` messages at the end of DATA with a temporary error (451 by default). */
  refuseNext(count: number, code?: number): void;
  /** Resolves with the received messages once there are at least `count`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  clear(): void;
  stop(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(', ');

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that records what it receives,
 * parsed with `mailparser`; it can refuse the next N messages (to test retries) and refuse
 * chosen recipients for good. Accepts any login and plain connections, like a development sink.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const received: ReceivedMail[] = [];
  let attempts = 0;
  let refusals: Array<number> = [];
  let saved = 0;
  if (options.emlDir) mkdirSync(options.emlDir, { recursive: true });

  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.test(address.address)) {
        return callback(
          Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void answer());
      const answer = async () => {
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        attempts += 1;
        const refusal = refusals.shift();
        if (refusal !== undefined) {
          callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: refusal }));
          return;
        }
        const raw = Buffer.concat(chunks);
        if (options.emlDir) {
          saved += 1;
          writeFileSync(
            join(options.emlDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${saved}.eml`),
            raw,
          );
        }
        simpleParser(raw)
          .then((mail) => {
            received.push({
              messageId: mail.messageId,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              from: addresses(mail.from),
              to: session.envelope.rcptTo.map((r) => r.address),
              headers: mail.headers,
              raw: raw.toString('utf8'),
            });
            callback(null, `2.0.0 queued as ${received.length}`);
          })
          .catch((error: Error) => callback(error));
      };
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client dropping its connection mid-session is not the sink's failure.
  server.on('error', () => undefined);

  return {
    host,
    port,
    received,
    get attempts() {
      return attempts;
    },
    refuseNext(count, code = 451) {
      refusals = [...refusals, ...Array.from({ length: count }, () => code)];
    },
    waitFor(count, timeoutMs = 20_000) {
      return eventually(
        async () => [...received],
        (mails) => mails.length >= count,
        timeoutMs,
      );
    },
    clear() {
      received.length = 0;
      refusals = [];
      attempts = 0;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
