import { type AppConfig, ConfigError, type Logger, NestPinoLogger } from '@campaign/config';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { AppModule } from './app.module.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
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
  const app = await NestFactory.create(AppModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
  });
  app.use(requestLogger(logger.child({ component: 'http' })));
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Campaign orchestrator API')
      .setDescription(
        'Launch and run discipline education and rectification campaigns (教育整顿). ' +
          'Labels follow Accept-Language: zh-CN (default) or en.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
