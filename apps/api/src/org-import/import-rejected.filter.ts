import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

import { ImportRejectedError } from './org-import.service.js';

/** A rejected roster answers 422 with every problem under `errors` (sheet, row, column). */
@Catch(ImportRejectedError)
export class ImportRejectedFilter implements ExceptionFilter {
  catch(error: ImportRejectedError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(HttpStatus.UNPROCESSABLE_ENTITY).json({
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      code: error.code,
      message: error.message,
      errors: error.problems,
    });
  }
}
