import { randomBytes } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { DomainError } from '@campaign/domain';
import { AccountRepository, OrgRepository } from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { JwtAccessTokens } from './access-tokens.js';
import { UNKNOWN_USER_HASH, verifyPassword } from './passwords.js';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

const INVALID_LOGIN = 'invalid username or password';
const INVALID_REFRESH = 'the refresh token is invalid, expired or already used';

@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly org: OrgRepository,
    private readonly tokens: JwtAccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async login(username: string, password: string): Promise<TokenPair> {
    const account = await this.accounts.findByUsername(username);
    const ok = await verifyPassword(account?.passwordHash ?? UNKNOWN_USER_HASH, password);
    const person = account && ok ? await this.org.findPerson(account.personId) : null;
    if (!account || !ok || account.disabled || person?.status !== 'active') {
      this.logger.info({ event: 'login_failed' }, 'sign-in refused');
      throw new DomainError('unauthenticated', INVALID_LOGIN);
    }
    this.logger.info({ event: 'login', accountId: account.id }, 'signed in');
    return this.issue(account.id);
  }

  /**
   * Trades a refresh token for a new pair. Each refresh token works once: a second use means
   * it was copied, so every token of the account is revoked and the caller must sign in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const stored = await this.accounts.findRefreshToken(refreshToken);
    if (!stored || stored.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    if (!(await this.accounts.revokeRefreshToken(stored.id))) {
      await this.accounts.revokeAllRefreshTokens(stored.accountId);
      this.logger.warn(
        { event: 'refresh_token_reuse', accountId: stored.accountId },
        'refresh token reused',
      );
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    const account = await this.accounts.findById(stored.accountId);
    const person = account ? await this.org.findPerson(account.personId) : null;
    if (!account || account.disabled || person?.status !== 'active') {
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    return this.issue(account.id);
  }

  /** Revokes the refresh token; unknown or used tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.accounts.findRefreshToken(refreshToken);
    if (stored) await this.accounts.revokeRefreshToken(stored.id);
  }

  private async issue(accountId: string): Promise<TokenPair> {
    const access = await this.tokens.issue(accountId);
    const refreshToken = randomBytes(32).toString('base64url');
    const ttl = this.config.auth.refreshTokenTtlSeconds;
    await this.accounts.storeRefreshToken(
      accountId,
      refreshToken,
      new Date(Date.now() + ttl * 1000),
    );
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: access.expiresIn,
      refreshToken,
      refreshExpiresIn: ttl,
    };
  }
}
