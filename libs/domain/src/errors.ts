/**
 * Domain errors carry a code; only the HTTP edge maps codes to statuses, and activities map
 * permanent ones to non-retryable failures. Domain code never throws HTTP exceptions.
 */
export const DOMAIN_ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'wrong_state',
  'duplicate',
  'rule_broken',
  'unavailable',
  'throttled',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One broken rule or bad field, named so a person can find and fix it. */
export interface Violation {
  /** Dotted path of the offending field, e.g. `phases.1.startsAt`. */
  field: string;
  /** Machine-readable rule id, e.g. `phase_overlap`. */
  rule: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly violations: readonly Violation[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class RuleBrokenError extends DomainError {
  constructor(message: string, violations: readonly Violation[]) {
    super('rule_broken', message, violations);
    this.name = 'RuleBrokenError';
  }
}

/** The caller sees the object but may not do this to it (an id they may not see is not found). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} does not exist`);
    this.name = 'NotFoundError';
  }
}

/** Too many attempts from one caller or at one account: try again after `retryAfterSeconds`. */
export class ThrottledError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('throttled', message);
    this.name = 'ThrottledError';
  }
}

export class WrongStateError extends DomainError {
  constructor(message: string) {
    super('wrong_state', message);
    this.name = 'WrongStateError';
  }
}
