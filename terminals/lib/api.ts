/** The REST half of the contract, as every screen calls it. */

/** The server answered with an error body ({ name, message, code, type, data }). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** What the refusal names, e.g. the drawers and orders that keep a day from closing. */
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

/** The request never got an answer: the network or the server is away. Retry later. */
export class NetworkError extends Error {}

export async function request<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: no body we can read.
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { type?: unknown; message?: unknown; data?: unknown };
    // A gateway in front of a server that is down answers 502–504: that is the network, not a refusal.
    if (res.status >= 502 && res.status <= 504 && typeof err.type !== 'string') throw new NetworkError(`HTTP ${res.status}`);
    throw new ApiError(
      res.status,
      typeof err.type === 'string' ? err.type : 'HTTP_' + res.status,
      typeof err.message === 'string' ? err.message : res.statusText,
      err.data ?? null,
    );
  }
  return parsed as T;
}

/** An API bound to a token. */
export class Api {
  constructor(private readonly token: () => string | null) {}

  get<T>(path: string): Promise<T> {
    return request<T>('GET', path, this.token());
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return request<T>('POST', path, this.token(), body);
  }
}
