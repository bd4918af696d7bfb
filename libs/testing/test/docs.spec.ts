import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from '@jest/globals';

/**
 * Keeps the documentation honest: every HTTP route the API declares and every environment
 * variable an operator can set must be named in README.md or docs/**\/*.md. The routes and
 * variables are read from the sources, so a new route or variable fails this test until it is
 * documented; the failure lists exactly what is missing. And every `npm run <script>` the docs
 * mention must exist in package.json, so a removed command cannot linger in them.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function files(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') found.push(...files(path, keep));
    } else if (keep(path)) {
      found.push(path);
    }
  }
  return found.sort();
}

const read = (path: string): string => readFileSync(join(root, path), 'utf8');

const isSource = (path: string): boolean =>
  /\.(ts|mjs|js)$/.test(path) && !/\.(spec|integration-spec)\.ts$/.test(path);

/** `:id`, `:eid`, `:importId` … all read as one placeholder. */
const normalisePath = (path: string): string => path.replace(/:[A-Za-z][A-Za-z0-9]*/g, ':param');

/** Every route the API serves: `@Controller('…')` prefix + method decorator path, global prefix. */
function declaredRoutes(): Array<{ method: Method; path: string; source: string }> {
  const bootstrap = read('apps/api/src/bootstrap.ts');
  const prefix = /API_PREFIX\s*=\s*'([^']+)'/.exec(bootstrap)?.[1];
  if (!prefix) throw new Error('API_PREFIX not found in apps/api/src/bootstrap.ts');
  const globalPrefixCall = /setGlobalPrefix\(([^;]*)\);/.exec(bootstrap)?.[1] ?? '';
  const excluded = new Set([...globalPrefixCall.matchAll(/path:\s*'([^']+)'/g)].map((m) => m[1]));

  const routes: Array<{ method: Method; path: string; source: string }> = [];
  const decorator = /@(Controller|Get|Post|Put|Patch|Delete)\(\s*(?:'([^']*)')?\s*\)/g;
  for (const source of files('apps/api/src', isSource)) {
    let controller: string | undefined;
    for (const match of read(source).matchAll(decorator)) {
      const [, kind, path = ''] = match;
      if (kind === 'Controller') {
        controller = path;
        continue;
      }
      if (controller === undefined) throw new Error(`${source}: @${kind} outside a controller`);
      const joined = [controller, path].filter((part) => part !== '').join('/');
      const full = excluded.has(joined) ? `/${joined}` : `/${prefix}/${joined}`;
      routes.push({ method: kind.toUpperCase() as Method, path: full.replace(/\/$/, ''), source });
    }
  }
  // A decorator with a non-literal argument would be skipped above; make that loud instead.
  for (const source of files('apps/api/src', isSource)) {
    const odd = read(source).match(/@(Controller|Get|Post|Put|Patch|Delete)\(\s*[^'\s)]/g);
    if (odd)
      throw new Error(`${source}: route decorator without a literal path: ${odd.join(', ')}`);
  }
  return routes;
}

/**
 * The variables an operator can set: what libs/config reads (`env['X']` and the typed helpers'
 * `port('X', …)`, `positive('X', …)` …), `process.env.X` reads elsewhere in apps/, libs/ and
 * scripts/ (tests and the jest harness's own hand-over variables excluded), and the `${X}`
 * substitutions of docker-compose.yml.
 */
function declaredVariables(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, source: string): void => {
    if (!found.has(name)) found.set(name, source);
  };
  const config = 'libs/config/src/config.ts';
  for (const m of read(config).matchAll(/\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) add(m[1], config);
  for (const m of read(config).matchAll(/\b[a-zA-Z]+\(\s*'([A-Z][A-Z0-9_]*)'\s*,/g)) {
    add(m[1], config);
  }

  const internal = new Set(
    [...read('libs/testing/src/jest/harness-env.ts').matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map(
      (m) => m[1],
    ),
  );
  // Read by the test harness to pass the machine's own PATH and HOME through: not settings.
  const system = new Set(['PATH', 'HOME']);
  const processEnv = /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*'([A-Z][A-Z0-9_]*)'\s*\])/g;
  for (const dir of ['apps', 'libs', 'scripts', 'activities', 'workflows']) {
    for (const source of files(dir, isSource)) {
      if (source.includes('/test/') || source.includes('/jest/')) continue;
      for (const m of read(source).matchAll(processEnv)) {
        const name = m[1] ?? m[2];
        if (!internal.has(name) && !system.has(name)) add(name, source);
      }
    }
  }

  for (const m of read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
    add(m[1], 'docker-compose.yml');
  }
  return found;
}

function documentation(): { text: string; files: string[] } {
  const docs = ['README.md', ...files('docs', (path) => path.endsWith('.md'))];
  return { text: docs.map(read).join('\n'), files: docs };
}

/**
 * Each `METHOD /path` the docs write, a route read as documented when its method and its whole
 * path appear together: `GET /api/v1/units/:id`, or `GET/PATCH /api/v1/people/:id` for two.
 */
function documentedRoutes(text: string): Set<string> {
  const documented = new Set<string>();
  const mention =
    /\b((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*) (\/[^\s`'"),;|?]*)/g;
  for (const [, methods, path] of text.matchAll(mention)) {
    for (const method of methods.split('/'))
      documented.add(`${method} ${normalisePath(path.replace(/\.$/, ''))}`);
  }
  return documented;
}

/** Variables named in code (inline spans, fenced blocks), as a whole word. */
function documentedVariables(text: string): Set<string> {
  const code = [
    ...[...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]),
    ...[...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]),
  ].join('\n');
  return new Set(code.match(/[A-Z][A-Z0-9_]*/g) ?? []);
}

describe('the documentation', () => {
  const docs = documentation();

  it('reads the routes and variables it checks from the sources', () => {
    const routes = declaredRoutes();
    expect(routes.length).toBeGreaterThan(100);
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/v1/items/:id/retry' }),
    );
    expect(routes).toContainEqual(expect.objectContaining({ method: 'GET', path: '/health' }));
    const variables = declaredVariables();
    for (const name of ['PORT', 'DATABASE_URL', 'TEMPORAL_MODE', 'DEMO_PASSWORD', 'JWT_SECRET']) {
      expect(variables.has(name)).toBe(true);
    }
    expect(variables.has('CAMPAIGN_TEST_ADMIN_DATABASE_URL')).toBe(false);
    expect(docs.files).toContain('docs/README.md');
  });

  it('names every HTTP route the API declares, with its method', () => {
    const documented = documentedRoutes(docs.text);
    const missing = declaredRoutes()
      .filter(({ method, path }) => !documented.has(`${method} ${normalisePath(path)}`))
      .map(
        ({ method, path, source }) => `${method} ${path}  (${relative(root, join(root, source))})`,
      );
    expect({ undocumentedRoutes: missing }).toEqual({ undocumentedRoutes: [] });
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const named = [...docs.text.matchAll(/\bnpm run (?:--silent )?([a-z][a-z0-9:-]*)/g)].map(
      (m) => m[1],
    );
    const unknown = [...new Set(named)].filter((name) => !scripts.includes(name ?? ''));
    expect({ unknownScripts: unknown }).toEqual({ unknownScripts: [] });
  });

  it('names every environment variable an operator can set', () => {
    const documented = documentedVariables(docs.text);
    const missing = [...declaredVariables()]
      .filter(([name]) => !documented.has(name))
      .map(([name, source]) => `${name}  (${source})`);
    expect({ undocumentedVariables: missing }).toEqual({ undocumentedVariables: [] });
  });
});
