import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';

import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED')],
    ['reset', withCode('ECONNRESET')],
    [
      'both addresses refused',
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['server gone', new Error('Connection terminated unexpectedly')],
    ['frozen server', new Error('Query read timeout')],
    ['statement timeout', new QueryFailedError('SELECT 1', [], withCode('57014'))],
    ['admin shutdown', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['connection exception', withCode('08006')],
  ])('says yes when %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', new QueryFailedError('SELEC', [], withCode('42601'))],
    ['a plain fault', new TypeError('undefined is not a function')],
    ['nothing', undefined],
  ])('says no for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
