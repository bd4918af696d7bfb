import { type Language, negotiateLanguage } from '@campaign/domain';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The caller's language from `Accept-Language` (zh-CN unless they ask for English). */
export const RequestLanguage = createParamDecorator(
  (_: unknown, context: ExecutionContext): Language =>
    negotiateLanguage(context.switchToHttp().getRequest<Request>().headers['accept-language']),
);
