/**
 * What the event-driven benchmarks (votes, notifications) share: JSON calls to the server under
 * test with a session cookie, and waiting for conditions without polling (whatever changes what
 * a condition reads calls `poke()`).
 */

/** `call` answers whatever the server said; `ok` throws unless it is a 2xx. */
export function jsonCalls(baseUrl: () => string) {
  async function call<T>(cookie: string, method: string, url: string, body?: unknown) {
    const res = await fetch(`${baseUrl()}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
  }
  async function ok<T>(cookie: string, method: string, url: string, body?: unknown): Promise<T> {
    const answer = await call<T>(cookie, method, url, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`${method} ${url}: ${answer.status} ${answer.text}`);
    return answer.body;
  }
  return { call, ok };
}

/** `until(check)` resolves once `check()` holds, checked again at each `poke()`; rejects after the timeout. */
export function conditionWaiters(defaultTimeoutMs: number) {
  const waiters = new Set<{ check: () => boolean; resolve: () => void }>();
  function poke(): void {
    for (const waiter of waiters)
      if (waiter.check()) {
        waiters.delete(waiter);
        waiter.resolve();
      }
  }
  function until(check: () => boolean, what: string, timeoutMs = defaultTimeoutMs): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      waiters.add(waiter);
    });
  }
  return { poke, until };
}
