import { randomUUID } from 'node:crypto';

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

type WithRequestId = Request & { requestId?: string };

/**
 * Gives every request an id of the server's own (never the client's, so an audit row's
 * "from which request" cannot be forged), answered in the `X-Request-Id` header and written to
 * the request's log line and to every audit row the request causes.
 */
export function requestIds() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = randomUUID();
    (req as WithRequestId).requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

export function requestIdOf(req: Request): string {
  return (req as WithRequestId).requestId ?? 'unknown';
}

/** The id `requestIds` gave the current request. */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  requestIdOf(context.switchToHttp().getRequest<Request>()),
);
