import { describe, expect, it } from '@jest/globals';
import { type Client, ServiceError } from '@temporalio/client';

import { repeatableWithinDeadline } from './deadline.js';

/** A client whose deadline wrapper just runs the call (the SDK's own is not under test). */
const client = { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() } as Client;
const refusal = (code: number) =>
  new ServiceError('refused', { cause: Object.assign(new Error('grpc'), { code }) });

describe('repeatableWithinDeadline', () => {
  it('sends an update again after a transient refusal, until it is confirmed', async () => {
    let calls = 0;
    const result = await repeatableWithinDeadline(client, Date.now() + 5_000, async () => {
      calls++;
      if (calls < 3) throw refusal(14); // UNAVAILABLE: the update registry was cleared
      return 'applied';
    });
    expect(result).toBe('applied');
    expect(calls).toBe(3);
  });

  it('does not repeat what will not pass, nor past the deadline', async () => {
    let calls = 0;
    const invalid = repeatableWithinDeadline(client, Date.now() + 5_000, async () => {
      calls++;
      throw refusal(3); // INVALID_ARGUMENT
    });
    await expect(invalid).rejects.toBeInstanceOf(ServiceError);
    expect(calls).toBe(1);

    const started = Date.now();
    const down = repeatableWithinDeadline(client, started + 400, async () => {
      throw refusal(14);
    });
    await expect(down).rejects.toBeInstanceOf(ServiceError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
