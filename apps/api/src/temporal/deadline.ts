import { type Client, ServiceError } from '@temporalio/client';

/** A Temporal call that did not finish by its deadline; the API answers 503. */
export class TemporalDeadlineExceeded extends Error {
  constructor(readonly deadlineMs: number) {
    super(`Temporal did not answer within ${deadlineMs} ms`);
    this.name = 'TemporalDeadlineExceeded';
  }
}

/**
 * Runs `fn` against Temporal and settles by `deadline` (epoch ms) at the latest. The SDK's own
 * deadline (`withDeadline`) is not enough: its retry interceptor retries UNAVAILABLE with
 * backoff, and a retry timer armed before the deadline fires after it, so a call to a server
 * that is down ended seconds late (15 s became 17.5 s). The SDK still gets the deadline, so the
 * call left behind stops on its own.
 */
export async function withinDeadline<T>(
  client: Client,
  deadline: number,
  fn: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const call = client.withDeadline(deadline, fn);
  // The call may still fail after we stopped waiting; nobody listens then.
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(settled);
  void settled.then(() => inFlight.delete(settled));
  try {
    return await Promise.race([
      call,
      new Promise<never>((_, reject) => {
        const ms = Math.max(0, deadline - Date.now());
        timer = setTimeout(() => reject(new TemporalDeadlineExceeded(ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * gRPC codes of refusals that pass: the server aborted an update whose workflow's update registry
 * was cleared (UNAVAILABLE, ABORTED), the workflow was not ready because its task failed under
 * the update (FAILED_PRECONDITION), or it shed load (RESOURCE_EXHAUSTED).
 */
const TRANSIENT_CODES = new Set([8, 9, 10, 14]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `withinDeadline` for a call that may be sent again: a workflow update with a fixed update id,
 * which the server applies once. A transient refusal is sent again after a short backoff until
 * the deadline, so a momentary hiccup of the server is not a 503; anything else, or the deadline,
 * ends it as before.
 */
export async function repeatableWithinDeadline<T>(
  client: Client,
  deadline: number,
  fn: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withinDeadline(client, deadline, fn);
    } catch (error) {
      const code = error instanceof ServiceError ? (error.cause as { code?: unknown })?.code : null;
      const wait = Math.min(1_000, 100 * 2 ** attempt);
      if (typeof code !== 'number' || !TRANSIENT_CODES.has(code) || Date.now() + wait >= deadline) {
        throw error;
      }
      await sleep(wait);
    }
  }
}

/** Calls still running, perhaps after their caller stopped waiting. */
const inFlight = new Set<Promise<void>>();

/**
 * Waits (at most `maxMs`) for calls left behind to settle. Closing the connection under a
 * pending retry timer makes that timer throw "Channel has been shut down" as an uncaught
 * exception; they settle at most one backoff interval (5 s, plus jitter) after their deadline.
 */
export async function settleTemporalCalls(maxMs = 7_000): Promise<void> {
  if (inFlight.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(inFlight),
    new Promise((resolve) => (timer = setTimeout(resolve, maxMs))),
  ]);
  clearTimeout(timer);
}
