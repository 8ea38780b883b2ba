// argon2id on the hashing pool: compatible with hashes the `argon2` npm package wrote, never
// a throw for a malformed hash, and a full queue sheds with OverloadedError instead of waiting.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { OverloadedError } from '../../src/errors.ts';
import { parsePhc } from '../../src/modules/secrets/argon2-phc.ts';
import { configureHashPool, defaultHashPoolOptions } from '../../src/modules/secrets/hash-pool.ts';
import { hashSecret, verifyAgainstDummy, verifySecret } from '../../src/modules/secrets/secret-hash.ts';

// Written by argon2@0.45 (`argon2.hash('x', { type: argon2id, memoryCost: 19456, timeCost: 2 })`).
const LEGACY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$Evo/g5vYqWYB0/tWnUmJVg$mkkjnCJOcvsXaI21Sp8tCHDoOxhIHr/ks3l9JSYYD8A';

/** This process's threads by name, with their nice values (Linux: the nice value is per thread). */
function threadNiceValues(): { name: string; nice: number }[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) ": nice is the 19th field of stat.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) };
  });
}

describe('secret hashing', () => {
  afterAll(() => configureHashPool(defaultHashPoolOptions()));

  it('verifies a hash the argon2 npm package wrote', async () => {
    expect(await verifySecret(LEGACY_HASH, 'x')).toBe(true);
    expect(await verifySecret(LEGACY_HASH, 'y')).toBe(false);
  });

  it('hashes with the OWASP parameters and a fresh salt, and verifies its own hashes', async () => {
    const [first, second] = await Promise.all([hashSecret('Mật@khẩu2026'), hashSecret('Mật@khẩu2026')]);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(parsePhc(first)).toMatchObject({ algorithm: 'argon2id', memory: 19456, passes: 2, parallelism: 1 });
    expect(await verifySecret(first, 'Mật@khẩu2026')).toBe(true);
    expect(await verifySecret(first, 'Mat@khau2026')).toBe(false);
  });

  it.each(['', 'plaintext', '$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', '$bcrypt$x'])(
    'treats a malformed hash %j as a failed verification',
    async (hash) => {
      expect(await verifySecret(hash, 'x')).toBe(false);
    },
  );

  // The isolation the bench measures rests on this: hashing yields the cores to the event loop.
  it.runIf(process.platform === 'linux')('hashes on threads of lower priority than the event loop', async () => {
    await configureHashPool({ threads: 2, queueLimit: 8 });
    await Promise.all([verifySecret(LEGACY_HASH, 'x'), verifySecret(LEGACY_HASH, 'x')]);
    const threads = threadNiceValues();
    expect(threads.filter((thread) => thread.name === 'WorkerThread' && thread.nice === 10).length).toBe(2);
    expect(threads.find((thread) => thread.name === 'MainThread')?.nice).toBe(0);
  });

  it('spends a verification on an unknown account and answers false', async () => {
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });

  it('sheds with OverloadedError when the queue is full, and serves again once it drains', async () => {
    await configureHashPool({ threads: 1, queueLimit: 2 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => verifySecret(LEGACY_HASH, 'x')));
    const shed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(shed.length).toBeGreaterThanOrEqual(4);
    for (const result of shed) expect(result.reason).toBeInstanceOf(OverloadedError);
    expect(results.filter((result) => result.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
    expect(await verifySecret(LEGACY_HASH, 'x')).toBe(true);
  });
});
