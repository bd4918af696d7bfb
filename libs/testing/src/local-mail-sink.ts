import { join } from 'node:path';

import { ensureMailpit, startMailpit } from './mailpit.js';
import { startSmtpSink } from './smtp-sink.js';

export interface LocalMailSink {
  kind: 'mailpit' | 'eml-files';
  smtp: { host: string; port: number };
  /** Where a person reads the mails: Mailpit's web page, or the folder of .eml files. */
  readAt: string;
  stop(): Promise<void>;
}

/**
 * The mail sink `npm start` runs when no SMTP_HOST is configured, so a newcomer can read every
 * mail the product sends: Mailpit (web page and REST API), provisioned like the Temporal CLI;
 * or, when Mailpit cannot be provisioned here, an SMTP server that keeps each mail as an `.eml`
 * file under the data folder.
 */
export async function startLocalMailSink(options: {
  cacheDir: string;
  mailpitPath?: string | undefined;
  /** `<DATA_DIR>/mail`: Mailpit's database, or the .eml files. */
  dataDir: string;
  smtpPort: number;
  uiPort: number;
  log?: (line: string) => void;
  /** Skip Mailpit (tests of the fallback). */
  preferMailpit?: boolean;
}): Promise<LocalMailSink> {
  const log = options.log ?? (() => undefined);
  let binary: string | undefined;
  if (options.preferMailpit ?? true) {
    try {
      binary = await ensureMailpit({
        cacheDir: options.cacheDir,
        explicitPath: options.mailpitPath,
        log,
      });
    } catch (error) {
      log(`${(error as Error).message}; keeping mails as .eml files instead`);
    }
  }
  if (binary) {
    const mailpit = await startMailpit({
      binary,
      smtpPort: options.smtpPort,
      uiPort: options.uiPort,
      dbFile: join(options.dataDir, 'mailpit.db'),
    });
    return {
      kind: 'mailpit',
      smtp: mailpit.smtp,
      readAt: mailpit.uiUrl,
      stop: () => mailpit.stop(),
    };
  }
  const emlDir = join(options.dataDir, 'eml');
  const sink = await startSmtpSink({ port: options.smtpPort, emlDir });
  return {
    kind: 'eml-files',
    smtp: { host: sink.host, port: sink.port },
    readAt: emlDir,
    stop: () => sink.stop(),
  };
}
