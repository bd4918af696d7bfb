import { randomUUID } from 'node:crypto';

import type { AppConfig } from '@campaign/config';
import { DomainError } from '@campaign/domain';
import { isUUID } from 'class-validator';
import { jwtVerify, SignJWT } from 'jose';

/**
 * Checks an access token and says whose it is. The one seam where an OIDC provider can replace
 * local tokens later: the guard knows nothing else about tokens.
 */
export interface AccessTokenVerifier {
  verify(token: string): Promise<{ accountId: string }>;
}
export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Short-lived HS256 JWTs; verification pins the algorithm, issuer, audience and expiry. */
export class JwtAccessTokens implements AccessTokenVerifier {
  private readonly key: Uint8Array;

  constructor(private readonly config: AppConfig['auth']) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  /**
   * Signs a token for the account. Given the same `issuedAt` (whole seconds) and `jti`, it signs
   * the same token again (HS256 is deterministic): a refresh answered twice answers one token.
   */
  async issue(
    accountId: string,
    same?: { issuedAt: Date; jti: string },
  ): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor((same?.issuedAt.getTime() ?? Date.now()) / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(accountId)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt(iat)
      .setJti(same?.jti ?? randomUUID())
      .setExpirationTime(iat + this.config.accessTokenTtlSeconds)
      .sign(this.key);
    return { token, expiresIn: this.config.accessTokenTtlSeconds };
  }

  async verify(token: string): Promise<{ accountId: string }> {
    let subject: unknown;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      subject = payload.sub;
    } catch {
      subject = undefined;
    }
    // One answer for every failure: expired, forged, wrong audience, `alg: none`, or a signed
    // token whose subject is not one of our account ids (it would reach SQL as a bad uuid).
    if (typeof subject !== 'string' || !isUUID(subject)) {
      throw new DomainError('unauthenticated', 'the access token is missing, invalid or expired');
    }
    return { accountId: subject };
  }
}
