/**
 * The rules every text field of the API follows, in one module so each DTO (and the roster
 * import) applies the same ones. Use them on every string a person or a client sends:
 *
 * - `@TextLength(min, max)` on every string: counts the way the PostgreSQL `varchar(n)` column
 *   counts, in Unicode code points. (class-validator's `@Length` counts UTF-16 units minus
 *   variation selectors, so 200 × "❤️" passed a 200 check and overflowed `varchar(200)`.)
 * - `@HumanText()` on names, titles and labels people read and print: they must show at least one
 *   visible character and carry no control or bidirectional override/isolate characters.
 * - `@ProseText()` on text people write in paragraphs (reasons, evidence, statements): the same,
 *   but line breaks and tabs are allowed.
 *
 * The edge (input-safety.ts) has already refused NUL and ill-formed Unicode in every string and
 * NFC-normalised it, so these rules see the text as it will be stored. The OpenAPI document
 * derives `minLength`, `maxLength` and `pattern` from these decorators (openapi.ts), so a
 * generated client checks exactly what the server checks.
 */
import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/** Length as PostgreSQL counts `varchar(n)` (code points), not as JavaScript's `.length` does. */
export function textLength(value: string): number {
  // Iterating a string walks code points; `.length` counts UTF-16 units.
  return Array.from(value).length;
}

export const TEXT_LENGTH = 'textLength';

/**
 * The string is between `min` and `max` characters long, counted in code points as the
 * database column counts them. Use it instead of `@Length` on every string field.
 */
export function TextLength(min: number, max: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: TEXT_LENGTH,
      target: target.constructor,
      propertyName,
      constraints: [min, max],
      options: {
        message: ({ property }: ValidationArguments) =>
          min === max
            ? `${property} must be exactly ${max} characters long`
            : min > 0
              ? `${property} must be between ${min} and ${max} characters long`
              : `${property} must be at most ${max} characters long`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && textLength(value) >= min && textLength(value) <= max,
      },
    });
}

/*
 * Characters a reader cannot see or that change how the text around them is laid out. Only
 * Basic Multilingual Plane ranges, written as \uXXXX, so the same list works as a JavaScript
 * regular expression and as the OpenAPI `pattern` (which Python-based tools read as well).
 */
/** Control characters (C0, DEL, C1): names and titles are one line of text. */
const CONTROL = '\\u0000-\\u001F\\u007F-\\u009F';
/** Bidirectional embeddings, overrides and isolates: they reorder printed text (spoofing). */
const BIDI_CONTROL = '\\u202A-\\u202E\\u2066-\\u2069';
/** Whitespace, zero-width and other invisible characters: alone they make a blank name. */
const INVISIBLE =
  '\\u0020\\u00A0\\u00AD\\u034F\\u061C\\u115F\\u1160\\u1680\\u17B4\\u17B5\\u180B-\\u180F' +
  '\\u2000-\\u200F\\u2028-\\u2029\\u202F\\u205F-\\u2064\\u206A-\\u206F\\u2800\\u3000\\u3164' +
  '\\uFE00-\\uFE0F\\uFEFF\\uFFA0';

/**
 * Human text as a regular expression: empty, or at least one visible character and none of the
 * forbidden ones. Empty strings are left to `@TextLength`'s minimum.
 */
export const HUMAN_TEXT_PATTERN =
  `^(?:[^${CONTROL}${BIDI_CONTROL}]*` +
  `[^${CONTROL}${BIDI_CONTROL}${INVISIBLE}]` +
  `[^${CONTROL}${BIDI_CONTROL}]*)?$`;

const CONTROL_RE = new RegExp(`[${CONTROL}]`);
const BIDI_RE = new RegExp(`[${BIDI_CONTROL}]`);
const VISIBLE_RE = new RegExp(`[^${CONTROL}${BIDI_CONTROL}${INVISIBLE}]`);

/** Why `value` is not acceptable human text, or null when it is. */
export function humanTextProblem(value: string): string | null {
  if (value === '') return null;
  if (BIDI_RE.test(value)) {
    return 'must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)';
  }
  if (CONTROL_RE.test(value)) return 'must not contain control characters such as line breaks';
  if (!VISIBLE_RE.test(value)) {
    return 'must contain a visible character, not only spaces or zero-width characters';
  }
  return null;
}

export const HUMAN_TEXT = 'humanText';

/**
 * A name, title or label people read and print: not blank (only whitespace or zero-width
 * characters), one line, and free of bidirectional overrides that would spoof a printed
 * document. Combine with `@TextLength`, which decides whether empty is allowed.
 */
export function HumanText(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: HUMAN_TEXT,
      target: target.constructor,
      propertyName,
      constraints: [HUMAN_TEXT_PATTERN],
      options: {
        message: ({ property, value }: ValidationArguments) => {
          // With `each`, class-validator hands over the whole array: name the first bad item.
          const items: unknown[] = Array.isArray(value) ? value : [value];
          const bad = items.find((v) => typeof v !== 'string' || humanTextProblem(v) !== null);
          return `${property} ${typeof bad === 'string' ? humanTextProblem(bad) : 'must be a string'}`;
        },
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && humanTextProblem(value) === null,
      },
    });
}

/** Line feed, carriage return and tab: what paragraphs of prose may hold of the controls. */
const PROSE_CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

/** Prose as a regular expression: empty, or a visible character and no forbidden ones. */
export const PROSE_TEXT_PATTERN =
  `^(?:[^${PROSE_CONTROL}${BIDI_CONTROL}]*` +
  `[^${CONTROL}${BIDI_CONTROL}${INVISIBLE}]` +
  `[^${PROSE_CONTROL}${BIDI_CONTROL}]*)?$`;

const PROSE_CONTROL_RE = new RegExp(`[${PROSE_CONTROL}]`);

/** Why `value` is not acceptable prose, or null when it is. */
export function proseTextProblem(value: string): string | null {
  if (value === '') return null;
  if (BIDI_RE.test(value)) {
    return 'must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)';
  }
  if (PROSE_CONTROL_RE.test(value))
    return 'must not contain control characters other than line breaks and tabs';
  if (!VISIBLE_RE.test(value)) {
    return 'must contain a visible character, not only spaces or zero-width characters';
  }
  return null;
}

export const PROSE_TEXT = 'proseText';

/**
 * Text written in paragraphs (a reason, evidence, a disclosure): not blank, free of
 * bidirectional overrides and of control characters other than line breaks and tabs. Combine
 * with `@TextLength`.
 */
export function ProseText(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: PROSE_TEXT,
      target: target.constructor,
      propertyName,
      constraints: [PROSE_TEXT_PATTERN],
      options: {
        message: ({ property, value }: ValidationArguments) => {
          const items: unknown[] = Array.isArray(value) ? value : [value];
          const bad = items.find((v) => typeof v !== 'string' || proseTextProblem(v) !== null);
          return `${property} ${typeof bad === 'string' ? proseTextProblem(bad) : 'must be a string'}`;
        },
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && proseTextProblem(value) === null,
      },
    });
}
