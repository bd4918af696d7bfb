import { homedir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { ConfigError, loadConfig } from './config.js';

const ROOT = '/srv/campaigns';

/** Runs loadConfig expecting a ConfigError and returns it. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env, ROOT);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig({}, ROOT);
    expect(config.nodeEnv).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({
      url: 'postgres://postgres:postgres@127.0.0.1:5433/campaigns',
      external: false,
      embedded: { dataDir: join(ROOT, '.data', 'pg'), port: 5433 },
      poolSize: 10,
      timeouts: { connectMs: 2_000, apiStatementMs: 5_000, workerStatementMs: 300_000 },
    });
    expect(config.ledger).toEqual({ deadlineHorizonDays: 365 });
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      external: false,
      namespace: 'default',
      taskQueue: 'campaigns',
      dbFile: join(ROOT, '.data', 'temporal.db'),
    });
    expect(config.log.level).toBe('info');
    expect(config.tooling.temporalCliPath).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig(
      { PORT: '', DATABASE_URL: '', TEMPORAL_ADDRESS: '  ', LOG_LEVEL: '' },
      ROOT,
    );
    expect(config.http.port).toBe(3000);
    expect(config.database.external).toBe(false);
    expect(config.temporal.external).toBe(false);
    expect(config.log.level).toBe('info');
  });

  it('puts the embedded database on EMBEDDED_PG_PORT and data under DATA_DIR', () => {
    const config = loadConfig({ EMBEDDED_PG_PORT: '6543', DATA_DIR: 'state' }, ROOT);
    expect(config.database.url).toBe('postgres://postgres:postgres@127.0.0.1:6543/campaigns');
    expect(config.database.embedded).toEqual({ dataDir: join(ROOT, 'state', 'pg'), port: 6543 });
    expect(config.temporal.dbFile).toBe(join(ROOT, 'state', 'temporal.db'));
  });

  it('uses a given DATABASE_URL and marks it external', () => {
    const url = 'postgresql://app:secret@db.internal:5432/campaigns';
    const config = loadConfig({ DATABASE_URL: url }, ROOT);
    expect(config.database.url).toBe(url);
    expect(config.database.external).toBe(true);
    expect(config.temporal.external).toBe(false);
  });

  it('uses a given TEMPORAL_ADDRESS and marks it external', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }, ROOT);
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.temporal.external).toBe(true);
    expect(config.database.external).toBe(false);
  });

  it('reads PORT, LOG_LEVEL, NODE_ENV, namespace and task queue', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        LOG_LEVEL: 'debug',
        NODE_ENV: 'production',
        TEMPORAL_NAMESPACE: 'prod',
        TEMPORAL_TASK_QUEUE: 'campaigns-prod',
      },
      ROOT,
    );
    expect(config.http.port).toBe(8080);
    expect(config.log.level).toBe('debug');
    expect(config.nodeEnv).toBe('production');
    expect(config.temporal.namespace).toBe('prod');
    expect(config.temporal.taskQueue).toBe('campaigns-prod');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'mysql://x'],
    ['TEMPORAL_ADDRESS', 'nohost'],
  ])('rejects %s=%s', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(name);
  });

  it('names every bad variable in one throw', () => {
    const error = configError({
      PORT: 'abc',
      TEMPORAL_UI_PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'nohost',
    });
    expect(error.problems).toHaveLength(5);
    for (const name of [
      'PORT',
      'TEMPORAL_UI_PORT',
      'LOG_LEVEL',
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
    ]) {
      expect(error.problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('TEMPORAL_ADDRESS');
  });

  it('takes the tooling cache dir from CAMPAIGN_CACHE_DIR first', () => {
    const config = loadConfig(
      { CAMPAIGN_CACHE_DIR: '/opt/cache/campaign', XDG_CACHE_HOME: '/xdg' },
      ROOT,
    );
    expect(config.tooling.cacheDir).toBe('/opt/cache/campaign');
  });

  it('falls back to XDG_CACHE_HOME for the tooling cache dir', () => {
    const config = loadConfig({ XDG_CACHE_HOME: '/xdg' }, ROOT);
    expect(config.tooling.cacheDir).toBe('/xdg/campaign-orchestrator');
  });

  it('falls back to ~/.cache for the tooling cache dir', () => {
    const config = loadConfig({}, ROOT);
    expect(config.tooling.cacheDir).toBe(join(homedir(), '.cache', 'campaign-orchestrator'));
  });

  it('caps what an imported workbook may inflate to: IMPORT_MAX_UNPACKED_MB, 100 by default', () => {
    expect(loadConfig({}, ROOT).imports.maxUnpackedBytes).toBe(100 * 2 ** 20);
    expect(loadConfig({ IMPORT_MAX_UNPACKED_MB: '20' }, ROOT).imports.maxUnpackedBytes).toBe(
      20 * 2 ** 20,
    );
    expect(configError({ IMPORT_MAX_UNPACKED_MB: '0' }).message).toMatch(/IMPORT_MAX_UNPACKED_MB/);
  });

  it('reads TEMPORAL_CLI_PATH', () => {
    const config = loadConfig({ TEMPORAL_CLI_PATH: ' /usr/local/bin/temporal ' }, ROOT);
    expect(config.tooling.temporalCliPath).toBe('/usr/local/bin/temporal');
  });

  it('turns e-mail off without SMTP_HOST, with a local sink and a development sender', () => {
    const config = loadConfig({}, ROOT);
    expect(config.mail.smtp).toBeNull();
    expect(config.mail.from).toMatch(/<[^@]+@[^>]+>$/);
    expect(config.mail.sink).toEqual({
      smtpPort: 1025,
      uiPort: 8025,
      dataDir: join(ROOT, '.data', 'mail'),
    });
    expect(config.notifications).toEqual({
      sweepIntervalMs: 60_000,
      digestHour: 8,
      sendConcurrency: 4,
      tipOffNoticeHoldSeconds: 60,
    });
  });

  it('ships sign-in and tip-off limits, a refresh grace, and trusts no proxy unless told', () => {
    const config = loadConfig({}, ROOT);
    expect(config.limits).toEqual({
      signIn: { windowSeconds: 900, maxFailuresPerUsername: 5, maxFailuresPerClient: 20 },
      tipOffs: { windowSeconds: 3600, maxPerClient: 10 },
    });
    expect(config.auth.refreshReuseGraceSeconds).toBe(10);
    expect(config.http.trustProxy).toBe(false);
    const trust = (value: string) => loadConfig({ TRUST_PROXY: value }, ROOT).http.trustProxy;
    expect([trust('true'), trust('1'), trust('loopback, 10.0.0.0/8')]).toEqual([
      true,
      1,
      'loopback, 10.0.0.0/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'a;b' }, ROOT)).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TIP_OFF_MAX_PER_CLIENT: '0' }, ROOT)).toThrow(
      /TIP_OFF_MAX_PER_CLIENT/,
    );
  });

  it('reads the SMTP server, its credentials and the sender', () => {
    const config = loadConfig(
      {
        SMTP_HOST: 'smtp.example.org',
        SMTP_SECURE: 'true',
        SMTP_USER: 'mailer',
        SMTP_PASSWORD: 's3cret',
        MAIL_FROM: '市局活动办 <office@example.org>',
        NOTIFICATION_DIGEST_HOUR: '7',
        MAILPIT_PATH: '/opt/mailpit',
      },
      ROOT,
    );
    expect(config.mail.smtp).toEqual({
      host: 'smtp.example.org',
      port: 465,
      secure: true,
      auth: { user: 'mailer', password: 's3cret' },
      timeoutMs: 30_000,
    });
    expect(config.mail.from).toBe('市局活动办 <office@example.org>');
    expect(config.notifications.digestHour).toBe(7);
    expect(config.tooling.mailpitPath).toBe('/opt/mailpit');
    expect(loadConfig({ SMTP_HOST: 'mail', SMTP_PORT: '2525' }, ROOT).mail.smtp).toMatchObject({
      port: 2525,
      secure: false,
      auth: undefined,
    });
    expect(loadConfig({ SMTP_HOST: 'mail' }, ROOT).mail.smtp?.port).toBe(587);
  });

  it('names every bad mail setting', () => {
    const error = configError({
      SMTP_HOST: 'mail',
      SMTP_PORT: 'twenty-five',
      SMTP_SECURE: 'yes',
      SMTP_USER: 'mailer',
      MAIL_FROM: 'not an address',
      NOTIFICATION_DIGEST_HOUR: '24',
      NOTIFICATION_SWEEP_SECONDS: '0',
    });
    for (const name of [
      'SMTP_PORT',
      'SMTP_SECURE',
      'SMTP_USER',
      'MAIL_FROM',
      'NOTIFICATION_DIGEST_HOUR',
      'NOTIFICATION_SWEEP_SECONDS',
    ]) {
      expect(error.problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
    expect(
      configError({ NODE_ENV: 'production', SMTP_HOST: 'mail', JWT_SECRET: 'x'.repeat(32) })
        .problems,
    ).toEqual(['MAIL_FROM is required in production when SMTP_HOST is set']);
  });

  describe('the confidential key ring', () => {
    const k = (byte: number) => Buffer.alloc(32, byte).toString('base64');

    it('uses the development key when none is configured, and says so', () => {
      const config = loadConfig({}, ROOT);
      expect(config.confidential.usingDevelopmentKey).toBe(true);
      expect(config.confidential.keys.map((key) => key.id)).toEqual(['development']);
    });

    it('reads CONFIDENTIAL_KEYS newest first', () => {
      const config = loadConfig({ CONFIDENTIAL_KEYS: `k2:${k(2)}, k1:${k(1)}` }, ROOT);
      expect(config.confidential.usingDevelopmentKey).toBe(false);
      expect(config.confidential.keys.map((key) => key.id)).toEqual(['k2', 'k1']);
      expect(config.confidential.keys[0].key.equals(Buffer.alloc(32, 2))).toBe(true);
    });

    it('names each bad entry without echoing key material', () => {
      const error = configError({
        CONFIDENTIAL_KEYS: `K!:${k(1)} k2:c2hvcnQ= k3:${k(3)} k3:${k(4)}`,
      });
      expect(error.problems).toEqual([
        'CONFIDENTIAL_KEYS entry 1 must be <id>:<base64 key> with an id of [a-z0-9_-], 1-32 characters',
        'CONFIDENTIAL_KEYS entry 2 ("k2") must be 32 bytes in base64 (openssl rand -base64 32)',
        'CONFIDENTIAL_KEYS entry 4 ("k3") repeats the key id "k3"',
      ]);
      expect(error.message).not.toContain(k(1));
    });
  });
});
