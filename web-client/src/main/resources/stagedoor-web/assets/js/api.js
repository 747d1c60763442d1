// The HTTP API (/api/v1), exactly as documented: JSON bodies, problem+json errors with a stable `code`, the bearer for
// the signed-in user, the Queue-Token header for the waiting room and gated routes, Idempotency-Key where it applies.

const BASE = '/api/v1';

/** A refusal or failure: `code` from the problem body (or NETWORK when no answer came), never shown as `detail`. */
export class ApiError extends Error {
  constructor(status, code, body = {}, retryAfterSeconds = null) {
    super(code);
    this.status = status;
    this.code = code;
    this.body = body;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * One call. options: body (sent as JSON), bearer, queueToken, idempotencyKey, adminKey, signal.
 * Resolves with { body, status, date } (date: the server's Date header as epoch millis, when sent).
 */
export async function call(method, path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (options.bearer) {
    headers.Authorization = `Bearer ${options.bearer}`;
  }
  if (options.queueToken) {
    headers['Queue-Token'] = options.queueToken;
  }
  if (options.idempotencyKey) {
    headers['Idempotency-Key'] = options.idempotencyKey;
  }
  if (options.adminKey) {
    headers['Admin-Key'] = options.adminKey;
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (failure) {
    if (failure && failure.name === 'AbortError') {
      throw failure;
    }
    throw new ApiError(0, 'NETWORK');
  }
  const text = await response.text();
  let body = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (notJson) {
      body = {};
    }
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, body.code || `HTTP_${response.status}`, body,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  const date = Date.parse(response.headers.get('Date') || '');
  return { body, status: response.status, date: Number.isNaN(date) ? null : date };
}

/** A fresh Idempotency-Key (one per checkout or charge, reused on every retry of it). */
export function newIdempotencyKey(prefix) {
  const random = crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}-${random}`.slice(0, 64);
}
