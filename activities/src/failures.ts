import { DomainError } from '@campaign/domain';
import { ApplicationFailure } from '@temporalio/common';

/**
 * PostgreSQL error classes that no retry can fix: the data itself is wrong (22: data exception,
 * 23: integrity constraint violation). Anything else (a lost connection, a timeout, a deadlock)
 * may pass, so it stays retryable.
 */
const PERMANENT_SQLSTATE = /^(22|23)/;

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether retrying the activity that threw `error` can never succeed. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof ApplicationFailure) return error.nonRetryable === true;
  if (error instanceof DomainError) return error.code !== 'unavailable';
  const state = sqlState(error);
  return state !== undefined && PERMANENT_SQLSTATE.test(state);
}

/**
 * Wraps every activity so a permanent failure (bad data) fails at once, non-retryably, instead
 * of being retried forever. The failure carries the error's class and SQLSTATE, never its
 * message: driver messages quote the offending values, and Temporal stores failures in clear.
 */
export function failPermanentErrorsFast<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (error instanceof ApplicationFailure || !isPermanent(error)) throw error;
        const state = sqlState(error);
        throw ApplicationFailure.create({
          type: error instanceof DomainError ? `DomainError:${error.code}` : 'BadData',
          message: `${name} failed permanently (${(error as Error).name ?? 'Error'}${state ? `, SQLSTATE ${state}` : ''})`,
          nonRetryable: true,
          // For whoever parks on it (an item names the SQLSTATE, never the values).
          details: state ? [{ sqlState: state }] : [],
        });
      }
    };
  }
  return wrapped as T;
}
