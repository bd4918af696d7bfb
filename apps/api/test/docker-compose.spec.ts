import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION } from '@campaign/testing';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

/**
 * Static checks of the production-like stack (docker-compose.yml and the app Dockerfiles): no
 * Docker needed, so they run with the unit tests and catch a broken wiring before anyone runs
 * `docker compose up`.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));

type Scalar = string | number | boolean | null;

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  entrypoint?: string | string[];
  command?: string | string[];
  environment?: Record<string, Scalar> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { target: number | string; published?: number | string })[];
  healthcheck?: { test?: string | string[] };
  volumes?: (string | { type?: string; source?: string; target: string })[];
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** Variables used without a default (`${NAME}`): compose would substitute an empty string. */
const undefaultedVariables: string[] = [];
/** `${NAME:?message}`: variables compose refuses to start without (secrets with no safe default). */
const requiredVariables: string[] = [];

/**
 * Resolves compose interpolation the way `docker compose` does when neither the environment nor a
 * `.env` file sets anything: `${NAME:-default}` / `${NAME-default}` become the default and `$$`
 * becomes a literal `$`.
 */
function interpolate(text: string): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]*\}|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, required?: string, braced?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      if (required !== undefined) {
        requiredVariables.push(required);
        return `<${required}>`;
      }
      if (fallback !== undefined) return fallback;
      undefaultedVariables.push(braced ?? bare ?? match);
      return '';
    },
  );
}

function interpolateValues(value: unknown): unknown {
  if (typeof value === 'string') return interpolate(value);
  if (Array.isArray(value)) return value.map(interpolateValues);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateValues(v)]));
  }
  return value;
}

const compose = interpolateValues(
  // Compose supports YAML merge keys (`<<: *anchor`); so must the parser here.
  parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }),
) as ComposeFile;
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function dependsOn(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(
    Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? 'service_started']),
  );
}

/** Published ports as `host->container` strings. */
function ports(svc: Service): string[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return `${port.published ?? ''}->${port.target}`;
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = parts.pop();
    return `${parts.pop() ?? ''}->${target}`;
  });
}

/** Entrypoint and command, as the one shell text they make up. */
function commandText(svc: Service): string {
  const words = (value: string | string[] | undefined) =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  return [...words(svc.entrypoint), ...words(svc.command)].join(' ');
}

/** `$NAME` / `${NAME}` in a service's shell command, resolved from that service's environment. */
function expandShellVariables(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    (match, name: string) => env[name] ?? match,
  );
}

