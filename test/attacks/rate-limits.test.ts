// Floods of requests: past the per-address limit of a minute, the login form, second-factor
// answers, the token endpoints and the admin API answer 429 too_many_requests with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless, openLoginPage, submitLogin } from './helpers/browserless.ts';

describe('request floods', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_TOKEN_PER_MINUTE: '3',
      RATE_LIMIT_ADMIN_PER_MINUTE: '3',
    });
  });
  afterAll(() => target?.app.close());

  const statuses = (answers: { status: number }[]) => answers.map((answer) => answer.status);

  it('answers the 4th login within a minute with 429 too_many_requests and Retry-After', async () => {
    const browser = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(browser, target.app.issuer, target.portal);
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(await submitLogin(browser, page, target.victim.personalId, 'Wrong@pass1'));
    expect(statuses(answers)).toEqual([200, 200, 200, 429]);
    expect(answers[3]!.body).toContain('<code>too_many_requests</code>');
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers the 4th second-factor answer within a minute with 429, before anything else looks at it', async () => {
    const post = () =>
      fetch(`${target.app.baseUrl}/interaction/no-such-interaction/second-factor/totp`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'code=123456',
      });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await post());
    expect(statuses(answers).slice(0, 3)).not.toContain(429);
    expect(answers[3]!.status).toBe(429);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers the 4th token request with 429 as JSON', async () => {
    const post = () =>
      fetch(`${target.app.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=nope&client_secret=guess',
      });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await post());
    expect(statuses(answers)).toEqual([401, 401, 401, 429]);
    expect(await answers[3]!.json()).toMatchObject({ error: 'too_many_requests' });
    expect(answers[3]!.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers the 4th admin request with 429', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await fetch(`${target.app.baseUrl}/admin/audit`));
    expect(statuses(answers)).toEqual([401, 401, 401, 429]);
  });
});
