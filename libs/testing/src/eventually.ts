/**
 * Polls `probe` until `ok` accepts its value, for things that happen asynchronously (a workflow
 * reaching a phase, a projection landing). Fails with the last value seen after `timeoutMs`.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
