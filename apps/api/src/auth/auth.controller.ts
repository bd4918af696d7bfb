import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { ClientAddress } from '../common/client-address.js';
import { ApiErrors } from '../common/openapi.js';
import { LoginDto, RefreshTokenDto, TokenPairView } from './auth.dto.js';
import { AuthService, type TokenPair } from './auth.service.js';
import { Policy } from './policy.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Policy('public')
  @ApiOkResponse({ type: TokenPairView })
  @ApiErrors({
    401: 'Wrong username or password (one answer for an unknown username too)',
    429: 'Too many failed sign-ins for this username or from this client: wait `Retry-After` seconds',
  })
  login(@Body() body: LoginDto, @ClientAddress() client: string): Promise<TokenPair> {
    return this.auth.login(body.username, body.password, client);
  }

  @Post('refresh')
  @HttpCode(200)
  @Policy('public')
  @ApiOkResponse({ type: TokenPairView })
  @ApiErrors({
    401: 'Unknown, expired or already used refresh token (used again within a few seconds, it answers the same pair)',
  })
  refresh(@Body() body: RefreshTokenDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Policy('public')
  @ApiNoContentResponse({ description: 'The refresh token no longer works' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
