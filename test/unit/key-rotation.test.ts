// The rotation states decide the order oidc-provider sees (it signs with the first key of an
// algorithm) and when an old key may go.
import { describe, expect, it } from 'vitest';
import {
  addNextKeys,
  promoteNextKeys,
  providerJwks,
  retireOldKeys,
  RotationError,
} from '../../src/oidc/key-rotation.ts';
import { generateJwks, generateSigningKey } from '../../src/oidc/keys.ts';

const generate = (alg: string) => generateSigningKey(alg as 'ES256' | 'RS256');
const kids = (document: { keys: { kid?: string }[] }) => document.keys.map((key) => key.kid);

describe('signing-key rotation', () => {
  it('publishes the next keys last, signs with them first once promoted, and strips the state', async () => {
    const start = await generateJwks();
    const [oldEs, oldRs] = kids(start);
    const added = await addNextKeys(start, generate, new Date('2026-03-01T00:00:00Z'));
    const [newEs, newRs] = kids(added).slice(2);
    expect(kids(providerJwks(added))).toEqual([oldEs, oldRs, newEs, newRs]);
    await expect(addNextKeys(added, generate)).rejects.toBeInstanceOf(RotationError);

    const promoted = promoteNextKeys(added, new Date('2026-03-02T00:00:00Z'));
    const forProvider = providerJwks(promoted);
    expect(kids(forProvider)).toEqual([newEs, newRs, oldEs, oldRs]);
    expect(forProvider.keys.every((key) => !('chiakhoa' in key))).toBe(true);
    expect(() => promoteNextKeys(promoted)).toThrow(RotationError);
  });

  it('retires an old key only after the window since it stopped signing, unless forced', async () => {
    const promoted = promoteNextKeys(
      await addNextKeys(await generateJwks(), generate),
      new Date('2026-03-02T00:00:00Z'),
    );
    const early = retireOldKeys(promoted, 8 * 3600, new Date('2026-03-02T07:59:00Z'));
    expect(early.removed).toEqual([]);
    expect(early.waiting.map((key) => key.after)).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z']);
    const due = retireOldKeys(promoted, 8 * 3600, new Date('2026-03-02T08:00:00Z'));
    expect(due.removed).toHaveLength(2);
    expect(due.document.keys).toHaveLength(2);
    expect(retireOldKeys(promoted, 8 * 3600, new Date('2026-03-02T01:00:00Z'), true).removed).toHaveLength(2);
  });
});
