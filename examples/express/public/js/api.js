// The page's only door to the server: JSON in, JSON out, errors as ApiError.

/** An error the API answered with: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(status, body) {
    const err = body && typeof body === 'object' && body.error ? body.error : null;
    const message = typeof err === 'string' ? err : (err?.message ?? `The server answered ${status}.`);
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof err === 'object' && err !== null ? (err.code ?? null) : null;
    this.issues = typeof err === 'object' && err !== null && Array.isArray(err.issues) ? err.issues : [];
  }
}

/** Calls the API; resolves with the parsed body (or null for 204), rejects with ApiError. */
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api${path}`, init);
  } catch (e) {
    throw new ApiError(0, { error: { code: 'NETWORK', message: `The server could not be reached (${e instanceof Error ? e.message : String(e)}).` } });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let parsed = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: { code: 'BAD_RESPONSE', message: `The server answered ${res.status} with something that is not JSON.` } };
    }
  }
  if (!res.ok) {
    if (res.status === 401 && onUnauthenticated !== null && !path.startsWith('/session')) onUnauthenticated();
    throw new ApiError(res.status, parsed);
  }
  return parsed;
}

let onUnauthenticated = null;
/** Called when any request (but the session's own) answers 401: the cookie expired or was cleared. */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

/** Builds a query string from the defined, non-empty values. */
export function qs(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}
