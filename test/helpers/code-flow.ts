// Drives a code flow without a browser: fetch with redirect:'manual' and a hand-kept cookie
// jar through /oidc/auth, the login and consent pages, to the redirect_uri carrying the code.
import { createHash, randomBytes } from 'node:crypto';

export interface CodeFlowInput {
  readonly baseUrl: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly personalId: string;
  readonly password: string;
  readonly scope?: string;
  /** Extra authorization parameters, e.g. prompt=consent for offline_access. */
  readonly params?: Record<string, string>;
  /** For organization requests: the code of the organization to act for. */
  readonly organizationCode?: string;
}

export interface CodeFlowResult {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** The browser's cookies after the flow: the chiakhoa session lives here. */
  readonly jar: CookieJar;
}

/** A minimal cookie jar: names only (paths ignored), expired cookies dropped. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', date = ''] = attribute.trim().split('=');
        return key.toLowerCase() === 'expires' && Date.parse(date) <= Date.now();
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The value of a page's hidden `_csrf` field, if it has one. */
export function csrfFieldOf(page: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function obtainCode(input: CodeFlowInput): Promise<CodeFlowResult> {
  const jar = new CookieJar();
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');

  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, input.baseUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    return response;
  }

  /** The CSRF token the last page's forms carried (src/plugins/form-protection.ts). */
  let csrfToken: string | undefined;

  /** Follows redirects until a page answers, or the provider sends us back to the portal. */
  async function follow(response: Response): Promise<{ url: string; response: Response }> {
    let url = response.url;
    while (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`redirect without location from ${url}`);
      url = new URL(location, url).href;
      if (url.startsWith(input.redirectUri)) return { url, response };
      response = await request(url);
    }
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    csrfToken = csrfFieldOf(await response.clone().text()) ?? csrfToken;
    return { url, response };
  }

  async function interactionPath(response: Response): Promise<string> {
    const { url } = await follow(response);
    const path = new URL(url).pathname;
    if (!/^\/interaction\/[\w-]+$/.test(path)) throw new Error(`expected an interaction page, got ${url}`);
    return path;
  }

  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...(csrfToken ? { _csrf: csrfToken } : {}) }).toString(),
  });

  /** Picks the radio whose label shows the wanted organization code. */
  async function chooseOrganization(url: string, page: string): Promise<Response> {
    const options = [...page.matchAll(/value="([0-9a-f-]{36})"[\s\S]*?<\/label\s*>/g)];
    const wanted = options.find((option) => input.organizationCode && option[0].includes(input.organizationCode));
    if (!wanted) throw new Error(`organization ${input.organizationCode ?? '(none given)'} is not offered`);
    return request(url, form({ representation_id: wanted[1]! }));
  }

  const auth = new URL(`${input.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: input.scope ?? 'openid profile',
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...input.params,
  }).toString();

  const login = await interactionPath(await request(auth.href));
  let afterLogin = await follow(
    await request(`${login}/login`, form({ personal_id: input.personalId, password: input.password })),
  );
  if (new URL(afterLogin.url).pathname.endsWith('/organization')) {
    afterLogin = await follow(await chooseOrganization(afterLogin.url, await afterLogin.response.text()));
  }
  const consent = new URL(afterLogin.url).pathname;
  if (!/^\/interaction\/[\w-]+$/.test(consent)) throw new Error(`expected the consent page, got ${afterLogin.url}`);
  const { url } = await follow(await request(`${consent}/confirm`, form({})));
  if (!url.startsWith(input.redirectUri)) throw new Error(`expected the redirect_uri, got ${url}`);

  const params = new URL(url).searchParams;
  const code = params.get('code');
  if (!code) throw new Error(`no code in ${url}`);
  if (params.get('state') !== state) throw new Error(`state mismatch in ${url}`);
  return { code, codeVerifier: verifier, redirectUri: input.redirectUri, jar };
}
