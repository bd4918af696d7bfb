/**
 * Whether an error means PostgreSQL is not there to answer — refused, reset, not answering in
 * time, shutting down — rather than a fault of the request or of the code. The API answers such
 * errors 503 `unavailable` (apps/api/src/common/api-error.ts), as it does for Temporal.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unavailable server: 57014 query_canceled (our statement_timeout), 57P01-57P03
 * admin/crash shutdown and cannot connect now, 53300 too many connections, class 08 connection
 * exceptions.
 */
const SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);

/** node-postgres and pg-pool say these in words only. */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string)))
    return true;
  if (Array.isArray(e.errors) && e.errors.length > 0)
    return e.errors.every((inner) => isDatabaseUnavailable(inner, depth + 1));
  return (
    isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)
  );
}
