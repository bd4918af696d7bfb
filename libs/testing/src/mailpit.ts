import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { ensureGoTool, type GoTool, type ProvisionOptions } from './go-tool.js';
import { portAnswers, waitForPort } from './ports.js';

/** The Mailpit release the project pins (`go install` builds it in about 75 s to 35 MB). */
export const MAILPIT_VERSION = '1.33.1';

export const MAILPIT: GoTool = {
  title: 'Mailpit',
  binary: 'mailpit',
  version: MAILPIT_VERSION,
  pathVariable: 'MAILPIT_PATH',
  goPackage: 'github.com/axllent/mailpit',
  downloadUrl: (os, cpu) =>
    `https://github.com/axllent/mailpit/releases/download/v${MAILPIT_VERSION}/mailpit-${os}-${cpu}.tar.gz`,
  buildTime: 'about 75 s',
};

/** Finds or provisions Mailpit like the Temporal CLI: `$MAILPIT_PATH`, PATH, cache, download, go install. */
export function ensureMailpit(options: ProvisionOptions): Promise<string> {
  return ensureGoTool(MAILPIT, options);
}

/** A message as Mailpit's REST API lists it (`GET /api/v1/messages`). */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  Subject: string;
  From: { Name: string; Address: string };
  To: Array<{ Name: string; Address: string }>;
  Snippet: string;
}

export interface RunningMailpit {
  smtp: { host: string; port: number };
  /** Its web page, where a newcomer reads the mails. */
  uiUrl: string;
  process: ChildProcess;
  /** What arrived, newest first. */
  messages(): Promise<MailpitMessage[]>;
  stop(): Promise<void>;
}

/**
 * Runs Mailpit on 127.0.0.1: SMTP on `smtpPort` (any login accepted, no TLS, as a development
 * sink), its web page and REST API on `uiPort`, messages kept in `dbFile` when given.
 */
export async function startMailpit(options: {
  binary: string;
  smtpPort: number;
  uiPort: number;
  dbFile?: string;
  stdio?: 'inherit' | 'ignore';
}): Promise<RunningMailpit> {
  for (const port of [options.smtpPort, options.uiPort]) {
    if (await portAnswers('127.0.0.1', port)) {
      throw new Error(
        `port ${port} is already in use (another mail sink?): stop it, or set ` +
          'MAIL_SINK_SMTP_PORT / MAIL_SINK_UI_PORT, or SMTP_HOST to use a real server',
      );
    }
  }
  const args = [
    '--smtp',
    `127.0.0.1:${options.smtpPort}`,
    '--listen',
    `127.0.0.1:${options.uiPort}`,
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    '--smtp-disable-rdns',
    '--disable-version-check',
    '--quiet',
  ];
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--database', options.dbFile);
  }
  const child = spawn(options.binary, args, {
    stdio: ['ignore', options.stdio ?? 'ignore', options.stdio ?? 'ignore'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => ((exited = true), resolve())),
  );
  try {
    await Promise.race([
      Promise.all([
        waitForPort('127.0.0.1', options.smtpPort, 30_000),
        waitForPort('127.0.0.1', options.uiPort, 30_000),
      ]),
      exit.then(() => Promise.reject(new Error(`mailpit exited early (code ${child.exitCode})`))),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uiUrl = `http://localhost:${options.uiPort}`;
  return {
    smtp: { host: '127.0.0.1', port: options.smtpPort },
    uiUrl,
    process: child,
    async messages() {
      const response = await fetch(`http://127.0.0.1:${options.uiPort}/api/v1/messages?limit=500`);
      if (!response.ok) throw new Error(`mailpit answered ${response.status}`);
      return ((await response.json()) as { messages: MailpitMessage[] }).messages;
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
