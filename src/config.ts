// Reads the environment once, validates it, and returns a frozen typed Config.
// Unsafe settings refuse to start in production (see assertProductionSafe).
import { availableParallelism } from 'node:os';

export type Environment = 'production' | 'development' | 'test';

export interface Config {
  readonly env: Environment;
  readonly host: string;
  readonly port: number;
  /** The OIDC issuer, e.g. https://id.example.gov.vn/oidc; the provider is mounted at its path. */
  readonly issuer: string;
  readonly issuerPath: string;
  /** Unset: embedded PGlite under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Unset: in-process store (single process only). */
  readonly redisUrl: string | undefined;
  /** host:port seeds of a Redis Cluster; takes precedence over redisUrl. */
  readonly redisClusterNodes: readonly string[] | undefined;
  readonly keysFile: string;
  /** A private JWKS as JSON, preferred over keysFile when set. */
  readonly keysJwks: string | undefined;
  /** Secrets file for development only (cookie keys, pairwise salt), generated when missing. */
  readonly devSecretsFile: string;
  readonly cookieKeys: readonly string[] | undefined;
  readonly pairwiseSalt: string | undefined;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  /** Absolute session lifetime: use does not extend it. */
  readonly sessionMaxAgeSeconds: number;
  /** How recent a sign-in the account page wants before a change to second factors. */
  readonly accountRecentSignInSeconds: number;
  /** How long a process may serve a portal's row from memory (changes are announced at once). */
  readonly clientCacheSeconds: number;
  /** The same for the grant and the citizen behind a token (cached-grants.ts, cached-citizens.ts). */
  readonly accountCacheSeconds: number;
  readonly limits: ServerLimits;
  /** Growing waits after failed sign-ins, request rate limits (README "Security"). */
  readonly abuse: AbuseLimits;
  /** Prefix of every Redis key, so deployments (or test runs) can share one Redis. */
  readonly redisKeyPrefix: string;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** Origins oidc-provider may call on special-use addresses despite its SSRF guard. */
  readonly outboundAllowedOrigins: readonly string[];
  /** 32 bytes (base64url) that encrypt TOTP secrets at rest; development generates one. */
  readonly factorEncryptionKey: string | undefined;
  /** Where one-time codes go: the development outbox, or nowhere (codes by SMS/email are off). */
  readonly otpNotifier: 'outbox' | 'none';
  /** After SIGTERM: readiness fails and connections are told to close, requests still served; 0: none. */
  readonly shutdownDrainMs: number;
  /** Then the close: in-flight requests get this long to finish before the process exits 1. */
  readonly shutdownTimeoutMs: number;
}

export interface AbuseLimits {
  readonly accountFailuresBeforeWait: number;
  readonly ipFailuresBeforeWait: number;
  readonly waitBaseSeconds: number;
  readonly waitMaxSeconds: number;
  /** Requests per minute per client IP. */
  readonly loginPerMinute: number;
  readonly tokenPerMinute: number;
  readonly adminPerMinute: number;
}

/** What one process accepts before it refuses or sheds (README "Configuration"). */
export interface ServerLimits {
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly bodyLimitBytes: number;
  /** Requests handled at once; beyond it, 503 + Retry-After at once. */
  readonly maxInFlight: number;
  readonly passwordHashThreads: number;
  readonly passwordHashQueue: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function readEnvironment(env: Env): Environment {
  const raw = env.NODE_ENV ?? 'development';
  if (raw === 'production' || raw === 'development' || raw === 'test') return raw;
  throw new ConfigError(`NODE_ENV must be production, development or test, got "${raw}"`);
}

function readIssuer(env: Env, port: number): URL {
  const raw = env.ISSUER ?? `http://localhost:${port}/oidc`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`ISSUER must be an absolute URL, got "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError('ISSUER must not have a query or fragment');
  if (url.pathname === '/' || url.pathname === '') {
    throw new ConfigError('ISSUER must have a path (e.g. /oidc) so protocol routes stay apart from pages');
  }
  return url;
}

function readList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function readOrigins(env: Env, name: string): readonly string[] {
  return (readList(env[name]) ?? []).map((raw) => {
    const url = URL.parse(raw);
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== raw.replace(/\/$/, '')) {
      throw new ConfigError(`${name} must list origins (scheme://host[:port]), got "${raw}"`);
    }
    return url.origin;
  });
}

function assertProductionSafe(config: Config): void {
  const problems: string[] = [];
  if (!config.issuer.startsWith('https://')) problems.push('ISSUER must use https');
  if (!config.cookieKeys || config.cookieKeys.some((key) => key.length < 32)) {
    problems.push('COOKIE_KEYS must list one or more keys of at least 32 characters');
  }
  if (!config.pairwiseSalt || config.pairwiseSalt.length < 32) {
    problems.push('PAIRWISE_SALT must be at least 32 characters');
  }
  if (!config.keysJwks && !process.env.KEYS_FILE) {
    problems.push('KEYS_JWKS or KEYS_FILE must name the signing keys (no generated keys in production)');
  }
  if (!config.databaseUrl) problems.push('DATABASE_URL is required (no embedded database in production)');
  if (!config.redisUrl && !config.redisClusterNodes)
    problems.push('REDIS_URL is required (no in-process store in production)');
  if (!config.factorEncryptionKey) problems.push('FACTOR_ENCRYPTION_KEY is required (32 bytes, base64url)');
  if (config.otpNotifier === 'outbox') problems.push('OTP_NOTIFIER=outbox is for development (no real SMS or email)');
  if (problems.length > 0) {
    throw new ConfigError(`refusing to start in production:\n- ${problems.join('\n- ')}`);
  }
}

