// Nothing an attacker could use reaches the logs: the service runs as `npm start` runs it,
// at debug level, through failed and successful sign-ins, token exchanges, a refresh, tokens
// put in query strings; then every line it wrote is searched for the personal number, the
// password, the client secret, codes, tokens and any 12-digit run or JWT.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJwks } from '../../src/oidc/keys.ts';
import { loggerOptions } from '../../src/logger.ts';
import { obtainCode } from '../helpers/code-flow.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/env.ts';
import { enrolCitizen, registerPortal } from '../helpers/fixtures.ts';
import { freePort, startTestApp, type RunningApp } from '../helpers/test-app.ts';
import { tokenClient } from '../helpers/token-client.ts';
import { REDIRECT_URI } from './helpers/attack-app.ts';
import { Browserless, openLoginPage, submitLogin } from './helpers/browserless.ts';

describe('logs of a server under use and attack', () => {
  let registry: RunningApp;
  let output = '';
  let secrets: string[] = [];
  let drive: () => Promise<void>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    registry = await startTestApp();
    const { personalId, password } = await enrolCitizen(registry);
    const { client, clientSecret } = await registerPortal(registry, { redirectUris: [REDIRECT_URI] });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const issuer = `${baseUrl}/oidc`;
    const child = spawn(process.execPath, ['src/server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        PORT: String(port),
        ISSUER: issuer,
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `chiakhoa-logs-${randomBytes(6).toString('hex')}:`,
        KEYS_JWKS: JSON.stringify(await generateJwks()),
        COOKIE_KEYS: randomBytes(32).toString('base64url'),
        PAIRWISE_SALT: randomBytes(32).toString('base64url'),
        FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    for (let i = 0; i < 300 && !output.includes('Server listening'); i += 1)
      await new Promise((r) => setTimeout(r, 100));
    secrets = [personalId, password, clientSecret!];

    drive = async () => {
      const portal = { clientId: client.clientId, redirectUri: REDIRECT_URI };
      const attacker = new Browserless(baseUrl);
      const page = await openLoginPage(attacker, issuer, portal);
      await submitLogin(attacker, page, personalId, 'Wrong@pass1');
      await submitLogin(attacker, page, '079190000123', password);
      const tokens = tokenClient(issuer, client.clientId, clientSecret!);
      const flow = await obtainCode({
        baseUrl,
        issuer,
        ...portal,
        personalId,
        password,
        params: { scope: 'openid offline_access', prompt: 'consent' },
      });
      secrets.push(flow.code);
      const issued = await tokens.redeem(flow);
      const {
        access_token: accessToken,
        refresh_token: refreshToken,
        id_token: idToken,
      } = issued.body as Record<string, string>;
      secrets.push(accessToken!, refreshToken!, idToken!);
      await tokens.refresh(refreshToken!);
      await tokens.refresh(refreshToken!); // a replay, logged as such
      await fetch(`${issuer}/me?access_token=${accessToken}`);
      await fetch(`${baseUrl}/interaction/x/login?personal_id=${personalId}&password=${password}`);
      await tokens.redeem(flow); // a replayed code
    };
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await registry?.close();
  });

  it('never writes a personal number, password, secret, code or token', async () => {
    await drive();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output).toContain('citizen signed in');
    for (const secret of secrets) expect(output.includes(secret), `leaked ${secret.slice(0, 6)}…`).toBe(false);
    expect(output).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
    expect(output).not.toMatch(/eyJ[\w-]{8,}\./);
  });
});

describe('the logger options', () => {
  it('redact known fields and scrub numbers and JWTs anywhere in a line', () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString();
        callback();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4eHh4eHgifQ.c2lnbmF0dXJlc2ln';
    log.info({ personal_id: '001085012345', nested: { access_token: 'AT-secret', code: 'CODE-secret' } }, 'one');
    log.error({ err: { message: 'duplicate key', detail: 'Key (personal_id)=(079190000123) already exists.' } }, 'two');
    log.info(`three ${jwt} 048205000456`);
    expect(written).toContain('three');
    for (const leak of ['001085012345', '079190000123', '048205000456', 'AT-secret', 'CODE-secret', jwt]) {
      expect(written).not.toContain(leak);
    }
  });
});
