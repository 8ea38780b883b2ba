// Starts the whole service on a free loopback port, against the real Postgres and Redis
// ('real') or the embedded PGlite and in-process store ('embedded'). Keys are generated per run.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { generateJwks } from '../../src/oidc/keys.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './env.ts';

export interface RunningApp extends App {
  readonly baseUrl: string;
  readonly issuer: string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Redis keys of this test file's apps (rate-limit and failure counters included) stay apart
 * from other files and runs sharing the test Redis, while apps of one file (restarts) share them.
 */
const RUN_KEY_PREFIX = `chiakhoa-test-${randomBytes(6).toString('hex')}:`;

export async function startTestApp(
  options: {
    backend?: 'real' | 'embedded';
    env?: Record<string, string>;
    /** 'localhost' where a browser must treat the pages as a domain (WebAuthn refuses IP addresses). */
    hostname?: '127.0.0.1' | 'localhost';
    /** A fixed port restarts "the same" service (a rolling restart within a test). */
    port?: number;
  } = {},
): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const embedded = options.backend === 'embedded';
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ISSUER: `${baseUrl}/oidc`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KEYS_JWKS: JSON.stringify(await generateJwks()),
    COOKIE_KEYS: randomBytes(32).toString('base64url'),
    PAIRWISE_SALT: randomBytes(32).toString('base64url'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    ...(embedded ? { DATA_DIR: ':memory:' } : { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL }),
    REDIS_KEY_PREFIX: RUN_KEY_PREFIX,
    // One address drives every test's traffic: request rate limits sized for it (test/attacks set their own).
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
    RATE_LIMIT_ADMIN_PER_MINUTE: '100000',
    ...options.env,
  });
  const app = await buildApp(config);
  await app.server.listen({ host: '127.0.0.1', port });
  return { ...app, baseUrl, issuer: config.issuer, close: () => app.server.close() };
}
