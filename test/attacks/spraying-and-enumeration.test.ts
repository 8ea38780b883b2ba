// One password tried across many numbers from one address (spraying) meets the per-address
// wait, which a forged X-Forwarded-For does not escape unless the proxy is trusted; numbers
// that exist and numbers that do not answer alike, in words and in time; with Redis down a
// login fails closed (503) without computing a hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPoolStats } from '../../src/modules/secrets/hash-pool.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { uniquePersonalId } from '../helpers/fixtures.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless, openLoginPage, submitLogin } from './helpers/browserless.ts';

const paused = MESSAGES.vi.loginThrottled.split('{wait}')[0]!;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function attempt(target: AttackTarget, browser: Browserless, personalId: string, password: string) {
  const page = await openLoginPage(browser, target.app.issuer, target.portal);
  return submitLogin(browser, page, personalId, password);
}

describe('password spraying from one address', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({ LOGIN_IP_FAILURES_BEFORE_WAIT: '5', LOGIN_WAIT_BASE_SECONDS: '60' });
  });
  afterAll(() => target?.app.close());

  it('makes the address wait after 5 failures across 5 numbers, whatever X-Forwarded-For claims', async () => {
    const sprayer = new Browserless(target.app.baseUrl);
    for (let i = 0; i < 6; i += 1) {
      sprayer.headers['x-forwarded-for'] = `203.0.113.${i + 1}`;
      expect((await attempt(target, sprayer, uniquePersonalId(), 'Spring@2026')).status).toBe(200);
    }
    sprayer.headers['x-forwarded-for'] = '198.51.100.77';
    const hashesBefore = hashPoolStats().completed;
    const refused = await attempt(target, sprayer, target.victim.personalId, target.victim.password);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain(paused);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(hashPoolStats().completed).toBe(hashesBefore);
  });
});

describe('enumeration of numbers', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({ LOGIN_FAILURES_BEFORE_WAIT: '2', LOGIN_IP_FAILURES_BEFORE_WAIT: '1000' });
  });
  afterAll(() => target?.app.close());

  const normalise = (body: string, personalId: string) =>
    body
      .replaceAll(personalId, 'NUMBER')
      .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
      .replace(/name="_csrf" value="[^"]+"/g, 'CSRF');

  it('answers an unknown number exactly as a known number with a wrong password, waits included', async () => {
    const unknown = uniquePersonalId('079190');
    const browser = new Browserless(target.app.baseUrl);
    const pages: Record<string, string[]> = { known: [], unknown: [] };
    for (let i = 0; i < 4; i += 1) {
      for (const [kind, number] of [
        ['known', target.victim.personalId],
        ['unknown', unknown],
      ] as const) {
        const answer = await attempt(target, browser, number, 'Wrong@pass1');
        pages[kind]!.push(`${answer.status} ${answer.headers.get('retry-after')} ${normalise(answer.body, number)}`);
      }
    }
    expect(pages.known).toEqual(pages.unknown);
    expect(pages.known!.at(-1)).toMatch(/^429 \d+ /);
  });

  it('takes as long for an unknown number as for a known one', async () => {
    const browser = new Browserless(target.app.baseUrl);
    const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    // Fresh numbers each time, so no wait interferes: 2 known citizens are enough per round.
    const { enrolCitizen } = await import('../helpers/fixtures.ts');
    for (let i = 0; i < 6; i += 1) {
      const known = (await enrolCitizen(target.app)).personalId;
      for (const [kind, number] of [
        ['known', known],
        ['unknown', uniquePersonalId('079190')],
      ] as const) {
        const page = await openLoginPage(browser, target.app.issuer, target.portal);
        const started = performance.now();
        expect((await submitLogin(browser, page, number, 'Wrong@pass1')).status).toBe(200);
        timings[kind].push(performance.now() - started);
      }
    }
    const [known, unknown] = [median(timings.known), median(timings.unknown)];
    // Both pay one argon2 verification; what remains is noise of a shared 2-core machine.
    expect(Math.abs(known - unknown)).toBeLessThan(Math.max(40, 0.5 * Math.max(known, unknown)));
  });
});

describe('a login while Redis is down', () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  let target: AttackTarget;
  beforeAll(async () => {
    const port = await proxy.open();
    target = await startAttackTarget({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await target?.app.close();
    await proxy.close();
  });

  it('fails closed with 503 and Retry-After, without computing a hash', async () => {
    const browser = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(browser, target.app.issuer, target.portal);
    await proxy.close();
    const hashesBefore = hashPoolStats().completed;
    const answer = await submitLogin(browser, page, target.victim.personalId, target.victim.password);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answer.headers.get('location')).toBeNull();
    expect(hashPoolStats().completed).toBe(hashesBefore);
  });
});
