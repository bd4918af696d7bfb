import { SetMetadata } from '@nestjs/common';

import type { Action } from './policies.js';

export const POLICY_KEY = 'campaign:policy';

/**
 * Declares what a route needs: an action from POLICIES, `authenticated` (any signed-in caller)
 * or `public` (no sign-in). Routes without one are refused.
 */
export type RoutePolicy = Action | 'authenticated' | 'public';

export const Policy = (policy: RoutePolicy) => SetMetadata(POLICY_KEY, policy);
