import type { Logger } from '@campaign/config';
import type { NextFunction, Request, Response } from 'express';

import { requestIdOf } from './request-id.js';

/**
 * One structured line per request: method, path, status, duration. Never bodies or query
 * strings: they may carry confidential text.
 */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info(
        {
          req: { id: requestIdOf(req), method: req.method, path: req.path },
          res: { statusCode: res.statusCode },
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request completed',
      );
    });
    next();
  };
}
