import { DomainError, RuleBrokenError } from '@campaign/domain';
import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';

import { failPermanentErrorsFast, isPermanent } from './failures.js';

const pgError = (code: string, message = 'insert or update violates foreign key "fk" (王建国)') =>
  Object.assign(new Error(message), { name: 'QueryFailedError', driverError: { code } });

describe('failPermanentErrorsFast', () => {
  it('turns a data or integrity error into a non-retryable failure without its message', async () => {
    const activities = failPermanentErrorsFast({
      write: async () => {
        throw pgError('23503');
      },
    });
    const failure = await activities.write().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toContain('SQLSTATE 23503');
    expect((failure as ApplicationFailure).message).not.toContain('王建国');
  });

  it('lets a lost connection or a deadlock be retried as it was', async () => {
    for (const error of [pgError('08006'), pgError('40P01'), new Error('ECONNREFUSED')]) {
      const activities = failPermanentErrorsFast({
        write: async () => {
          throw error;
        },
      });
      await expect(activities.write()).rejects.toBe(error);
    }
  });

  it('treats a broken domain rule as permanent and an unavailable service as passing', () => {
    expect(isPermanent(new RuleBrokenError('bad', []))).toBe(true);
    expect(isPermanent(new DomainError('unavailable', 'down'))).toBe(false);
  });

  it('passes results and arguments through', async () => {
    const activities = failPermanentErrorsFast({ add: async (a: number, b: number) => a + b });
    await expect(activities.add(2, 3)).resolves.toBe(5);
  });
});
