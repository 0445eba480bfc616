/** A small JSON client for the HTTP API, signed in with a session cookie (or not). */
export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

export type Api = ReturnType<typeof apiClient>;

export function apiClient(baseUrl: string, cookie: string | null) {
  const request = async <T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a file download): the text as is.
    }
    return { status: res.status, body: parsed as T };
  };
  return {
    get: <T = unknown>(path: string) => request<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    put: <T = unknown>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
    patch: <T = unknown>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
    del: <T = unknown>(path: string) => request<T>('DELETE', path),
  };
}
