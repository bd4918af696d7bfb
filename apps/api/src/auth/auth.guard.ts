import { DomainError, ForbiddenError } from '@campaign/domain';
import { AccountRepository, OrgRepository } from '@campaign/persistence';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { ACCESS_TOKEN_VERIFIER, type AccessTokenVerifier } from './access-tokens.js';
import { POLICY_KEY, type RoutePolicy } from './policy.decorator.js';
import { Principal } from './principal.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * The one gate every route passes: deny by default. It reads the route's declared policy,
 * authenticates the bearer token, loads the caller's current grants (so a revoked grant stops
 * working at once), and refuses a role that may not perform the action anywhere (403). Whether
 * a given object is within the caller's subtrees is decided by the services (404 when not).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly tokens: AccessTokenVerifier,
    private readonly accounts: AccountRepository,
    private readonly org: OrgRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new ForbiddenError('this route declares no access policy');
    if (policy === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError(
        'unauthenticated',
        'sign in first: send Authorization: Bearer <access token>',
      );
    }
    const { accountId } = await this.tokens.verify(token);
    const account = await this.accounts.findById(accountId);
    const person =
      account && !account.disabled ? await this.org.findPerson(account.personId) : null;
    // Someone who has left keeps their records but loses access at once.
    if (!account || !person || person.status !== 'active') {
      throw new DomainError('unauthenticated', 'the access token is missing, invalid or expired');
    }
    const grants = await this.org.grantsOf(account.personId);
    const principal = new Principal(account.id, account.personId, account.username, grants);
    request.principal = principal;

    if (policy !== 'authenticated' && !principal.can(policy)) {
      throw new ForbiddenError('your roles do not allow this');
    }
    return true;
  }
}
