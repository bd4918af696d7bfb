import { describe, expect, it } from '@jest/globals';

import {
  canonicalPassphrase,
  canonicalReceiptCode,
  CODE_ALPHABET,
  newPassphrase,
  newReceiptCode,
} from './tip-off-codes.js';

describe('receipt codes and passphrases', () => {
  it('come as groups of four symbols of Crockford base32', () => {
    for (let i = 0; i < 200; i++) {
      expect(newReceiptCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(newPassphrase()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    }
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('are random: no repeats, and every symbol in use', () => {
    const codes = Array.from({ length: 2000 }, newReceiptCode);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set(codes.join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
    // The passphrase is not derived from the code.
    expect(newPassphrase().slice(0, 19)).not.toBe(newReceiptCode());
  });

  it('read back whatever way they were typed', () => {
    const code = newReceiptCode();
    expect(canonicalReceiptCode(code)).toBe(code);
    expect(canonicalReceiptCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code);
    expect(canonicalReceiptCode('ABCD-EFGH-JKMN-PQRO')).toBe('ABCD-EFGH-JKMN-PQR0');
    expect(canonicalReceiptCode('abcd efgh jkmn pqri')).toBe('ABCD-EFGH-JKMN-PQR1');
    const passphrase = newPassphrase();
    expect(canonicalPassphrase(passphrase.toLowerCase())).toBe(passphrase.replace(/-/g, ''));
  });

  it('refuse what cannot be one: wrong length, U, other characters', () => {
    expect(canonicalReceiptCode('ABCD-EFGH-JKMN')).toBeNull();
    expect(canonicalReceiptCode('ABCD-EFGH-JKMN-PQRU')).toBeNull();
    expect(canonicalReceiptCode('ABCD-EFGH-JKMN-PQR!')).toBeNull();
    expect(canonicalReceiptCode('举报举报-EFGH-JKMN-PQRS')).toBeNull();
    expect(canonicalPassphrase(newReceiptCode())).toBeNull();
  });
});
