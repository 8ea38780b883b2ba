// Password guessing against one number: growing waits after repeated failures, checked before
// any password hash is computed; a right password does not get through a wait; waits are
// capped and expire (no lock an attacker can make permanent); a sign-in resets the count; the
// rows audited carry the masked number, never the number or the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPoolStats } from '../../src/modules/secrets/hash-pool.ts';
import { MESSAGES } from '../../src/views/i18n.ts';
import { auditRowsOf, cookiesSet, startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless, openLoginPage, submitLogin } from './helpers/browserless.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failed = MESSAGES.vi.loginFailed;
const paused = MESSAGES.vi.loginThrottled.split('{wait}')[0]!;

describe('password guessing on one number', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({
      LOGIN_FAILURES_BEFORE_WAIT: '3',
      LOGIN_WAIT_BASE_SECONDS: '1',
      LOGIN_WAIT_MAX_SECONDS: '2',
      LOGIN_IP_FAILURES_BEFORE_WAIT: '1000',
    });
  });
  afterAll(() => target?.app.close());

  const guess = async (browser: Browserless, password: string) => {
    const page = await openLoginPage(browser, target.app.issuer, target.portal);
    return submitLogin(browser, page, target.victim.personalId, password);
  };

  it('makes the number wait after 3 failures, refuses even the right password without hashing, then lets it in', async () => {
    const attacker = new Browserless(target.app.baseUrl);
    for (let i = 0; i < 3; i += 1) {
      const answer = await guess(attacker, `Wrong@pass${i}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(failed);
    }
    const fourth = await guess(attacker, 'Wrong@pass4');
    expect(fourth.status).toBe(200);
    expect(fourth.body).toContain(paused);

    const victim = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(victim, target.app.issuer, target.portal);
    const hashesBefore = hashPoolStats().completed;
    const refused = await submitLogin(victim, page, target.victim.personalId, target.victim.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toContain(paused);
    expect(hashPoolStats().completed).toBe(hashesBefore);
    expect(cookiesSet(refused.headers)).not.toContain('_session');

    await sleep(1100);
    const admitted = await submitLogin(victim, page, target.victim.personalId, target.victim.password);
    expect(admitted.status).toBe(303);
    // The sign-in reset the count: the next failure is an ordinary one.
    expect((await guess(attacker, 'Wrong@again1')).body).toContain(failed);
  });

  it('never locks the victim out for good: hammering does not grow the wait past its cap', async () => {
    const attacker = new Browserless(target.app.baseUrl);
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const answer = await guess(attacker, `Wrong@spray${i}`);
      if (answer.status === 429) waits.push(Number(answer.headers.get('retry-after')));
    }
    expect(waits.length).toBeGreaterThan(0);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(2);

    await sleep(2100);
    const victim = new Browserless(target.app.baseUrl);
    expect((await guess(victim, target.victim.password)).status).toBe(303);
  });

  it('audits failures with the masked number only, never the number or the password', async () => {
    const rows = await auditRowsOf(target, 'sign_in.failed');
    expect(rows.length).toBeGreaterThan(3);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(target.victim.personalId);
    expect(text).not.toMatch(/Wrong@/);
    expect(rows[0]!.details).toMatchObject({ personal_id: `********${target.victim.personalId.slice(-4)}` });
    const signIns = await auditRowsOf(target, 'sign_in.succeeded');
    expect(signIns[0]).toMatchObject({ actorType: 'citizen', actorId: target.victim.id, ip: '127.0.0.1' });
  });
});
