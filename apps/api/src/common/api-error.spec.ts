import 'reflect-metadata';

import { ForbiddenError, NotFoundError } from '@campaign/domain';
import { describe, expect, it } from '@jest/globals';
import { ForbiddenException } from '@nestjs/common';

import { API_ERROR_CODES, errorBody } from './api-error.js';

describe('errorBody', () => {
  it('answers a refused action 403 with code forbidden and its message', () => {
    expect(errorBody(new ForbiddenError('only the office may change rule-making tasks'))).toEqual({
      status: 403,
      body: {
        statusCode: 403,
        code: 'forbidden',
        message: 'only the office may change rule-making tasks',
      },
    });
  });

  it("answers a 403 from the domain exactly as Nest's ForbiddenException answered it", () => {
    const message = 'your roles do not allow this';
    expect(errorBody(new ForbiddenError(message))).toEqual(
      errorBody(new ForbiddenException(message)),
    );
  });

  it('keeps an unknown id at 404', () => {
    expect(errorBody(new NotFoundError('unit', 'u-1')).body).toEqual({
      statusCode: 404,
      code: 'not_found',
      message: 'unit u-1 does not exist',
    });
  });

  it('lists every code once in the documented enum', () => {
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
    expect(API_ERROR_CODES).toContain('forbidden');
  });
});
