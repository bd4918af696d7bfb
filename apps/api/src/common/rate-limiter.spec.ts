import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { limitKey } from './rate-limiter.js';

describe('a limit key', () => {
  const secret = 'a-server-secret-of-at-least-thirty-two-characters';

  it('is the same for the same purpose and value, and differs by either', () => {
    const key = limitKey(secret, 'tip-off-client', '203.0.113.7');
    expect(limitKey(secret, 'tip-off-client', '203.0.113.7')).toBe(key);
    expect(limitKey(secret, 'tip-off-client', '203.0.113.8')).not.toBe(key);
    expect(limitKey(secret, 'sign-in-client', '203.0.113.7')).not.toBe(key);
  });

  it('cannot be recomputed from an address without the server’s secret', () => {
    const address = '203.0.113.7';
    const key = limitKey(secret, 'tip-off-client', address);
    expect(key).not.toContain(address);
    // An unkeyed hash of the address (all 2^32 of them can be tried) is not the key...
    const unkeyed = createHash('sha256').update(address).digest('hex').slice(0, 40);
    expect(key).not.toContain(unkeyed);
    // ...and another secret gives another key.
    expect(limitKey(`${secret}-other`, 'tip-off-client', address)).not.toBe(key);
  });
});
