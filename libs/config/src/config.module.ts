import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';

/** Injection tokens for the validated configuration and the structured logger. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');

/** Makes the one validated `AppConfig` and the logger injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [APP_CONFIG, LOGGER],
    };
  }
}
