import { SetMetadata } from '@nestjs/common';

export const BEST_EFFORT_TEMPORAL = 'campaign:best-effort-temporal';

/**
 * Marks a service whose Temporal calls never fail the request that makes them (it catches and
 * logs; something else catches up later), so the routes using it are not documented as
 * answering 503 on its account.
 */
export const BestEffortTemporal = () => SetMetadata(BEST_EFFORT_TEMPORAL, true);
