import type { IncomingMessage } from 'node:http';

import { type AppConfig, ConfigError, type Logger, NestPinoLogger } from '@campaign/config';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Request } from 'express';

import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/api-error.js';
import {
  BODY_METHODS,
  bodySafety,
  InputSafetyPipe,
  JSON_BODY_LIMIT_BYTES,
} from './common/input-safety.js';
import { createOpenApiDocument } from './common/openapi.js';
import { requestIds } from './common/request-id.js';
import { requestLogger } from './common/request-logger.middleware.js';
import { createValidationPipe } from './common/validation.js';

export const API_PREFIX = 'api/v1';

/**
 * Builds the HTTP application exactly as production runs it (pipes, filters, OpenAPI), without
 * listening, so tests exercise the same stack.
 */
export async function createApiApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  if (config.nodeEnv === 'production' && config.auth.usingDevelopmentSecret) {
    throw new ConfigError(['JWT_SECRET is required in production (at least 32 characters)']);
  }
  // Confidential text must never be encrypted with a key anyone can read in this source.
  if (config.nodeEnv === 'production' && config.confidential.usingDevelopmentKey) {
    throw new ConfigError([
      'CONFIDENTIAL_KEYS (or CONFIDENTIAL_KEYS_FILE) is required in production: <id>:<base64 of 32 bytes>, newest first',
    ]);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
    // Registered below, so the input checks run right after parsing.
    bodyParser: false,
  });
  // Which forwarded addresses to believe: per-client limits count by `req.ip` (TRUST_PROXY).
  app.set('trust proxy', config.http.trustProxy);
  app.use(requestIds());
  app.use(requestLogger(logger.child({ component: 'http' })));
  // JSON only (no urlencoded forms; roster files are multipart, read by their route).
  app.useBodyParser('json', {
    limit: JSON_BODY_LIMIT_BYTES,
    // Express hands body-parser its own request, which knows its content type.
    type: (req: IncomingMessage) =>
      BODY_METHODS.has(req.method ?? '') && (req as Request).is('application/json') !== false,
  });
  app.use(bodySafety());
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new InputSafetyPipe(), createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(logger.child({ component: 'http' })));

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
