import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const productionEnv = {
  NODE_ENV: 'production',
  ISSUER: 'https://id.example.gov.vn/oidc',
  COOKIE_KEYS: 'a'.repeat(32),
  PAIRWISE_SALT: 'b'.repeat(32),
  KEYS_JWKS: '{"keys":[]}',
  DATABASE_URL: 'postgres://db/chiakhoa',
  REDIS_URL: 'redis://cache:6379',
  FACTOR_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64url'),
};

describe('loadConfig', () => {
  it('has embedded defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      issuer: 'http://localhost:3000/oidc',
      issuerPath: '/oidc',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('drains for 1 s, then gives in-flight requests 10 s, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ shutdownDrainMs: 1000, shutdownTimeoutMs: 10_000 });
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '30000' })).toMatchObject({
      shutdownDrainMs: 0,
      shutdownTimeoutMs: 30_000,
    });
  });

  it('accepts a complete production configuration', () => {
    expect(loadConfig(productionEnv).issuer).toBe('https://id.example.gov.vn/oidc');
  });

  it.each([
    ['ISSUER', 'http://id.example.gov.vn/oidc', /ISSUER must use https/],
    ['COOKIE_KEYS', '', /COOKIE_KEYS/],
    ['COOKIE_KEYS', 'short', /COOKIE_KEYS/],
    ['PAIRWISE_SALT', '', /PAIRWISE_SALT/],
    ['KEYS_JWKS', '', /KEYS_JWKS or KEYS_FILE/],
    ['DATABASE_URL', '', /DATABASE_URL is required/],
    ['REDIS_URL', '', /REDIS_URL is required/],
    ['FACTOR_ENCRYPTION_KEY', '', /FACTOR_ENCRYPTION_KEY is required/],
    ['OTP_NOTIFIER', 'outbox', /OTP_NOTIFIER=outbox is for development/],
  ])('refuses to start in production when %s is %j', (name, value, message) => {
    expect(() => loadConfig({ ...productionEnv, [name]: value })).toThrow(message);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ ISSUER: 'not a url' }, /absolute URL/],
    [{ ISSUER: 'http://localhost:3000' }, /must have a path/],
    [{ SESSION_MAX_AGE_SECONDS: '10' }, /SESSION_MAX_AGE_SECONDS/],
    [{ FACTOR_ENCRYPTION_KEY: 'too-short' }, /FACTOR_ENCRYPTION_KEY must be 32 bytes/],
    [{ OTP_NOTIFIER: 'sms-gateway' }, /OTP_NOTIFIER must be outbox or none/],
    [{ SHUTDOWN_DRAIN_MS: '-1' }, /SHUTDOWN_DRAIN_MS must be an integer between 0 and 300000/],
    [{ SHUTDOWN_DRAIN_MS: '1.5' }, /SHUTDOWN_DRAIN_MS/],
    [{ SHUTDOWN_TIMEOUT_MS: '0' }, /SHUTDOWN_TIMEOUT_MS must be an integer between 1000 and 300000/],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