function readAbuseLimits(env: Env): AbuseLimits {
  return {
    accountFailuresBeforeWait: readInt(env, 'LOGIN_FAILURES_BEFORE_WAIT', 5, 1, 100),
    // Higher: many citizens share one address behind carrier-grade NAT.
    ipFailuresBeforeWait: readInt(env, 'LOGIN_IP_FAILURES_BEFORE_WAIT', 50, 1, 100_000),
    waitBaseSeconds: readInt(env, 'LOGIN_WAIT_BASE_SECONDS', 2, 1, 3600),
    waitMaxSeconds: readInt(env, 'LOGIN_WAIT_MAX_SECONDS', 900, 1, 86_400),
    loginPerMinute: readInt(env, 'RATE_LIMIT_LOGIN_PER_MINUTE', 120, 1, 1_000_000_000),
    tokenPerMinute: readInt(env, 'RATE_LIMIT_TOKEN_PER_MINUTE', 3000, 1, 1_000_000_000),
    adminPerMinute: readInt(env, 'RATE_LIMIT_ADMIN_PER_MINUTE', 600, 1, 1_000_000_000),
  };
}

function readLimits(env: Env): ServerLimits {
  const threads = readInt(env, 'PASSWORD_HASH_THREADS', availableParallelism(), 1, 64);
  return {
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 15_000, 1000, 300_000),
    headersTimeoutMs: readInt(env, 'HEADERS_TIMEOUT_MS', 10_000, 500, 60_000),
    // Longer than a load balancer's idle timeout (60 s on most), so it closes first.
    keepAliveTimeoutMs: readInt(env, 'KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 600_000),
    maxHeaderBytes: readInt(env, 'MAX_HEADER_BYTES', 16_384, 4096, 65_536),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 65_536, 1024, 1_048_576),
    maxInFlight: readInt(env, 'MAX_IN_FLIGHT', 256, 1, 100_000),
    passwordHashThreads: threads,
    passwordHashQueue: readInt(env, 'PASSWORD_HASH_QUEUE', threads * 32, 1, 100_000),
  };
}

function readFactorKey(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (Buffer.from(raw, 'base64url').length !== 32) {
    throw new ConfigError('FACTOR_ENCRYPTION_KEY must be 32 bytes, base64url-encoded');
  }
  return raw;
}

function readOtpNotifier(env: Env, environment: Environment): 'outbox' | 'none' {
  const raw = env.OTP_NOTIFIER ?? (environment === 'production' ? 'none' : 'outbox');
  if (raw === 'outbox' || raw === 'none') return raw;
  throw new ConfigError(`OTP_NOTIFIER must be outbox or none, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const environment = readEnvironment(env);
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const issuer = readIssuer(env, port);
  const config: Config = {
    env: environment,
    host: env.HOST ?? '127.0.0.1',
    port,
    issuer: issuer.href.replace(/\/$/, ''),
    issuerPath: issuer.pathname.replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? '.data',
    redisUrl: env.REDIS_URL || undefined,
    redisClusterNodes: readList(env.REDIS_CLUSTER_NODES),
    keysFile: env.KEYS_FILE ?? 'keys/jwks.json',
    keysJwks: env.KEYS_JWKS || undefined,
    devSecretsFile: env.DEV_SECRETS_FILE ?? 'keys/dev-secrets.json',
    cookieKeys: readList(env.COOKIE_KEYS),
    pairwiseSalt: env.PAIRWISE_SALT || undefined,
    trustProxy: env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionMaxAgeSeconds: readInt(env, 'SESSION_MAX_AGE_SECONDS', 8 * 3600, 300, 7 * 86400),
    accountRecentSignInSeconds: readInt(env, 'ACCOUNT_RECENT_SIGN_IN_SECONDS', 300, 1, 900),
    clientCacheSeconds: readInt(env, 'CLIENT_CACHE_SECONDS', 10, 0, 300),
    accountCacheSeconds: readInt(env, 'ACCOUNT_CACHE_SECONDS', 10, 0, 300),
    limits: Object.freeze(readLimits(env)),
    metricsToken: env.METRICS_TOKEN || undefined,
    outboundAllowedOrigins: readOrigins(env, 'OUTBOUND_ALLOWED_ORIGINS'),
    abuse: Object.freeze(readAbuseLimits(env)),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'chiakhoa:',
    factorEncryptionKey: readFactorKey(env.FACTOR_ENCRYPTION_KEY),
    otpNotifier: readOtpNotifier(env, environment),
    // 1 s: keep-alive clients sending in that second are told to close and retire their
    // connection, at the cost of a second per Ctrl-C or restart; behind a balancer make it
    // longer than the time its readiness probe takes to notice (README "Scaling and topology").
    shutdownDrainMs: readInt(env, 'SHUTDOWN_DRAIN_MS', 1000, 0, 300_000),
    // Counted from the drain's end, so a longer drain never shortens the time in-flight requests
    // get; the orchestrator's grace period must cover both (README "Scaling and topology").
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1000, 300_000),
  };
  if (environment === 'production') assertProductionSafe(config);
  return Object.freeze(config);
}
