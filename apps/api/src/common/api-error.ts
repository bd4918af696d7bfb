import type { Logger } from '@campaign/config';
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorCode,
  ThrottledError,
} from '@campaign/domain';
import { isDatabaseUnavailable } from '@campaign/persistence';
import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Response } from 'express';

/**
 * The one error body the API answers with, whatever failed: a domain rule, validation, access,
 * an unknown route, an oversized body or an unexpected fault. Documented once in OpenAPI as the
 * `ErrorBody` schema and referenced by every error status of every operation.
 */

/** Codes for statuses that do not come from a domain error. */
const HTTP_ERROR_CODES = [
  'payload_too_large',
  'unsupported_media_type',
  'http_error',
  'internal',
] as const;
export const API_ERROR_CODES = [...DOMAIN_ERROR_CODES, ...HTTP_ERROR_CODES] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const DOMAIN_STATUS: Record<DomainErrorCode, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  wrong_state: HttpStatus.CONFLICT,
  duplicate: HttpStatus.CONFLICT,
  rule_broken: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  throttled: HttpStatus.TOO_MANY_REQUESTS,
};

const STATUS_CODE: Partial<Record<number, ApiErrorCode>> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'wrong_state',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'rule_broken',
  429: 'throttled',
  503: 'unavailable',
};

export class FieldErrorView {
  @ApiProperty({ example: 'phases.0.startsAt', description: 'Dotted path of the field' })
  field!: string;
  @ApiProperty({ type: [String] }) messages!: string[];
}

export class ViolationView {
  @ApiProperty({ example: 'phases.2.startsAt' }) field!: string;
  @ApiProperty({ example: 'phase_overlap', description: 'Machine-readable rule id' })
  rule!: string;
  @ApiProperty() message!: string;
}

export class ImportProblemView {
  @ApiProperty({ type: String, nullable: true, example: '人员 People' }) sheet!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'Spreadsheet row; the header is row 1',
  })
  row!: number | null;
  @ApiProperty({ type: String, nullable: true, example: '单位编码 Unit code' })
  column!: string | null;
  @ApiProperty({ example: 'unknown unit code SGAJ-XZZD' }) message!: string;
}

export class ErrorBody {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' }) statusCode!: number;
  @ApiProperty({ enum: API_ERROR_CODES, example: 'invalid' }) code!: ApiErrorCode;
  @ApiProperty({ example: 'invalid fields: title' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorView], description: '400: each bad field' })
  errors?: FieldErrorView[];
  @ApiPropertyOptional({ type: [ViolationView], description: '409/422: each broken rule' })
  violations?: ViolationView[];
  @ApiPropertyOptional({
    type: [ImportProblemView],
    description: '422 of a roster import: each problem by sheet, row and column',
  })
  problems?: ImportProblemView[];
}

/** A 400 naming each bad field, the shape validation and every edge check use. */
export function invalidFields(fields: FieldErrorView[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    code: 'invalid',
    message: `invalid fields: ${fields.map((f) => f.field).join(', ')}`,
    errors: fields,
  });
}

function isFieldErrors(value: unknown): value is FieldErrorView[] {
  return (
    Array.isArray(value) &&
    value.every((e: unknown) => {
      const entry = e as Partial<FieldErrorView> | null;
      return typeof entry?.field === 'string' && Array.isArray(entry.messages);
    })
  );
}

/** What Nest or a library put in an HttpException, as one readable line. */
function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * Errors that reach the client as they are. Body-parser's own messages are replaced: they are
 * about bytes and tokens, not about what the caller should change.
 */
function edgeMessage(exception: HttpException): string | undefined {
  const cause = exception.cause as { type?: unknown } | undefined;
  if (cause?.type === 'entity.too.large') return 'the request body is too large';
  if (cause?.type === 'entity.parse.failed') return 'the request body is not valid JSON';
  if (cause?.type === 'encoding.unsupported' || cause?.type === 'charset.unsupported') {
    return 'the request body must be UTF-8 JSON';
  }
  return undefined;
}

/** The body and status for anything thrown while answering a request. */
export function errorBody(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof DomainError) {
    const status = DOMAIN_STATUS[exception.code];
    const problems = (exception as { problems?: unknown }).problems;
    return {
      status,
      body: {
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(exception.violations.length > 0 ? { violations: [...exception.violations] } : {}),
        ...(Array.isArray(problems) ? { problems: problems as ImportProblemView[] } : {}),
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse() as { errors?: unknown };
    const errors = typeof response === 'object' ? response.errors : undefined;
    return {
      status,
      body: {
        statusCode: status,
        code: STATUS_CODE[status] ?? (status >= 500 ? 'internal' : 'http_error'),
        message: edgeMessage(exception) ?? httpMessage(exception),
        ...(isFieldErrors(errors) ? { errors } : {}),
      },
    };
  }
  if (isDatabaseUnavailable(exception)) {
    // PostgreSQL refused, reset, shut down or did not answer within DATABASE_CONNECT_TIMEOUT_MS
    // or DATABASE_STATEMENT_TIMEOUT_MS: as with Temporal, the caller may try again shortly.
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: {
        statusCode: 503,
        code: 'unavailable',
        message: 'the database did not answer in time; try again shortly',
      },
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { statusCode: 500, code: 'internal', message: 'internal error' },
  };
}

/**
 * The one exception filter: every error leaves in the same body. Unexpected faults answer a bare
 * 500 and are logged with their stack, never echoed (messages from lower layers may quote input
 * or name hosts).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = errorBody(exception);
    if (status === 503 && isDatabaseUnavailable(exception)) {
      // Its cause only: a failed query's error carries its parameters.
      const { code, message } = exception as { code?: unknown; message?: unknown };
      this.logger.warn({ code, reason: message }, 'the database is unavailable');
    } else if (status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception }, 'unhandled error while answering a request');
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof ThrottledError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    response.status(status).json(body);
  }
}
