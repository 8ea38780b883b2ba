// A background workload of portals and citizens: sign-ins, code exchanges, userinfo and
// refresh-token rotations in a loop, every outcome in the ledger. It keeps each portal's
// latest refresh token, so "consents and refresh tokens survive the fault" can be checked.
import { obtainCode } from '../../helpers/code-flow.ts';
import { Ledger, type Outcome } from './ledger.ts';

export interface WorkloadTarget {
  readonly baseUrl: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly citizens: readonly { personalId: string; password: string }[];
}

const HANG_MS = 5000;

/**
 * Maps what a step saw to an outcome; anything unexplained is an error. A refresh token is
 * durable: invalid_grant on a refresh is never excused by a fault.
 */
export function classify(kind: string, text: string): Outcome {
  if (kind === 'refresh' && /invalid_grant/.test(text)) return 'error';
  if (/server_error|\b500\b|hang:/.test(text)) return 'error';
  if (/\b503\b|temporarily_unavailable/.test(text)) return 'unavailable';
  if (/ECONNREFUSED|ECONNRESET|fetch failed|socket hang up/.test(text)) return 'refused';
  if (/answered 400|invalid_token|expected an interaction page|answered 401/.test(text)) return 'expired';
  return 'error';
}

export class Workload {
  readonly ledger = new Ledger();
  /** Each virtual portal's latest refresh token. */
  readonly chains = new Map<number, string>();
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly target: () => WorkloadTarget;
  private readonly verifyIdToken: ((idToken: string) => Promise<void>) | undefined;

  /**
   * target is a function, so a test can point the workload elsewhere (a restarted instance);
   * verifyIdToken, when given, checks every ID token as a portal would (signature, issuer).
   */
  constructor(target: () => WorkloadTarget, verifyIdToken?: (idToken: string) => Promise<void>) {
    this.target = target;
    this.verifyIdToken = verifyIdToken;
  }

  start(portals = 3): void {
    this.running = true;
    this.loops = Array.from({ length: portals }, (_, user) => this.loop(user));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async step<T>(kind: string, action: () => Promise<T>): Promise<T | undefined> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`hang: no answer within ${HANG_MS} ms`)), HANG_MS);
    });
    try {
      const result = await Promise.race([action(), hang]);
      this.ledger.record(kind, 'ok', performance.now() - started);
      return result;
    } catch (error) {
      const cause: unknown = (error as { cause?: unknown }).cause;
      const text = `${String(error)} ${cause instanceof Error ? cause.message : ''} ${(cause as { code?: string } | undefined)?.code ?? ''}`;
      this.ledger.record(kind, classify(kind, text), performance.now() - started, text.slice(0, 300));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** POST /token with the portal's secret; throws with the status on anything but 200. */
  async token(
    fields: Record<string, string>,
  ): Promise<{ access_token: string; refresh_token?: string; id_token?: string }> {
    const target = this.target();
    const response = await fetch(`${target.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${target.clientId}:${target.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields).toString(),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`token answered ${response.status}: ${body}`);
    const tokens = JSON.parse(body) as { access_token: string; refresh_token?: string; id_token?: string };
    if (this.verifyIdToken && tokens.id_token) await this.verifyIdToken(tokens.id_token);
    return tokens;
  }

  async userinfo(accessToken: string): Promise<void> {
    const response = await fetch(`${this.target().issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`userinfo answered ${response.status}: ${body}`);
  }

  private async loop(user: number): Promise<void> {
    while (this.running) {
      const target = this.target();
      const citizen = target.citizens[user % target.citizens.length]!;
      const code = await this.step('sign-in', () =>
        obtainCode({ ...target, ...citizen, scope: 'openid profile offline_access', params: { prompt: 'consent' } }),
      );
      const issued = code
        ? await this.step('code-exchange', () =>
            this.token({
              grant_type: 'authorization_code',
              code: code.code,
              redirect_uri: target.redirectUri,
              code_verifier: code.codeVerifier,
            }),
          )
        : undefined;
      if (issued?.refresh_token) this.chains.set(user, issued.refresh_token);
      if (issued) await this.step('userinfo', () => this.userinfo(issued.access_token));
      const chain = this.chains.get(user);
      const refreshed = chain
        ? await this.step('refresh', () => this.token({ grant_type: 'refresh_token', refresh_token: chain }))
        : undefined;
      if (refreshed?.refresh_token) this.chains.set(user, refreshed.refresh_token);
      if (refreshed) await this.step('userinfo', () => this.userinfo(refreshed.access_token));
      if (!code) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Every portal's latest refresh token still refreshes: nothing durable was lost. A 503 is
   * retried as a portal would (a token spent by a failed attempt would then be invalid_grant).
   */
  async verifyChains(): Promise<string[]> {
    const failures: string[] = [];
    for (const [user, token] of this.chains) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const refreshed = await this.token({ grant_type: 'refresh_token', refresh_token: token });
          if (refreshed.refresh_token) this.chains.set(user, refreshed.refresh_token);
          break;
        } catch (error) {
          if (attempt < 5 && /answered 503/.test(String(error))) {
            await new Promise((resolve) => setTimeout(resolve, 300));
            continue;
          }
          failures.push(`portal ${user}: ${String(error)}`);
          break;
        }
      }
    }
    return failures;
  }
}
