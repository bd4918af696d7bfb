import { randomBytes } from 'node:crypto';

/**
 * The receipt code and passphrase an anonymous reporter follows a tip-off with, as whistleblowing
 * systems hand them out: random (nothing in them is derived from the tip-off or its reporter),
 * in Crockford's base32 (no I, L, O or U, so they survive being read aloud or copied by hand),
 * in groups of four. The code identifies the receipt (80 bits); the passphrase, of which only an
 * argon2id hash is kept, proves it is theirs (100 bits).
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const RECEIPT_CODE_SYMBOLS = 16;
export const PASSPHRASE_SYMBOLS = 20;
const GROUP = 4;

/** `symbols` random symbols of the alphabet (each byte's low five bits: 256 is 8 × 32, unbiased). */
function randomSymbols(symbols: number): string {
  return Array.from(randomBytes(symbols), (byte) => CODE_ALPHABET[byte & 31]).join('');
}

function grouped(compact: string): string {
  return compact.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** A new receipt code, e.g. `7G2K-Q9ZD-M4XA-0RWT`. */
export function newReceiptCode(): string {
  return grouped(randomSymbols(RECEIPT_CODE_SYMBOLS));
}

/** A new passphrase, e.g. `K3TR-8WQM-ZP2D-H6VN-1CXY`. */
export function newPassphrase(): string {
  return grouped(randomSymbols(PASSPHRASE_SYMBOLS));
}

/**
 * What a person typed, as the canonical compact symbols: case, spaces and dashes ignored, the
 * letters people confuse with digits read as those digits (O → 0; I, L → 1). Null when it cannot
 * be a code of `symbols` symbols.
 */
export function compactCode(typed: string, symbols: number): string | null {
  const compact = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== symbols) return null;
  for (const c of compact) if (!CODE_ALPHABET.includes(c)) return null;
  return compact;
}

/** The receipt code as stored (grouped), from what was typed; null when it cannot be one. */
export function canonicalReceiptCode(typed: string): string | null {
  const compact = compactCode(typed, RECEIPT_CODE_SYMBOLS);
  return compact === null ? null : grouped(compact);
}

/** The passphrase as hashed (compact), from what was typed; null when it cannot be one. */
export function canonicalPassphrase(typed: string): string | null {
  return compactCode(typed, PASSPHRASE_SYMBOLS);
}
