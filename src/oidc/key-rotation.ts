// Signing-key rotation in oidc-provider's documented order (docs: configuration "jwks"):
// 1. add: the new key is published at the end of the JWKS, verifying but not signing; reload;
// 2. promote: it moves to the front and signs, the old one stays published; reload;
// 3. retire: the old key goes once nothing it signed can still be presented; reload.
// oidc-provider signs with the first key of an algorithm and publishes every key, so the state
// of each key (kept in a `chiakhoa` member the provider never sees) decides the order.
import type { JWK } from 'jose';
import type { PrivateJwks } from './keys.ts';

export type KeyState = 'next' | 'current' | 'retiring';
export type RotatingKey = JWK & { chiakhoa?: { state: KeyState; since: string } };
export interface KeysDocument {
  keys: RotatingKey[];
}

const ORDER: KeyState[] = ['current', 'retiring', 'next'];
export const stateOf = (key: RotatingKey): KeyState => key.chiakhoa?.state ?? 'current';
const mark = (key: RotatingKey, state: KeyState, now: Date): RotatingKey => ({
  ...key,
  chiakhoa: { state, since: now.toISOString() },
});
const sorted = (keys: RotatingKey[]) => ORDER.flatMap((state) => keys.filter((key) => stateOf(key) === state));

/** What oidc-provider is given: signing keys first, then the rest, rotation state stripped. */
export function providerJwks(document: KeysDocument): PrivateJwks {
  return { keys: sorted(document.keys).map(({ chiakhoa: _state, ...key }) => key) };
}

export class RotationError extends Error {
  override name = 'RotationError';
}

/** Step 1: a new key for each signing algorithm, published but not signing yet. */
export async function addNextKeys(
  document: KeysDocument,
  generate: (alg: string) => Promise<JWK>,
  now = new Date(),
): Promise<KeysDocument> {
  if (document.keys.some((key) => stateOf(key) === 'next')) {
    throw new RotationError('a next key is already published: promote it first (npm run keys:promote)');
  }
  const algs = [...new Set(document.keys.filter((key) => stateOf(key) === 'current').map((key) => String(key.alg)))];
  const added = await Promise.all(algs.map(async (alg) => mark(await generate(alg), 'next', now)));
  return { keys: sorted([...document.keys, ...added]) };
}

/** Step 2: the next keys sign; the keys they replace keep verifying, as retiring. */
export function promoteNextKeys(document: KeysDocument, now = new Date()): KeysDocument {
  const next = document.keys.filter((key) => stateOf(key) === 'next');
  if (next.length === 0) throw new RotationError('no next key to promote: add one first (npm run keys:add)');
  const promotedAlgs = new Set(next.map((key) => key.alg));
  const keys = document.keys.map((key) => {
    if (stateOf(key) === 'next') return mark(key, 'current', now);
    if (stateOf(key) === 'current' && promotedAlgs.has(key.alg)) return mark(key, 'retiring', now);
    return key;
  });
  return { keys: sorted(keys) };
}

export interface RetireResult {
  document: KeysDocument;
  removed: string[];
  /** Retiring keys still needed, with the time they may go. */
  waiting: { kid: string; after: string }[];
}

/**
 * Step 3: removes retiring keys that stopped signing more than windowSeconds ago. The window
 * is the longest time a token they signed may still be presented (retireWindowSeconds).
 */
export function retireOldKeys(
  document: KeysDocument,
  windowSeconds: number,
  now = new Date(),
  force = false,
): RetireResult {
  const removed: string[] = [];
  const waiting: RetireResult['waiting'] = [];
  const keys = document.keys.filter((key) => {
    if (stateOf(key) !== 'retiring') return true;
    const after = new Date(Date.parse(key.chiakhoa?.since ?? '') + windowSeconds * 1000);
    if (force || after <= now) {
      removed.push(String(key.kid));
      return false;
    }
    waiting.push({ kid: String(key.kid), after: after.toISOString() });
    return true;
  });
  return { document: { keys }, removed, waiting };
}

/**
 * ID tokens are accepted as id_token_hint at logout after they expire (oidc-provider validates
 * the hint ignoring exp), for as long as the session lives: the window covers the longest
 * of the token lifetimes and the absolute session lifetime.
 */
export function retireWindowSeconds(tokenLifetimes: readonly number[], sessionMaxAgeSeconds: number): number {
  return Math.max(...tokenLifetimes, sessionMaxAgeSeconds);
}
