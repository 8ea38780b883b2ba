// Client secrets: a verified secret is remembered (no argon2 on every token request), a wrong
// one never is, and a new hash (a rotated secret) is verified afresh.
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
});
