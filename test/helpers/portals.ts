// Small helpers for portal onboarding tests: key pairs as portals publish them, and a check
// that a client secret authenticates (token introspection accepts the client).
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { RunningApp } from './test-app.ts';

export async function publicJwk(alg: 'ES256' | 'RS256' = 'ES256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { jwk, privateJwk, privateKey, kid };
}

/** True when chiakhoa accepts the client's secret (an introspection call authenticates it). */
export async function secretWorks(app: RunningApp, clientId: string, secret: string): Promise<boolean> {
  const response = await fetch(`${app.issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token: 'not-a-token' }).toString(),
  });
  if (response.status === 200) return true;
  if (response.status === 401) return false;
  throw new Error(`introspection answered ${response.status}: ${await response.text()}`);
}
