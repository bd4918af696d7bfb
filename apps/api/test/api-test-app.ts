import type { AppConfig, Logger } from '@campaign/config';
import {
  createTestDatabase,
  TEST_PASSWORD,
  testConfig,
  type TestDatabase,
  testLogger,
} from '@campaign/testing';
import type { INestApplication } from '@nestjs/common';

import { createApiApp } from '../src/bootstrap.js';

export interface ApiTestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  url(path: string): string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Signs in through the API and returns the access token. */
  signIn(username: string, password?: string): Promise<string>;
  /** `request` with the bearer token of `token`. */
  as(token: string): ApiTestApp['request'];
  close(): Promise<void>;
}

/**
 * The real API on a random port, its own database, and the run's Temporal server. A test that
 * reads what the API logs gives its own `logger`.
 */
export async function startApiTestApp(
  overrides: Record<string, string> = {},
  options: { logger?: Logger } = {},
): Promise<ApiTestApp> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, overrides);
  const app = await createApiApp(config, options.logger ?? testLogger(config));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;
  const api: ApiTestApp = {
    app,
    config,
    db,
    url: (path) => `${base}${path}`,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        // FormData (file uploads) sets its own multipart content type.
        headers:
          body instanceof FormData ? headers : { 'content-type': 'application/json', ...headers },
        body:
          body === undefined || body instanceof FormData || typeof body === 'string'
            ? body
            : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (Swagger UI's HTML): keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async signIn(username, password = TEST_PASSWORD) {
      const res = await api.request('POST', '/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
      return res.body.accessToken as string;
    },
    as(token) {
      return (method, path, body, headers = {}) =>
        api.request(method, path, body, { authorization: `Bearer ${token}`, ...headers });
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
  return api;
}
