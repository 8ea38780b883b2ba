// A browser without a browser, for attacks: fetch with a cookie jar, manual redirects and
// optional extra headers (a spoofed X-Forwarded-For, an Origin), driving the login pages.
import { randomBytes } from 'node:crypto';
import { CookieJar, csrfFieldOf, pkce } from '../../helpers/code-flow.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export class Browserless {
  readonly jar = new CookieJar();
  readonly baseUrl: string;
  readonly headers: Record<string, string>;

  constructor(baseUrl: string, headers: Record<string, string> = {}) {
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(init.headers as Record<string, string>),
        cookie: [this.headers.cookie, this.jar.header()].filter(Boolean).join('; '),
      },
    });
    this.jar.store(response);
    return response;
  }

  async answer(url: string, init: RequestInit = {}): Promise<Answer> {
    const response = await this.fetch(url, init);
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Follows redirects on this origin until a page answers. */
  async follow(url: string): Promise<Answer & { url: string }> {
    let current = new URL(url, this.baseUrl).href;
    for (let hops = 0; hops < 10; hops += 1) {
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: current, status: response.status, headers: response.headers, body: await response.text() };
      }
      current = new URL(location, current).href;
      if (!current.startsWith(this.baseUrl))
        return { url: current, status: response.status, headers: response.headers, body: '' };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
    return this.answer(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

export interface LoginPage {
  readonly path: string;
  readonly csrf: string;
  readonly verifier: string;
  readonly state: string;
}

/** Starts an authorization as a portal would send the citizen, up to the login page. */
export async function openLoginPage(
  browser: Browserless,
  issuer: string,
  portal: { clientId: string; redirectUri: string },
  params: Record<string, string> = {},
): Promise<LoginPage> {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString('base64url');
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: portal.clientId,
    redirect_uri: portal.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  const page = await browser.follow(auth.href);
  const path = new URL(page.url).pathname;
  const csrf = csrfFieldOf(page.body);
  if (page.status !== 200 || !/^\/interaction\/[\w-]+$/.test(path) || !csrf) {
    throw new Error(`expected the login page, got ${page.status} ${page.url}`);
  }
  return { path, csrf, verifier, state };
}

/** Posts the login form of an open login page. */
export function submitLogin(browser: Browserless, page: LoginPage, personalId: string, password: string) {
  return browser.form(`${page.path}/login`, { personal_id: personalId, password, _csrf: page.csrf });
}
