/**
 * The server's HTTP API as the console uses it: JSON in and out, the bearer token from the session (kept in memory
 * only), and the server's errors ({"error","message"}) turned into ApiError, with the form field they concern.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request field an error code names (`invalid_username`, `missing_password` → username, password). */
  get field(): string | undefined {
    const match = /^(?:invalid|missing)_(.+)$/.exec(this.code);
    return match ? match[1] : undefined;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Credentials {
  username: string;
  password: string;
}

/** Answers the server gave without a body we could read, in words a person understands. */
function fallbackMessage(status: number): string {
  if (status === 0) return 'The server could not be reached.';
  if (status === 401) return 'Your session has ended: sign in again.';
  if (status === 403) return 'Your account may not do this.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The server failed to answer. Try again in a moment.';
  return `The server refused the request (HTTP ${status}).`;
}

export function basic({ username, password }: Credentials): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return `Basic ${btoa(binary)}`;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export class Api {
  constructor(
    private readonly authorization: string | null,
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.send<T>('POST', withQuery(path, query), body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  delete<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('DELETE', withQuery(path, query));
  }

  /** A download (an export, a CRL) fetched with the session's token, as a Blob. */
  async blob(path: string, query?: Query): Promise<Blob> {
    const response = await this.fetch('GET', withQuery(path, query));
    return response.blob();
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'unreachable', fallbackMessage(0));
    }
    if (response.ok) return response;
    let code = `http_${response.status}`;
    let message = fallbackMessage(response.status);
    try {
      const error = (await response.json()) as { error?: string; message?: string };
      if (error.error) code = error.error;
      if (error.message) message = error.message;
    } catch {
      // not JSON: keep the fallback
    }
    if (response.status === 401 && this.authorization?.startsWith('Bearer ')) this.onUnauthorized();
    throw new ApiError(response.status, code, message);
  }
}
