import type { Violation } from '../errors.js';

/**
 * The shortest run of a tip-off's own wording that counts as quoting it. The ledger item a
 * triage registers is what the person reported reads: it must be the inspector's description
 * of the problem, never the reporter's words, which could tell the person who wrote them.
 */
export const TIP_OFF_QUOTE_RUN = 15;

/**
 * Text as the quote check compares it, in code points: compatibility-normalised (full-width
 * letters and digits as their ASCII forms), lower-cased, without whitespace, punctuation,
 * format characters (Cf: zero-width spaces and joiners, soft hyphens, word joiners) and
 * combining marks (Mn, Me: grapheme joiners, variation selectors, accents), so re-spacing,
 * re-punctuating or threading invisible characters through a copied sentence does not hide it.
 * Decomposed first, so an accent is dropped from its letter rather than kept composed with it.
 */
export function comparableText(text: string): string[] {
  return Array.from(
    text
      .normalize('NFKD')
      .replace(/[\s\p{P}\p{Cf}\p{Mn}\p{Me}]/gu, '')
      .normalize('NFKC')
      .toLowerCase(),
  );
}

/**
 * Whether `description` (the body's `field`: a triage's description, a closing reason) repeats a run of `TIP_OFF_QUOTE_RUN` or more consecutive characters of
 * any of `texts` (the tip-off and what its reporter added), or names the reporter. Each broken
 * rule is named; no message quotes either text.
 */
export function tipOffQuoteViolations(
  description: string,
  tipOff: { texts: readonly string[]; reporterName: string | null },
  field = 'description',
): Violation[] {
  const violations: Violation[] = [];
  const said = comparableText(description);
  const runs = new Set<string>();
  for (const text of tipOff.texts) {
    const chars = comparableText(text);
    for (let i = 0; i + TIP_OFF_QUOTE_RUN <= chars.length; i++) {
      runs.add(chars.slice(i, i + TIP_OFF_QUOTE_RUN).join(''));
    }
  }
  for (let i = 0; i + TIP_OFF_QUOTE_RUN <= said.length; i++) {
    if (runs.has(said.slice(i, i + TIP_OFF_QUOTE_RUN).join(''))) {
      violations.push({
        field,
        rule: 'quotes_tip_off',
        message: `the ${field} repeats ${TIP_OFF_QUOTE_RUN} or more consecutive characters of the tip-off: describe the problem in your own words`,
      });
      break;
    }
  }
  // A one-character name would refuse any description holding that character: names are
  // checked from two characters (Chinese names have two or more).
  const name = tipOff.reporterName === null ? [] : comparableText(tipOff.reporterName);
  if (name.length >= 2 && said.join('').includes(name.join(''))) {
    violations.push({
      field,
      rule: 'names_reporter',
      message: `the ${field} names the tip-off's reporter`,
    });
  }
  return violations;
}
