import { APP_CONFIG, type AppConfig } from '@campaign/config';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { RateLimiter } from '../common/rate-limiter.js';
import { ACCESS_TOKEN_VERIFIER, JwtAccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    {
      provide: JwtAccessTokens,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new JwtAccessTokens(config.auth),
    },
    { provide: ACCESS_TOKEN_VERIFIER, useExisting: JwtAccessTokens },
    AuthService,
    RateLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, RateLimiter],
})
export class AuthModule {}
