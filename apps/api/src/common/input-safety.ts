import {
  type ArgumentMetadata,
  BadRequestException,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { invalidFields } from './api-error.js';

/**
 * Input hardening at the edge, one mechanism for every route: a JSON body is checked right after
 * parsing (bodySafety), and query strings and path parameters by a global pipe (InputSafetyPipe)
 * before validation. Both walk the input with one iterative loop (no recursion, so a hostile
 * nesting depth cannot overflow the stack) that
 *
 * - refuses a body nested deeper than MAX_JSON_DEPTH before anything else walks it (class-
 *   transformer and class-validator recurse, and overflowed at 2,000 levels);
 * - refuses NUL (PostgreSQL cannot store it in text) and unpaired surrogates (not Unicode; the
 *   driver would silently store U+FFFD instead) in every string and key, naming the field;
 * - NFC-normalises every string, so the same name typed on two keyboards is stored, compared and
 *   counted the same.
 */

/** Deeper than any request the API defines (a campaign plan is 3 levels), far from any stack limit. */
export const MAX_JSON_DEPTH = 32;

/** JSON bodies larger than this answer 413; roster files have their own limit (multipart). */
export const JSON_BODY_LIMIT_BYTES = 100 * 1024;

/** Methods whose JSON bodies are read; a body sent with GET, HEAD or DELETE is ignored. */
export const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

const LONE_SURROGATE = /\p{Surrogate}/u;

function refuseField(field: string, message: string): BadRequestException {
  return invalidFields([{ field, messages: [`${field} ${message}`] }]);
}

/**
 * Why `value` cannot be stored as text (NUL, an unpaired surrogate), or null. The one rule, also
 * for what does not arrive as JSON: multipart file names and the cells of imported files.
 */
export function unsafeTextProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) {
    return 'must be well-formed Unicode (it has an unpaired surrogate)';
  }
  return null;
}

function checkedString(value: string, field: string): string {
  const problem = unsafeTextProblem(value);
  if (problem) throw refuseField(field, problem);
  return value.normalize('NFC');
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Checks and normalises `value` in place (strings are replaced by their NFC form) and returns it.
 * `field` names the value itself in messages: `''` for a body or a query object whose keys are
 * the fields, a parameter's name otherwise. Throws a 400 in the API's error body.
 */
export function sanitiseInput(value: unknown, field: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (typeof value === 'string') return checkedString(value, field || 'value');
  if (value === null || typeof value !== 'object') return value;
  const pending: Array<{ node: Record<string, unknown>; depth: number; path: string }> = [
    { node: value as Record<string, unknown>, depth: 1, path: field },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth, path } = next;
    if (depth > maxDepth) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'invalid',
        message: `the request is nested more than ${maxDepth} levels deep`,
      });
    }
    for (const key of Object.keys(node)) {
      const childPath = join(path, key);
      checkedString(key, childPath);
      const child = node[key];
      if (typeof child === 'string') node[key] = checkedString(child, childPath);
      else if (child !== null && typeof child === 'object') {
        pending.push({ node: child as Record<string, unknown>, depth: depth + 1, path: childPath });
      }
    }
  }
  return value;
}

/** Express middleware placed right after the JSON body parser. */
export function bodySafety() {
  return (req: Request, _res: Response, next: NextFunction): void => {
    try {
      if (req.body !== undefined) req.body = sanitiseInput(req.body, '');
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The same checks for what Nest hands a handler: query objects and values, path parameters,
 * and bodies (again: multipart text fields arrive after the JSON middleware). Runs before the
 * validation pipe; values of custom decorators (the principal, the language) are left alone.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    return sanitiseInput(value, metadata.data ?? '');
  }
}
