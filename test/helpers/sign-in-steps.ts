// A browserless citizen for the steps of a sign-in (password, second factor, unmet level):
// fetch with redirect:'manual' and a cookie jar, following redirects until chiakhoa shows a
// page or sends the browser back to the portal. Keeps its jar across sign-ins, like a device.
import { randomBytes } from 'node:crypto';
import { CookieJar, csrfFieldOf, pkce } from './code-flow.ts';

export interface Landing {
  /** Where the browser ended: a chiakhoa page, or the portal's redirect_uri with its query. */
  readonly url: URL;
  readonly html: string;
  readonly status: number;
}

export interface Authorization {
  readonly verifier: string;
  readonly state: string;
  readonly landing: Landing;
}

export class BrowserlessCitizen {
  readonly jar = new CookieJar();
  private readonly baseUrl: string;
  private readonly redirectUri: string;
  /** The last page's form token (src/plugins/form-protection.ts), sent with every post. */
  private csrf: string | undefined;

  constructor(baseUrl: string, redirectUri: string) {
    this.baseUrl = baseUrl;
    this.redirectUri = redirectUri;
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, this.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.jar.header() },
    });
    this.jar.store(response);
    return response;
  }

  async follow(response: Response): Promise<Landing> {
    let url = new URL(response.url);
    while (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url);
      if (url.href.startsWith(this.redirectUri)) return { url, html: '', status: response.status };
      response = await this.request(url.href);
    }
    const html = await response.text();
    this.csrf = csrfFieldOf(html) ?? this.csrf;
    return { url, html, status: response.status };
  }

  /** Posts a form to a path of the current interaction (or any URL) and follows the answer. */
  async post(url: string, fields: Record<string, string> = {}): Promise<Landing> {
    const response = await this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, ...(this.csrf ? { _csrf: this.csrf } : {}) }).toString(),
    });
    return this.follow(response);
  }

  async authorize(issuer: string, clientId: string, params: Record<string, string> = {}): Promise<Authorization> {
    const { verifier, challenge } = pkce();
    const state = randomBytes(12).toString('base64url');
    const auth = new URL(`${issuer}/auth`);
    auth.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state,
      nonce: randomBytes(12).toString('base64url'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...params,
    }).toString();
    return { verifier, state, landing: await this.follow(await this.request(auth.href)) };
  }
}

/** /interaction/<uid> of a landing on any interaction page. */
export function interactionPath(landing: Landing): string {
  const match = /^\/interaction\/[\w-]+/.exec(landing.url.pathname);
  if (!match) throw new Error(`not an interaction page: ${landing.url.href} (${landing.status})`);
  return match[0];
}
