import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The caller's address as Express sees it: the socket's peer, or — when `TRUST_PROXY` names the
 * reverse proxy — the address that proxy forwarded. What "per client" limits count by.
 */
export const ClientAddress = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string =>
    ctx.switchToHttp().getRequest<Request>().ip ?? 'unknown',
);
