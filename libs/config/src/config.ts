import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Typed configuration, validated once at boot. Nothing else in the code base reads
 * `process.env`: it asks for an `AppConfig`.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  http: {
    port: number;
    /**
     * Express's `trust proxy`: which hops' `X-Forwarded-For` to believe, so "per client" limits
     * see the caller's address and not the reverse proxy's. False (the default) trusts none.
     */
    trustProxy: boolean | number | string;
  };
  database: {
    /** Connection string; when unset, `npm start` runs the embedded PostgreSQL at `embedded`. */
    url: string;
    /** Whether `url` was given by the operator (false: the embedded default). */
    external: boolean;
    embedded: { dataDir: string; port: number };
    /** Connections each process keeps open. */
    poolSize: number;
    /**
     * How long a process waits for a connection from its pool (or a new one) and for one
     * statement, per process: the API answers 503 within seconds rather than hang with
     * PostgreSQL; the worker's statements are batch work Temporal retries, so they get minutes
     * (under the activities' own time limits: a retry never runs beside its stale statement).
     */
    timeouts: { connectMs: number; apiStatementMs: number; workerStatementMs: number };
  };
  /** A ledger deadline may lie at most this many days after its campaign's last phase ends. */
  ledger: { deadlineHorizonDays: number };
  temporal: {
    address: string;
    /** Whether `address` was given by the operator (false: `npm start` runs the dev server). */
    external: boolean;
    namespace: string;
    taskQueue: string;
    uiPort: number;
    dbFile: string;
    /** `TEMPORAL_MODE`: what `npm start` and the tests run, the CLI's dev server or a real cluster. */
    mode: 'dev' | 'cluster';
    /** The cluster's PostgreSQL (databases `temporal`, `temporal_visibility`), when not the app's. */
    clusterDatabaseUrl: string | undefined;
    /** How long the API waits for Temporal before answering 503, per kind of call. */
    timeouts: { startMs: number; updateMs: number; queryMs: number };
    worker: {
      maxConcurrentActivityTaskExecutions: number;
      maxConcurrentWorkflowTaskExecutions: number;
      maxConcurrentLocalActivityExecutions: number;
      /**
       * Workflows kept in the worker's memory between tasks. Item workflows sleep for weeks: an
       * evicted one replays its short history when its next timer fires, so the cap bounds the
       * worker's memory however many items are open.
       */
      maxCachedWorkflows: number;
      /** How long a stopping worker lets in-flight activities finish before cancelling them. */
      shutdownGraceTimeMs: number;
    };
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  mail: {
    /**
     * The SMTP server e-mail notifications go through; null when SMTP_HOST is unset (e-mail rows
     * are then recorded as skipped, and `npm start` runs a local mail sink and sets it).
     */
    smtp: {
      host: string;
      port: number;
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: boolean;
      auth: { user: string; password: string } | undefined;
      /** Connection, greeting and socket timeout of one SMTP exchange. */
      timeoutMs: number;
    } | null;
    /** The From header and envelope sender, `Name <address>` or a bare address. */
    from: string;
    /** The local mail sink `npm start` runs when SMTP_HOST is unset. */
    sink: { smtpPort: number; uiPort: number; dataDir: string };
  };
  notifications: {
    /** How often the maintenance workflow sweeps e-mails left pending. */
    sweepIntervalMs: number;
    /** Asia/Shanghai hour of the daily digest. */
    digestHour: number;
    /** E-mails one delivery activity sends at once. */
    sendConcurrency: number;
    /** How long new tip-offs gather into one notice per inspector before its mail goes. */
    tipOffNoticeHoldSeconds: number;
  };
  auth: {
    /** HMAC secret for access tokens (HS256); at least 32 characters. */
    jwtSecret: string;
    /** True when JWT_SECRET is unset and the development secret stands in (the API refuses that in production). */
    usingDevelopmentSecret: boolean;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** How long a rotated refresh token still answers its successor again (tabs refreshing at once). */
    refreshReuseGraceSeconds: number;
  };
  /** Fixed-window limits, counted in PostgreSQL (shared by every API process). */
  limits: {
    /** Failed sign-ins per username and per client address in a window; past it, 429. */
    signIn: { windowSeconds: number; maxFailuresPerUsername: number; maxFailuresPerClient: number };
    /** New tip-offs per client address in a window; past it, 429. */
    tipOffs: { windowSeconds: number; maxPerClient: number };
  };
  /**
   * The key ring for confidential text (self-check statements, tip-offs, reporters' identities),
   * encrypted in the application with AES-256-GCM before it reaches PostgreSQL. The first key
   * encrypts; every key decrypts, so an old key stays until `npm run keys:rotate` has re-encrypted
   * its rows.
   */
  confidential: {
    keys: ConfidentialKey[];
    /** True when no key was configured and the development key stands in (refused in production). */
    usingDevelopmentKey: boolean;
  };
  storage: {
    /** Where evidence files are kept (content-addressed by SHA-256), unless another store is wired. */
    evidenceDir: string;
  };
  /** Roster and ledger imports. */
  imports: {
    /**
     * Bytes an uploaded workbook may inflate to, counted as it inflates (a zip declares what it
     * likes); past it the upload answers 413 and the API has kept none of it.
     */
    maxUnpackedBytes: number;
  };
  tooling: {
    /** Folder outside the clone where provisioned binaries (Temporal CLI, test server) live. */
    cacheDir: string;
    temporalCliPath: string | undefined;
    /** `$MAILPIT_PATH`: use this Mailpit instead of provisioning one. */
    mailpitPath: string | undefined;
    /** True on CI (`CI` set): tools that cannot be provisioned fail the run instead of skipping. */
    ci: boolean;
  };
}

