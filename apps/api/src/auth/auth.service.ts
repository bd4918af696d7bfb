import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import { DomainError, ThrottledError } from '@campaign/domain';
import {
  type AccountEntity,
  AccountRepository,
  AuditRepository,
  OrgRepository,
  refreshTokenHash,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { type LimitOutcome, RateLimiter } from '../common/rate-limiter.js';
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
const THROTTLED_LOGIN = 'too many failed sign-ins: try again later';

/** A stable uuid for what has no row of its own (an unknown username, a client address). */
function uuidOf(value: string): string {
  const h = createHash('sha256').update(value).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly org: OrgRepository,
    private readonly tokens: JwtAccessTokens,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Every attempt is counted (per username and per client) before the password is checked, and
   * a right password takes its count back: only failures use up the limit, and a burst of
   * guesses cannot slip in under it. Past the limit the answer is 429 whatever the password.
   */
  async login(username: string, password: string, client: string): Promise<TokenPair> {
    const limits = this.config.limits.signIn;
    const attempt = await this.limiter.attempt([
      {
        key: this.limiter.key('sign-in-username', username.toLowerCase()),
        max: limits.maxFailuresPerUsername,
        windowSeconds: limits.windowSeconds,
      },
      {
        key: this.limiter.key('sign-in-client', client),
        max: limits.maxFailuresPerClient,
        windowSeconds: limits.windowSeconds,
      },
    ]);
    const account = await this.accounts.findByUsername(username);
    if (attempt.exceeded.length > 0) {
      await this.recordThrottled(attempt, username, account, client);
      this.logger.info({ event: 'login_throttled' }, 'sign-in throttled');
      throw new ThrottledError(THROTTLED_LOGIN, RateLimiter.retryAfter(attempt));
    }
    const ok = await verifyPassword(account?.passwordHash ?? UNKNOWN_USER_HASH, password);
    const person = account && ok ? await this.org.findPerson(account.personId) : null;
    if (!account || !ok || account.disabled || person?.status !== 'active') {
      await this.recordSignIn('auth.sign_in_failed', randomUUID(), username, account, client);
      this.logger.info({ event: 'login_failed' }, 'sign-in refused');
      throw new DomainError('unauthenticated', INVALID_LOGIN);
    }
    await this.limiter.forgive(attempt);
    this.logger.info({ event: 'login', accountId: account.id }, 'signed in');
    return this.issue(account.id);
  }

  /** Once per limit and window (its first refusal), not once per refused request. */
  private async recordThrottled(
    attempt: LimitOutcome,
    username: string,
    account: AccountEntity | null,
    client: string,
  ): Promise<void> {
    for (const { limit, count } of attempt.exceeded) {
      if (count.count !== limit.max + 1) continue;
      await this.recordSignIn(
        'auth.sign_in_throttled',
        `${limit.key}:${count.windowStart.toISOString()}`,
        username,
        account,
        client,
        { limit: limit.key.split(':')[0], retryAfterSeconds: count.retryAfterSeconds },
      );
    }
  }

  /**
   * A refused sign-in on the audit trail, never its password. The trail is scoped by the person
   * an entry is filed under, so an attempt at an existing account is filed under its holder (the
   * account tried, not necessarily who typed): the inspectors above that person see it. An
   * unknown username belongs to nobody, so no inspector's units can hold it: it is filed under
   * no person (admins see it), with the name tried, and a subject id derived from that name so
   * attempts at one name can be found together.
   */
  private async recordSignIn(
    action: 'auth.sign_in_failed' | 'auth.sign_in_throttled',
    eventKey: string,
    username: string,
    account: AccountEntity | null,
    client: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.append({
      eventKey: `${action}:${eventKey}`,
      at: new Date(),
      actorPersonId: account?.personId ?? null,
      action,
      subjectType: account ? 'account' : 'username',
      subjectId: account ? account.id : uuidOf(`username:${username.toLowerCase()}`),
      reason: null,
      details: { username: username.toLowerCase(), client, ...extra },
      source: null,
    });
  }

  /**
   * Trades a refresh token for a new pair. Each refresh token works once: a second use means
   * it was copied, so every token of the account is revoked and the caller must sign in again —
   * except within `refreshReuseGraceSeconds` of its first use, when it answers the very same
   * pair again (two tabs of one browser refreshing at once). The successor is derived from the
   * token (an HMAC under the server's secret), so answering it again needs no stored plaintext
   * and only the holder of the used token can have it; the access token is signed again from
   * the same claims, so it is the same token.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const stored = await this.accounts.findRefreshToken(refreshToken);
    if (!stored || stored.expiresAt.getTime() <= Date.now()) {
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    const account = await this.accounts.findById(stored.accountId);
    const person = account ? await this.org.findPerson(account.personId) : null;
    if (!account || account.disabled || person?.status !== 'active') {
      await this.accounts.revokeRefreshToken(stored.id);
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    const successorToken = this.successorOf(refreshToken);
    const ttl = this.config.auth.refreshTokenTtlSeconds;
    // Whole seconds: the access token's `iat`, so signing it again gives the same token.
    const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const successor =
      (await this.accounts.rotateRefreshToken(stored.id, {
        id: randomUUID(),
        token: successorToken,
        createdAt: issuedAt,
        expiresAt: new Date(issuedAt.getTime() + ttl * 1000),
      })) ??
      (await this.accounts.recentSuccessor(
        stored.id,
        refreshTokenHash(successorToken),
        this.config.auth.refreshReuseGraceSeconds,
      ));
    if (!successor) {
      await this.accounts.revokeAllRefreshTokens(stored.accountId);
      this.logger.warn(
        { event: 'refresh_token_reuse', accountId: stored.accountId },
        'refresh token reused',
      );
      throw new DomainError('unauthenticated', INVALID_REFRESH);
    }
    const access = await this.tokens.issue(account.id, {
      issuedAt: successor.createdAt,
      jti: successor.id,
    });
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: access.expiresIn,
      refreshToken: successorToken,
      refreshExpiresIn: ttl,
    };
  }

  private successorOf(refreshToken: string): string {
    return createHmac('sha256', this.config.auth.jwtSecret)
      .update(`refresh-successor\u0000${refreshToken}`)
      .digest('base64url');
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
