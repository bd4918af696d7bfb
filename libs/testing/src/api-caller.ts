/**
 * Calls the API as one signed-in person, for the scripts that drive a running stack (the
 * benchmarks, the fault battery): JSON in and out, or a multipart form; any answer of 300 or more
 * throws with its status and the start of its body.
 */
export function apiCaller(apiUrl: string, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    form?: FormData,
  ): Promise<unknown> => {
    const response = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: form
        ? { authorization: `Bearer ${token}` }
        : { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 2000)}`);
    }
    return JSON.parse(text) as unknown;
  };
}