function imageOf(svc: Service): { repository: string; tag: string | undefined } {
  const image = svc.image ?? '';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash
    ? { repository: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { repository: image, tag: undefined };
}

function buildOf(svc: Service): { context: string; dockerfile: string } {
  const build = typeof svc.build === 'string' ? { context: svc.build } : (svc.build ?? {});
  const context = resolve(root, build.context ?? '.');
  return { context, dockerfile: resolve(context, build.dockerfile ?? 'Dockerfile') };
}

/** Where a path inside a container comes from on the host, through a bind mount of the service. */
function hostPathOf(svc: Service, containerPath: string): string | undefined {
  for (const volume of svc.volumes ?? []) {
    const [source, target] =
      typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
    if (!source || !target || !/^\.{0,2}\//.test(source)) continue;
    const rest = relative(target, containerPath);
    if (!rest.startsWith('..')) return resolve(root, source, rest);
  }
  return undefined;
}

interface Instruction {
  keyword: string;
  args: string;
}

/** A Dockerfile's instructions per build stage (comments and line continuations handled). */
function dockerfileStages(path: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const logical = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  for (const line of logical.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

const APP_SERVICES = ['api', 'worker'] as const;
const NAMESPACE_CREATE = /temporal\s+operator\s+namespace\s+(create|register)\b/;

/** The one-shot admin-tools service that registers the namespace (it needs a running server). */
function namespaceService(): [string, Service] {
  const found = Object.entries(services).filter(
    ([, svc]) =>
      imageOf(svc).repository === 'temporalio/admin-tools' &&
      NAMESPACE_CREATE.test(commandText(svc)),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

describe('docker-compose.yml', () => {
  it('defines the whole stack', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgresql',
        'temporal-admin-tools',
        'temporal',
        'temporal-ui',
        'api',
        'worker',
      ]),
    );
    // Only the two apps are built here; everything else is a published image.
    expect(Object.keys(services).filter((name) => services[name].build !== undefined)).toEqual([
      ...APP_SERVICES,
    ]);
  });

  it('gives every interpolated variable a default, except the secrets it must be given', () => {
    expect(undefaultedVariables).toEqual([]);
    expect(requiredVariables).toEqual(['JWT_SECRET', 'CONFIDENTIAL_KEYS']);
    // Only the api signs tokens and reads confidential text; the worker gets neither secret.
    expect(environment(service('api'))['JWT_SECRET']).toBe('<JWT_SECRET>');
    expect(environment(service('api'))['CONFIDENTIAL_KEYS']).toBe('<CONFIDENTIAL_KEYS>');
    expect(environment(service('worker'))['JWT_SECRET']).toBeUndefined();
    expect(environment(service('worker'))['CONFIDENTIAL_KEYS']).toBeUndefined();
  });

  it('passes the SMTP settings to the worker, the one that sends mail, empty unless given', () => {
    const worker = environment(service('worker'));
    for (const name of ['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_USER', 'SMTP_PASSWORD']) {
      expect(worker[name]).toBe('');
    }
    expect(worker['MAIL_FROM']).toBe('');
    expect(environment(service('api'))['SMTP_PASSWORD']).toBeUndefined();
  });

  it('pins every image to an explicit version, never latest', () => {
    const images = Object.entries(services).filter(([, svc]) => svc.image !== undefined);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const [name, svc] of images) {
      const { tag } = imageOf(svc);
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^\d+\.\d+/) });
    }
    // temporal-sql-tool installs the schema the server expects: same release for both.
    expect(imageOf(service('temporal-admin-tools')).tag).toBe(imageOf(service('temporal')).tag);
    expect(imageOf(namespaceService()[1]).tag).toBe(imageOf(service('temporal')).tag);
  });

  it('runs the Temporal server and Web UI releases that TEMPORAL_MODE=cluster builds', () => {
    expect(imageOf(service('temporal')).tag).toBe(TEMPORAL_SERVER_VERSION);
    expect(imageOf(service('temporal-ui')).tag).toBe(TEMPORAL_UI_VERSION);
  });

  describe('postgresql', () => {
    const pg = service('postgresql');

    it('runs the official image, PostgreSQL 16 or newer', () => {
      const { repository, tag } = imageOf(pg);
      expect(repository).toBe('postgres');
      expect(Number(tag?.split('.')[0])).toBeGreaterThanOrEqual(16);
    });

    it('has a pg_isready healthcheck and keeps its data in a named volume', () => {
      expect([pg.healthcheck?.test].flat().join(' ')).toContain('pg_isready');
      const dataMount = (pg.volumes ?? [])
        .map((v) => (typeof v === 'string' ? v.split(':') : [v.source, v.target]))
        .find(([, target]) => target === '/var/lib/postgresql/data');
      expect(dataMount?.[0]).toMatch(/^[a-zA-Z0-9][\w.-]*$/);
      expect(Object.keys(compose.volumes ?? {})).toContain(dataMount?.[0]);
    });

    it('creates the app database through an init script, for the user DATABASE_URL names', () => {
      const initDir = hostPathOf(pg, '/docker-entrypoint-initdb.d');
      expect(initDir).toBeDefined();
      const scripts = readdirSync(initDir!).filter((f) => /\.(sh|sql)$/.test(f));
      const text = scripts.map((f) => readFileSync(join(initDir!, f), 'utf8')).join('\n');
      expect(text).toMatch(/CREATE DATABASE/i);
      expect(text).toMatch(/CREATE ROLE|CREATE USER/i);

      const env = environment(pg);
      for (const app of APP_SERVICES) {
        const url = new URL(environment(service(app))['DATABASE_URL']);
        expect(decodeURIComponent(url.username)).toBe(env['CAMPAIGNS_DB_USER']);
        expect(decodeURIComponent(url.password)).toBe(env['CAMPAIGNS_DB_PASSWORD']);
        expect(url.pathname).toBe(`/${env['CAMPAIGNS_DB_NAME']}`);
      }
    });
  });

  describe('temporal-admin-tools', () => {
    const tools = service('temporal-admin-tools');
    const env = environment(tools);
    const text = commandText(tools);
    /** A temporal-sql-tool setting, from its flag or from the SQL_* variable it falls back to. */
    const setting = (flag: string, variable: string) =>
      new RegExp(`(?:^|\\s)${flag}[ =]"?([^\\s"]+)`).exec(text)?.[1] ?? env[variable];

    it('waits for a healthy PostgreSQL and connects to it with the postgres12 plugin', () => {
      expect(imageOf(tools).repository).toBe('temporalio/admin-tools');
      expect(dependsOn(tools)['postgresql']).toBe('service_healthy');
      expect(setting('--plugin', 'SQL_PLUGIN')).toBe('postgres12');
      expect(setting('--ep', 'SQL_HOST')).toBe('postgresql');
      expect(setting('-p', 'SQL_PORT')).toBe('5432');
      const pgEnv = environment(service('postgresql'));
      expect(setting('-u', 'SQL_USER')).toBe(pgEnv['POSTGRES_USER']);
      expect(setting('--pw', 'SQL_PASSWORD')).toBe(pgEnv['POSTGRES_PASSWORD']);
    });

    it.each([
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ])('creates and migrates the %s database with temporal-sql-tool', (db, schema) => {
      const sqlTool = text.split('\n').filter((line) => /\btemporal-sql-tool\b/.test(line));
      const step = (verb: string) =>
        sqlTool.find((line) => new RegExp(`--db[ =]${db}\\s.*\\b${verb}\\b`).test(line));
      expect(step('create')).toBeDefined();
      expect(step('setup-schema')).toMatch(/-v 0\.0/);
      expect(step('update-schema')).toContain(
        `/etc/temporal/schema/postgresql/v12/${schema}/versioned`,
      );
    });

    it('has a one-shot admin-tools companion that registers the app namespace once the server is up', () => {
      const [, nsService] = namespaceService();
      const nsEnv = environment(nsService);
      const text = expandShellVariables(commandText(nsService), nsEnv);
      const create = text.split('\n').find((line) => NAMESPACE_CREATE.test(line)) ?? '';
      expect(/(?:--namespace|-n)[ =]"?([^\s"]+)/.exec(create)?.[1]).toBe('default');
      expect(/--address[ =]"?([^\s"]+)/.exec(create)?.[1] ?? nsEnv['TEMPORAL_ADDRESS']).toBe(
        'temporal:7233',
      );
      expect(['service_started', 'service_healthy']).toContain(dependsOn(nsService)['temporal']);
    });
  });

  describe('temporal', () => {
    const temporal = service('temporal');
    const env = environment(temporal);

    it('runs temporalio/server once the schema is in place', () => {
      expect(imageOf(temporal).repository).toBe('temporalio/server');
      expect(dependsOn(temporal)['temporal-admin-tools']).toBe('service_completed_successfully');
    });

    it('uses the PostgreSQL service with the same credentials as the schema setup', () => {
      const pgEnv = environment(service('postgresql'));
      expect(env).toMatchObject({
        DB: 'postgres12',
        DB_PORT: '5432',
        POSTGRES_SEEDS: 'postgresql',
        POSTGRES_USER: pgEnv['POSTGRES_USER'],
        POSTGRES_PWD: pgEnv['POSTGRES_PASSWORD'],
      });
    });

    it('publishes 7233 and mounts the dynamic config file it is pointed at', () => {
      expect(ports(temporal)).toContain('7233->7233');
      const configPath = env['DYNAMIC_CONFIG_FILE_PATH'];
      if (configPath !== undefined) {
        const inContainer = configPath.startsWith('/') ? configPath : `/etc/temporal/${configPath}`;
        const onHost = hostPathOf(temporal, inContainer);
        expect(onHost).toBeDefined();
        expect(existsSync(onHost!)).toBe(true);
        expect(parse(readFileSync(onHost!, 'utf8'))).toEqual(expect.any(Object));
      }
    });
  });

  it('exposes the Temporal UI on 8233, talking to temporal:7233', () => {
    const ui = service('temporal-ui');
    expect(imageOf(ui).repository).toBe('temporalio/ui');
    expect(environment(ui)['TEMPORAL_ADDRESS']).toBe('temporal:7233');
    expect(ports(ui)).toEqual(['8233->8080']);
  });

  describe.each(APP_SERVICES)('%s', (app) => {
    const svc = service(app);
    const env = environment(svc);

    it('is built from its Dockerfile with the repository root as context', () => {
      const { context, dockerfile } = buildOf(svc);
      expect(context).toBe(resolve(root));
      expect(dockerfile).toBe(resolve(root, `apps/${app}/Dockerfile`));
      expect(existsSync(dockerfile)).toBe(true);
    });

    it('reaches PostgreSQL, Temporal and its namespace', () => {
      const url = new URL(env['DATABASE_URL']);
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgresql');
      expect(services).toHaveProperty(url.hostname);
      expect(url.port || '5432').toBe('5432');
      expect(url.pathname).toBe('/campaigns');
      expect(env).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      });
      expect(environment(service('api'))['TEMPORAL_TASK_QUEUE']).toBe(
        environment(service('worker'))['TEMPORAL_TASK_QUEUE'],
      );
    });

    it('starts after PostgreSQL is healthy, Temporal is up and the namespace exists', () => {
      const deps = dependsOn(svc);
      expect(deps['postgresql']).toBe('service_healthy');
      expect(['service_started', 'service_healthy']).toContain(deps['temporal']);
      expect(deps[namespaceService()[0]]).toBe('service_completed_successfully');
    });

    it('runs the built entry point as the node user, in a multi-stage image', () => {
      const stages = dockerfileStages(buildOf(svc).dockerfile);
      expect(stages.length).toBeGreaterThanOrEqual(2);
      const build = stages.slice(0, -1).flat();
      const final = stages.at(-1)!;
      const runs = build.filter((i) => i.keyword === 'RUN').map((i) => i.args);
      expect(runs).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^npm ci\b/),
          expect.stringMatching(/^node scripts\/build\.mjs\b/),
          expect.stringMatching(/^npm prune --omit=dev\b/),
        ]),
      );

      expect(final[0].args).toBe('node:20-bookworm-slim');
      expect(final.filter((i) => i.keyword === 'USER').at(-1)?.args).toBe('node');
      const copied = final.filter((i) => i.keyword === 'COPY' && /--from=/.test(i.args));
      expect(copied.map((i) => i.args)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/\bnode_modules\b/),
          expect.stringMatching(/\bdist\b/),
          expect.stringMatching(/\bpackage\.json\b/),
        ]),
      );
      const cmd = final.filter((i) => i.keyword === 'CMD').at(-1);
      expect(JSON.parse(cmd?.args ?? 'null')).toEqual([
        'node',
        '--enable-source-maps',
        `dist/apps/${app}/src/main.js`,
      ]);
      // ...which the build compiles from this source file.
      expect(existsSync(join(root, `apps/${app}/src/main.ts`))).toBe(true);
    });
  });

  it('publishes the api on 3000 and health-checks GET /health', () => {
    const api = service('api');
    expect(ports(api)).toEqual(['3000->3000']);
    expect(environment(api)['PORT']).toBe('3000');
    expect([api.healthcheck?.test].flat().join(' ')).toMatch(
      /http:\/\/(localhost|127\.0\.0\.1):3000\/health(?![\w/-])/,
    );
  });

  it('publishes no port for the worker', () => {
    expect(ports(service('worker'))).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps local state out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'dist', '.data', '.nx', 'coverage', '.git']),
    );
  });
});
