// The one error model for fastify routes (admin API, pages, health). OAuth endpoints keep
// oidc-provider's own RFC-named errors; this mirrors their `{ error, error_description }` shape.

export type AppErrorCode =
  | 'invalid_request'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_personal_id'
  | 'invalid_organization_code'
  | 'representative_not_eligible'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'forbidden'
  | 'too_many_requests'
  | 'temporarily_unavailable'
  | 'server_error';

const statusByCode: Record<AppErrorCode, number> = {
  invalid_request: 400,
  // RFC 7591 §3.2.2: the same codes in the admin API as at the registration endpoint.
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_personal_id: 400,
  invalid_organization_code: 400,
  representative_not_eligible: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  forbidden: 403,
  // RFC 6585 §4, with Retry-After.
  too_many_requests: 429,
  temporarily_unavailable: 503,
  server_error: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;

  constructor(code: AppErrorCode, description: string, options?: { cause?: unknown }) {
    super(description, options);
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

/**
 * The service cannot answer now but will soon: a backing store is down, or a bounded pool is
 * full (load shedding). Answered with 503 and Retry-After. It carries oidc-provider's error
 * shape (statusCode, expose, error_description), so protocol endpoints answer
 * `temporarily_unavailable` instead of a 500 or a misleading invalid_client.
 */
export class TemporarilyUnavailableError extends Error {
  readonly statusCode = 503;
  readonly status = 503;
  readonly expose = true;
  readonly error = 'temporarily_unavailable';
  readonly error_description = 'the service is temporarily unavailable, retry later';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemporarilyUnavailableError';
  }
}

/** A backing store (Postgres or Redis) could not answer. */
export class StoreUnavailableError extends TemporarilyUnavailableError {
  readonly store: 'postgres' | 'redis';

  constructor(store: 'postgres' | 'redis', options?: { cause?: unknown }) {
    super('temporarily_unavailable', options);
    this.name = 'StoreUnavailableError';
    this.store = store;
  }
}

/** A bounded work queue (password hashing) is full: shed the request instead of queueing it. */
export class OverloadedError extends TemporarilyUnavailableError {
  readonly resource: string;

  constructor(resource: string, options?: { cause?: unknown }) {
    super(`${resource} is overloaded`, options);
    this.name = 'OverloadedError';
    this.resource = resource;
  }
}

export const RETRY_AFTER_SECONDS = 5;
