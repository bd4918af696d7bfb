import { ParseUUIDPipe } from '@nestjs/common';

import { invalidFields } from './api-error.js';

/**
 * Path ids must be UUIDs; a malformed one is a bad field, named like every other. The OpenAPI
 * document marks every parameter this pipe guards as `format: uuid` (openapi.ts).
 */
export function uuidParam(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => invalidFields([{ field, messages: [`${field} must be a UUID`] }]),
  });
}