export interface ConfidentialKey {
  /** Stored with every row it encrypts: `[a-z0-9_-]`, 1-32 characters. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Used only outside production, where JWT_SECRET is optional. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

/**
 * Used only outside production, where CONFIDENTIAL_KEYS is optional: a fixed key, so development
 * data stays readable across restarts. Anyone can read this source: never use it for real data.
 */
export const DEVELOPMENT_CONFIDENTIAL_KEY: ConfidentialKey = {
  id: 'development',
  key: Buffer.from('development-only-key-never-real!', 'utf8'),
};

const KEY_ID = /^[a-z0-9_-]{1,32}$/;

/**
 * Parses a key ring: entries `<id>:<base64 of 32 bytes>`, newest first, separated by commas,
 * spaces or new lines (`#` starts a comment to the end of its line in a keys file).
 */
export function parseConfidentialKeys(
  text: string,
  source: string,
): { keys: ConfidentialKey[]; problems: string[] } {
  const keys: ConfidentialKey[] = [];
  const problems: string[] = [];
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(',')
    .split(/[\s,]+/)
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const encoded = at > 0 ? entry.slice(at + 1) : '';
    // Never echo the key material itself in a problem: name the entry by position and id.
    const name = `${source} entry ${i + 1}${KEY_ID.test(id) ? ` ("${id}")` : ''}`;
    if (!KEY_ID.test(id)) {
      problems.push(`${name} must be <id>:<base64 key> with an id of [a-z0-9_-], 1-32 characters`);
      return;
    }
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : null;
    if (!key || key.length !== 32) {
      problems.push(`${name} must be 32 bytes in base64 (openssl rand -base64 32)`);
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`${name} repeats the key id "${id}"`);
      return;
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

type Env = Record<string, string | undefined>;

/** The embedded PostgreSQL's connection string for a given port. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/campaigns`;
}

/** `$XDG_CACHE_HOME` when it is an absolute path (as the spec asks), else `~/.cache`. */
function userCacheHome(env: Env): string {
  const xdg = env['XDG_CACHE_HOME']?.trim();
  return xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
}

export function loadConfig(env: Env = process.env, root: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${name} must be a port number (1-65535), got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  };
  const text = (name: string, fallback: string): string => {
    const raw = env[name]?.trim();
    return raw ? raw : fallback;
  };

  const dataDir = resolve(root, text('DATA_DIR', '.data'));
  const embeddedPort = port('EMBEDDED_PG_PORT', 5433);
  const databaseUrl = env['DATABASE_URL']?.trim();
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// connection string');
  }
  const temporalAddress = env['TEMPORAL_ADDRESS']?.trim();
  const addressPort = Number(
    temporalAddress?.match(/^(?:\[[0-9a-fA-F:]+\]|[^\s:[\]]+):(\d+)$/)?.[1],
  );
  if (temporalAddress && !(addressPort >= 1 && addressPort <= 65535)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port, got "${temporalAddress}"`);
  }
  const temporalPort = port('TEMPORAL_PORT', 7233);
  const clusterDatabaseUrl = env['TEMPORAL_DATABASE_URL']?.trim() || undefined;
  if (clusterDatabaseUrl && !/^postgres(ql)?:\/\//.test(clusterDatabaseUrl)) {
    problems.push('TEMPORAL_DATABASE_URL must be a postgres:// connection string');
  }
  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const positive = (name: string, fallback: number, unit: string): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) {
      problems.push(`${name} must be a whole number of ${unit}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const jwtSecret = env['JWT_SECRET']?.trim();
  if (jwtSecret !== undefined && jwtSecret !== '' && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }

  const smtpHost = env['SMTP_HOST']?.trim();
  const smtpSecureRaw = env['SMTP_SECURE']?.trim().toLowerCase();
  if (smtpSecureRaw && !['true', 'false'].includes(smtpSecureRaw)) {
    problems.push(`SMTP_SECURE must be true or false, got "${env['SMTP_SECURE']}"`);
  }
  const smtpSecure = smtpSecureRaw === 'true';
  const smtpUser = env['SMTP_USER']?.trim();
  const smtpPassword = env['SMTP_PASSWORD'];
  if (Boolean(smtpUser) !== Boolean(smtpPassword)) {
    problems.push('SMTP_USER and SMTP_PASSWORD must be set together');
  }
  const mailFrom = env['MAIL_FROM']?.trim();
  if (mailFrom && !/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    problems.push(`MAIL_FROM must be an address or "Name <address>", got "${mailFrom}"`);
  }
  if (nodeEnv === 'production' && smtpHost && !mailFrom) {
    problems.push('MAIL_FROM is required in production when SMTP_HOST is set');
  }
  const digestHourRaw = env['NOTIFICATION_DIGEST_HOUR']?.trim();
  let digestHour = 8;
  if (digestHourRaw) {
    digestHour = Number(digestHourRaw);
    if (!Number.isInteger(digestHour) || digestHour < 0 || digestHour > 23) {
      problems.push(`NOTIFICATION_DIGEST_HOUR must be an hour 0-23, got "${digestHourRaw}"`);
      digestHour = 8;
    }
  }

  // TRUST_PROXY: true/false, a number of hops, or addresses/subnets/names Express knows
  // (e.g. `loopback`, `10.0.0.0/8`); never `true` unless every request comes through the proxy.
  const trustProxyRaw = env['TRUST_PROXY']?.trim() ?? '';
  const trustProxy: boolean | number | string = /^(|false)$/i.test(trustProxyRaw)
    ? false
    : /^true$/i.test(trustProxyRaw)
      ? true
      : /^\d+$/.test(trustProxyRaw)
        ? Number(trustProxyRaw)
        : trustProxyRaw;
  if (typeof trustProxy === 'string' && !/^[\w.:/, -]+$/.test(trustProxy)) {
    problems.push(`TRUST_PROXY must be true, false, a hop count or addresses, got "${trustProxy}"`);
  }

  let confidentialKeys: ConfidentialKey[] = [];
  const keysText = env['CONFIDENTIAL_KEYS']?.trim();
  const keysFile = env['CONFIDENTIAL_KEYS_FILE']?.trim();
  if (keysText && keysFile) {
    problems.push('set CONFIDENTIAL_KEYS or CONFIDENTIAL_KEYS_FILE, not both');
  } else if (keysText || keysFile) {
    let text = keysText ?? '';
    if (keysFile) {
      try {
        text = readFileSync(resolve(root, keysFile), 'utf8');
      } catch (error) {
        problems.push(
          `CONFIDENTIAL_KEYS_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        );
      }
    }
    const parsed = parseConfidentialKeys(
      text,
      keysFile ? 'CONFIDENTIAL_KEYS_FILE' : 'CONFIDENTIAL_KEYS',
    );
    problems.push(...parsed.problems);
    confidentialKeys = parsed.keys;
    if (parsed.problems.length === 0 && parsed.keys.length === 0) {
      problems.push(`${keysFile ? 'CONFIDENTIAL_KEYS_FILE' : 'CONFIDENTIAL_KEYS'} holds no key`);
    }
  }
  const config: AppConfig = {
    nodeEnv,
    http: { port: port('PORT', 3000), trustProxy },
    database: {
      url: databaseUrl || embeddedDatabaseUrl(embeddedPort),
      external: Boolean(databaseUrl),
      embedded: { dataDir: join(dataDir, 'pg'), port: embeddedPort },
      poolSize: positive('DATABASE_POOL_SIZE', 10, 'connections'),
      timeouts: {
        connectMs: positive('DATABASE_CONNECT_TIMEOUT_MS', 2_000, 'milliseconds'),
        apiStatementMs: positive('DATABASE_STATEMENT_TIMEOUT_MS', 5_000, 'milliseconds'),
        workerStatementMs: positive(
          'WORKER_DATABASE_STATEMENT_TIMEOUT_MS',
          300_000,
          'milliseconds',
        ),
      },
    },
    ledger: { deadlineHorizonDays: positive('LEDGER_DEADLINE_HORIZON_DAYS', 365, 'days') },
    temporal: {
      address: temporalAddress || `127.0.0.1:${temporalPort}`,
      external: Boolean(temporalAddress),
      namespace: text('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: text('TEMPORAL_TASK_QUEUE', 'campaigns'),
      uiPort: port('TEMPORAL_UI_PORT', 8233),
      dbFile: join(dataDir, 'temporal.db'),
      mode: oneOf('TEMPORAL_MODE', ['dev', 'cluster'] as const, 'dev'),
      clusterDatabaseUrl,
      timeouts: {
        startMs: positive('TEMPORAL_START_TIMEOUT_MS', 10_000, 'milliseconds'),
        updateMs: positive('TEMPORAL_UPDATE_TIMEOUT_MS', 15_000, 'milliseconds'),
        queryMs: positive('TEMPORAL_QUERY_TIMEOUT_MS', 2_000, 'milliseconds'),
      },
      worker: {
        maxConcurrentActivityTaskExecutions: positive('WORKER_MAX_ACTIVITIES', 100, 'tasks'),
        maxConcurrentWorkflowTaskExecutions: positive('WORKER_MAX_WORKFLOW_TASKS', 40, 'tasks'),
        maxConcurrentLocalActivityExecutions: positive('WORKER_MAX_LOCAL_ACTIVITIES', 100, 'tasks'),
        maxCachedWorkflows: positive('WORKER_MAX_CACHED_WORKFLOWS', 1000, 'workflows'),
        shutdownGraceTimeMs: positive('WORKER_SHUTDOWN_GRACE_SECONDS', 30, 'seconds') * 1000,
      },
    },
    log: { level: oneOf('LOG_LEVEL', LOG_LEVELS, 'info') },
    mail: {
      smtp: smtpHost
        ? {
            host: smtpHost,
            port: port('SMTP_PORT', smtpSecure ? 465 : 587),
            secure: smtpSecure,
            auth: smtpUser && smtpPassword ? { user: smtpUser, password: smtpPassword } : undefined,
            timeoutMs: positive('SMTP_TIMEOUT_SECONDS', 30, 'seconds') * 1000,
          }
        : null,
      // Mail of a campaign goes out under its issuing office's name; this one signs the rest.
      from: mailFrom || '活动办 <noreply@campaign-orchestrator.localhost>',
      sink: {
        smtpPort: port('MAIL_SINK_SMTP_PORT', 1025),
        uiPort: port('MAIL_SINK_UI_PORT', 8025),
        dataDir: join(dataDir, 'mail'),
      },
    },
    notifications: {
      sweepIntervalMs: positive('NOTIFICATION_SWEEP_SECONDS', 60, 'seconds') * 1000,
      digestHour,
      sendConcurrency: positive('NOTIFICATION_SEND_CONCURRENCY', 4, 'messages'),
      tipOffNoticeHoldSeconds: positive('TIP_OFF_NOTICE_HOLD_SECONDS', 60, 'seconds'),
    },
    auth: {
      // Outside production a fixed development secret keeps `npm start` zero-configuration;
      // the API refuses to start in production without JWT_SECRET (the worker does not sign).
      jwtSecret: jwtSecret || DEVELOPMENT_JWT_SECRET,
      usingDevelopmentSecret: !jwtSecret,
      issuer: text('JWT_ISSUER', 'campaign-orchestrator'),
      audience: text('JWT_AUDIENCE', 'campaign-orchestrator-api'),
      accessTokenTtlSeconds: positive('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 'seconds'),
      refreshTokenTtlSeconds: positive('REFRESH_TOKEN_TTL_SECONDS', 7 * 24 * 3600, 'seconds'),
      refreshReuseGraceSeconds: positive('REFRESH_REUSE_GRACE_SECONDS', 10, 'seconds'),
    },
    limits: {
      signIn: {
        windowSeconds: positive('SIGN_IN_WINDOW_SECONDS', 15 * 60, 'seconds'),
        maxFailuresPerUsername: positive('SIGN_IN_MAX_FAILURES_PER_USERNAME', 5, 'attempts'),
        maxFailuresPerClient: positive('SIGN_IN_MAX_FAILURES_PER_CLIENT', 20, 'attempts'),
      },
      tipOffs: {
        windowSeconds: positive('TIP_OFF_WINDOW_SECONDS', 3600, 'seconds'),
        maxPerClient: positive('TIP_OFF_MAX_PER_CLIENT', 10, 'tip-offs'),
      },
    },
    confidential: {
      keys: confidentialKeys.length > 0 ? confidentialKeys : [DEVELOPMENT_CONFIDENTIAL_KEY],
      usingDevelopmentKey: confidentialKeys.length === 0,
    },
    storage: { evidenceDir: resolve(root, text('EVIDENCE_DIR', join(dataDir, 'evidence'))) },
    imports: { maxUnpackedBytes: positive('IMPORT_MAX_UNPACKED_MB', 100, 'MB') * 2 ** 20 },
    tooling: {
      cacheDir: resolve(
        root,
        text('CAMPAIGN_CACHE_DIR', join(userCacheHome(env), 'campaign-orchestrator')),
      ),
      temporalCliPath: env['TEMPORAL_CLI_PATH']?.trim() || undefined,
      mailpitPath: env['MAILPIT_PATH']?.trim() || undefined,
      ci: Boolean(env['CI']?.trim()) && env['CI']?.trim() !== 'false',
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
