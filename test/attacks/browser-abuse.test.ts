// Attacks through the citizen's browser: forged cross-site forms (CSRF), a planted session
// cookie (fixation), framing, forced logout, malformed and oversized input. Each case: its
// status and error, and that nothing happened.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/views/i18n.ts';
import { auditRowsOf, cookiesSet, startAttackTarget, type AttackTarget } from './helpers/attack-app.ts';
import { Browserless, openLoginPage, submitLogin } from './helpers/browserless.ts';

describe('browser attacks', () => {
  let target: AttackTarget;
  beforeAll(async () => {
    target = await startAttackTarget({ RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
  });
  afterAll(() => target?.app.close());

  const signInsOfVictim = async () =>
    (await auditRowsOf(target, 'sign_in.succeeded')).filter((row) => row.actorId === target.victim.id).length;

  it.each([
    ['no token', undefined],
    ['a token of another browser', 'other'],
    ['a made-up token', 'made-up'],
  ])('refuses a login form with %s: 403 forbidden, no sign-in', async (_name, token) => {
    const victim = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(victim, target.app.issuer, target.portal);
    const fields: Record<string, string> = { personal_id: target.victim.personalId, password: target.victim.password };
    if (token === 'other')
      fields._csrf = (await openLoginPage(new Browserless(target.app.baseUrl), target.app.issuer, target.portal)).csrf;
    if (token === 'made-up') fields._csrf = 'abc-def';
    const before = await signInsOfVictim();
    const answer = await victim.form(`${page.path}/login`, fields, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('<code>forbidden</code>');
    expect(answer.headers.get('location')).toBeNull();
    expect(await signInsOfVictim()).toBe(before);
  });

  it('refuses a forged consent and a forged cancel: 403 forbidden', async () => {
    const victim = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(victim, target.app.issuer, target.portal);
    const login = await submitLogin(victim, page, target.victim.personalId, target.victim.password);
    const consent = await victim.follow(login.headers.get('location')!);
    const path = new URL(consent.url).pathname;
    expect((await victim.form(`${path}/confirm`, {})).status).toBe(403);
    expect((await victim.form(`${path}/abort`, {})).status).toBe(403);
    expect(await auditRowsOf(target, 'consent.given')).toHaveLength(0);
  });

  it('gives a planted session cookie nothing: the sign-in gets a new session', async () => {
    const victim = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(victim, target.app.issuer, target.portal);
    const planted = victim.jar.header();
    const login = await submitLogin(victim, page, target.victim.personalId, target.victim.password);
    expect(login.status).toBe(303);
    await victim.follow(login.headers.get('location')!);
    const session = (header: string) => /(?:^|; )_session=([^;]+)/.exec(header)?.[1];
    expect(session(victim.jar.header())).toEqual(expect.any(String));
    expect(session(victim.jar.header())).not.toBe(session(planted));
  });

  it.each([
    ['the login page', async (b: Browserless) => (await openLoginPage(b, target.app.issuer, target.portal)).path],
    ['a provider error page', async () => `${target.app.issuer}/auth?client_id=nope`],
    ['the logout page', async () => `${target.app.issuer}/session/end`],
    ['the discovery document', async () => `${target.app.issuer}/.well-known/openid-configuration`],
  ])('cannot be framed, sniffed or leak a Referer: %s', async (_name, url) => {
    const browser = new Browserless(target.app.baseUrl);
    const answer = await browser.answer(await url(browser), { headers: { accept: 'text/html' } });
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    // HSTS in production only (test/unit/security-headers.test.ts).
    expect(answer.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(['vi', 'en'] as const)(
    'lets only the provider’s own inline script run (form_post), by its hash, on a page in %s',
    async (locale) => {
      const browser = new Browserless(target.app.baseUrl);
      const page = await openLoginPage(browser, target.app.issuer, target.portal, {
        response_mode: 'form_post',
        ui_locales: locale,
      });
      const login = await submitLogin(browser, page, target.victim.personalId, target.victim.password);
      const consent = await browser.follow(login.headers.get('location')!);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(consent.body)![1]!;
      const confirmed = await browser.form(`${new URL(consent.url).pathname}/confirm`, { _csrf: csrf });
      const answer = await browser.follow(confirmed.headers.get('location')!);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(`action="${target.portal.redirectUri}"`);
      expect(answer.body).not.toContain('_csrf');
      const scriptSrc = /script-src ([^;]*)/.exec(answer.headers.get('content-security-policy') ?? '')?.[1] ?? '';
      // The page was put into the citizen's language (src/oidc/form-post-page.ts) without touching
      // the script: the hash the CSP allows is still the hash of the script on the page.
      const script = /<script>([\s\S]*?)<\/script>/.exec(answer.body)?.[1] ?? '';
      const hash = createHash('sha256').update(script).digest('base64');
      expect(scriptSrc).toBe(`'self' 'sha256-${hash}'`);
      const t = MESSAGES[locale];
      expect(answer.body).toContain(`<html lang="${locale}">`);
      expect(answer.body).toContain(`<title>${t.formPostTitle} · ${t.serviceName}</title>`);
      expect(answer.body).toContain(t.formPostNoScript);
      expect(answer.body).toContain(`>${t.formPostContinue}</button>`);
      expect(answer.body).not.toContain('Submitting Callback');
      expect(answer.body).not.toContain('disabled it');
    },
  );

  it('does not sign out on a forced logout: a cross-site GET only asks, a forged POST is refused', async () => {
    const victim = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(victim, target.app.issuer, target.portal);
    await victim.follow(
      (await submitLogin(victim, page, target.victim.personalId, target.victim.password)).headers.get('location')!,
    );
    const question = await victim.answer(`${target.app.issuer}/session/end`);
    expect(question.status).toBe(200);
    expect(question.body).toContain(MESSAGES.vi.logoutQuestion);
    const forged = await victim.form(
      `${target.app.issuer}/session/end/confirm`,
      { logout: 'yes' },
      { accept: 'application/json' },
    );
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('invalid_request');
    expect(await auditRowsOf(target, 'logout')).toHaveLength(0);
  });

  it.each([
    ['an over-long number', { personal_id: '1'.repeat(500), password: 'x' }, 400, 'invalid_request'],
    ['a missing password', { personal_id: '001085000001' }, 400, 'invalid_request'],
    [
      'a password over 256 characters',
      { personal_id: '001085000001', password: 'A'.repeat(300) },
      400,
      'invalid_request',
    ],
  ])('refuses %s before anything runs', async (_name, fields, status, error) => {
    const browser = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(browser, target.app.issuer, target.portal);
    const answer = await browser.form(`${page.path}/login`, { ...fields, _csrf: page.csrf });
    expect(answer.status).toBe(status);
    expect(answer.body).toContain(`<code>${error}</code>`);
  });

  it('refuses an oversized body with 413 and a malformed interaction id with 400', async () => {
    const browser = new Browserless(target.app.baseUrl);
    const big = await browser.form('/interaction/abc/login', { personal_id: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect((await browser.answer('/interaction/%3Cscript%3E')).status).toBe(400);
    expect(cookiesSet(big.headers)).not.toContain('_session');
  });

  it('sets every cookie HttpOnly and SameSite', async () => {
    const browser = new Browserless(target.app.baseUrl);
    const page = await openLoginPage(browser, target.app.issuer, target.portal);
    const login = await submitLogin(browser, page, target.victim.personalId, target.victim.password);
    const lines = [...login.headers.getSetCookie()];
    const consent = await browser.fetch(login.headers.get('location')!);
    lines.push(...consent.headers.getSetCookie());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line, line.split('=')[0]).toMatch(/; httponly/i);
      expect(line, line.split('=')[0]).toMatch(/; samesite=(lax|strict)/i);
    }
  });
});
