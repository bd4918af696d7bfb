import { ForbiddenError, NotFoundError } from '@campaign/domain';

import type { Action } from './policies.js';
import type { Principal } from './principal.js';

/**
 * How an object outside the caller's reach is refused. `unknown`: the caller may not know it
 * exists, so it answers 404 exactly like an unknown id (ids cannot be probed). `forbidden`: the
 * caller already sees it but may not do this to it, so it answers 403 with the reason.
 */
export type Refusal = { unknown: string; id: string } | { forbidden: string };

/**
 * The one access check services apply over the policy table: the object's unit, at `unitPath`,
 * must lie within the caller's subtrees for `action`. A missing path (no such object, or no unit
 * for it) is refused like one out of scope. Throws the domain error, never an HTTP exception.
 */
export function requireAccess(
  principal: Principal,
  action: Action,
  unitPath: string | null | undefined,
  refusal: Refusal,
): asserts unitPath is string {
  if (unitPath !== null && unitPath !== undefined && principal.covers(action, unitPath)) return;
  if ('forbidden' in refusal) throw new ForbiddenError(refusal.forbidden);
  throw new NotFoundError(refusal.unknown, refusal.id);
}
