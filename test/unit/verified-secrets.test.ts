// Client secrets: a verified secret is remembered (no argon2 on every token request), a wrong
// one never is, a new hash (a rotated secret) is verified afresh, and a burst of identical
// verifications shares one argon2 run.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/modules/secrets/secret-hash.ts', () => ({
  verifySecret: vi.fn(async (hash: string, secret: string) => hash === `hash-of-${secret}`),
}));

const { verifySecret } = await import('../../src/modules/secrets/secret-hash.ts');
const { verifyClientSecret } = await import('../../src/modules/secrets/verified-secrets.ts');

describe('verifyClientSecret', () => {
  it('runs argon2 once for a secret it has verified', async () => {
    vi.mocked(verifySecret).mockClear();
    expect(await verifyClientSecret('hash-of-right', 'right')).toBe(true);
    expect(await verifyClientSecret('hash-of-right', 'right')).toBe(true);
    expect(verifySecret).toHaveBeenCalledTimes(1);
  });

  it('never remembers a wrong secret', async () => {
    vi.mocked(verifySecret).mockClear();
    expect(await verifyClientSecret('hash-of-right', 'wrong')).toBe(false);
    expect(await verifyClientSecret('hash-of-right', 'wrong')).toBe(false);
    expect(verifySecret).toHaveBeenCalledTimes(2);
  });

  it('verifies again against a new hash', async () => {
    vi.mocked(verifySecret).mockClear();
    expect(await verifyClientSecret('hash-of-right', 'right')).toBe(true);
    expect(await verifyClientSecret('hash-of-rotated', 'right')).toBe(false);
    expect(verifySecret).toHaveBeenCalledTimes(1);
  });

  it('shares one argon2 run among identical verifications that arrive together', async () => {
    vi.mocked(verifySecret).mockClear();
    const burst = await Promise.all(Array.from({ length: 100 }, () => verifyClientSecret('hash-of-burst', 'burst')));
    expect(burst.every(Boolean)).toBe(true);
    expect(verifySecret).toHaveBeenCalledTimes(1);

    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => verifyClientSecret('hash-of-burst', `guess-${i % 2}`)),
    );
    expect(guesses.some(Boolean)).toBe(false);
    // Two distinct guesses, two runs: only identical attempts are shared.
    expect(verifySecret).toHaveBeenCalledTimes(3);
  });
});
