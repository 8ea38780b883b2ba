// The wait schedule and the in-process counters behind it (src/modules/security/*).
import { describe, expect, it } from 'vitest';
import { createMemoryFailureCounters } from '../../src/modules/security/failure-counters.ts';
import { createLoginThrottle, waitAfter } from '../../src/modules/security/login-throttle.ts';

const policy = { free: 5, baseSeconds: 2, capSeconds: 900, windowSeconds: 3600 };

describe('waitAfter', () => {
  it('lets the free failures through, then doubles from the base up to the cap', () => {
    expect([1, 5, 6, 7, 8, 14, 15, 16, 1000].map((count) => waitAfter(count, policy))).toEqual([
      0, 0, 2, 4, 8, 512, 900, 900, 900,
    ]);
  });
});

describe('the login throttle on in-process counters', () => {
  it('waits per number and per address, resets the number on success, forgets after the window', async () => {
    let now = 0;
    const counters = createMemoryFailureCounters(() => now);
    const throttle = createLoginThrottle(counters, {
      account: { ...policy, free: 2 },
      ip: { ...policy, free: 3, windowSeconds: 60 },
    });
    const keys = { account: 'digest-a', ip: '198.51.100.1' };
    expect(await throttle.recordFailure(keys)).toBe(0);
    expect(await throttle.recordFailure(keys)).toBe(0);
    expect(await throttle.recordFailure(keys)).toBe(2);
    expect(await throttle.secondsToWait(keys)).toBe(2);
    // Another number from the same address: the address's own count (3 failures) allows it.
    expect(await throttle.secondsToWait({ account: 'digest-b', ip: keys.ip })).toBe(0);
    expect(await throttle.recordFailure({ account: 'digest-b', ip: keys.ip })).toBe(2);
    now += 2000;
    expect(await throttle.secondsToWait(keys)).toBe(0);
    await throttle.recordSuccess(keys);
    now += 61_000; // the address's count is forgotten after its window
    expect(await throttle.recordFailure(keys)).toBe(0);
    expect(await throttle.secondsToWait({ account: undefined, ip: keys.ip })).toBe(0);
  });
});
