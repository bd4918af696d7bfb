import { randomBytes } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { ConfidentialCipher, ConfidentialIntegrityError } from './confidential.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const place = {
  table: 'statements',
  column: 'answers',
  rowId: '6d0c1f6e-0000-4000-8000-000000000001',
};
const secret = '本人与某工程老板在八小时外多次聚餐 CANARY-7f3a';

describe('ConfidentialCipher', () => {
  it('seals with the first key and opens with the key a row names', () => {
    const old = key('k1');
    const sealed = new ConfidentialCipher([old]).seal(secret, place);
    const ring = new ConfidentialCipher([key('k2'), old]);
    expect(ring.currentKeyId).toBe('k2');
    expect(ring.open(sealed, place, 'k1')).toBe(secret);
    expect(sealed.toString('utf8')).not.toContain('CANARY');
    expect(sealed.toString('latin1')).not.toContain('CANARY');
  });

  it('never seals the same text to the same bytes', () => {
    const cipher = new ConfidentialCipher([key('k1')]);
    expect(cipher.seal(secret, place).equals(cipher.seal(secret, place))).toBe(false);
  });

  it('refuses a tampered value, a value moved to another row, and a missing key', () => {
    const cipher = new ConfidentialCipher([key('k1')]);
    const sealed = cipher.seal(secret, place);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 0x01;
    const attempts: Array<() => string> = [
      () => cipher.open(tampered, place, 'k1'),
      () => cipher.open(sealed, { ...place, rowId: '6d0c1f6e-0000-4000-8000-000000000002' }, 'k1'),
      () => cipher.open(sealed, { ...place, column: 'text' }, 'k1'),
      () => cipher.open(sealed, place, 'k0'),
      () => cipher.open(Buffer.from([1, 2, 3]), place, 'k1'),
    ];
    const whys = attempts.map((attempt) => {
      try {
        attempt();
        return 'opened';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfidentialIntegrityError);
        // Where, never what.
        expect((error as Error).message).not.toContain('CANARY');
        return (error as ConfidentialIntegrityError).why;
      }
    });
    expect(whys).toEqual(['tampered', 'tampered', 'tampered', 'unknown_key', 'malformed']);
  });

  it('refuses an authentic value that is not the JSON it should be, without quoting it', () => {
    const cipher = new ConfidentialCipher([key('k1')]);
    const sealed = cipher.seal(`{"disclosure":"${secret}`, place);
    let caught: unknown;
    try {
      cipher.openJson(sealed, place, 'k1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfidentialIntegrityError);
    expect((caught as ConfidentialIntegrityError).why).toBe('malformed');
    expect((caught as Error).message).not.toContain('CANARY');
  });
});
