// Where a portal sends citizens back and where chiakhoa calls it. Exact URIs only (RFC 9700
// §4.1.3: exact string matching; no wildcard, no fragment: RFC 6749 §3.1.2): https, or http
// on a loopback address (RFC 8252 §7.3: native apps, and a developer's own machine).
import { AppError } from '../../errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Why a URI is refused, or undefined when it is allowed. */
export function uriProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url || typeof value !== 'string') return 'is not an absolute URL';
  if (value.includes('#')) return 'must not contain a fragment';
  if (value.includes('*')) return 'must not contain a wildcard';
  if (url.username || url.password) return 'must not contain user information';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must use https (http only on a loopback address, RFC 8252)';
}

export function isAllowedRedirectUri(value: string): boolean {
  return uriProblem(value) === undefined;
}

const MAX_URIS = 10;

/**
 * redirect_uris: at least one, all on one host. The sign-in page shows citizens that host
 * (anti-phishing), and a pairwise portal's sector defaults to it (OIDC Core §8.1).
 */
export function assertRedirectUris(uris: readonly string[]): void {
  if (uris.length === 0) throw new AppError('invalid_redirect_uri', 'at least one redirect URI is required');
  assertUriList(uris, 'redirect URI', 'invalid_redirect_uri');
  const hosts = new Set(uris.map((uri) => new URL(uri).host));
  if (hosts.size > 1) {
    throw new AppError(
      'invalid_redirect_uri',
      'all redirect URIs must be on one host: citizens see it on the sign-in page; register one portal per host',
    );
  }
}

export function assertUriList(
  uris: readonly string[],
  label: string,
  code: 'invalid_redirect_uri' | 'invalid_client_metadata',
): void {
  if (uris.length > MAX_URIS) throw new AppError(code, `at most ${MAX_URIS} ${label}s`);
  for (const uri of uris) assertUri(uri, label, code);
}

export function assertUri(
  uri: string,
  label: string,
  code: 'invalid_redirect_uri' | 'invalid_client_metadata' = 'invalid_client_metadata',
): void {
  const problem = uriProblem(uri);
  if (problem) throw new AppError(code, `${label} ${JSON.stringify(uri)} ${problem}`);
}
