import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Path ids must be UUIDs; a malformed one is a bad field, named like every other. */
export function uuidParam(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `invalid fields: ${field}`,
        errors: [{ field, messages: [`${field} must be a UUID`] }],
      }),
  });
}
