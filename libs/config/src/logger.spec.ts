import { describe, expect, it } from '@jest/globals';

import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('logs where a query failed, never the values it was given', () => {
    const lines: string[] = [];
    const logger = createLogger({ log: { level: 'info' } }, 'api', {
      write: (line: string) => void lines.push(line),
    });
    // The shape TypeORM's QueryFailedError takes: the driver's fields copied onto it.
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (receipt_code)=(CANARY-RECEIPT) already exists.',
      constraint: 'tip_offs_receipt_code_key',
    });
    class QueryFailedError extends Error {}
    const failed = Object.assign(new QueryFailedError(driverError.message), {
      query: 'INSERT INTO tip_offs (receipt_code) VALUES ($1)',
      parameters: ['CANARY-RECEIPT'],
      driverError,
      code: driverError.code,
      detail: driverError.detail,
      constraint: driverError.constraint,
    });
    logger.error({ err: failed }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('CANARY');
    expect(JSON.parse(lines[0]).err).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      constraint: 'tip_offs_receipt_code_key',
      query: 'INSERT INTO tip_offs (receipt_code) VALUES ($1)',
    });
  });
});
