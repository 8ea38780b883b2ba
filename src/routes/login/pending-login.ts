// A sign-in between its password and its end: who has proved what so far, bound to one
// interaction and living no longer than it. Every step (second factor, enrolment, organization
// choice) reads it, adds what it proved, and hands back to login-steps.ts, which decides what
// is still missing; nothing here is trusted from the browser.
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import { TTL } from '../../oidc/provider-config.ts';
import type { Channel } from '../../modules/notifier/notifier.ts';

export interface PendingOneTimeCode {
  readonly channel: Channel;
  readonly hash: string;
  readonly expiresAt: number;
  attempts: number;
}

export interface PendingLogin {
  readonly citizenId: string;
  /** RFC 8176 methods proved in this sign-in, 'pwd' first. */
  amr: string[];
  /** A step-up of a signed-in session (step-up.ts): when it signed in, kept as auth_time. */
  readonly loginTs?: number | undefined;
  /**
   * No password in this sign-in (a step-up): a first factor may not be set up on its word, even
   * should the citizen's last factor be removed meanwhile.
   */
  readonly steppedUp?: boolean | undefined;
  /** The browser's device cookie was not one this citizen completed a second factor on. */
  readonly newDevice: boolean;
  oneTimeCode?: PendingOneTimeCode | undefined;
  codesSent: number;
  /** The outstanding WebAuthn challenge (authentication or registration). */
  challenge?: string | undefined;
  /** A TOTP secret being set up, sealed like a stored one. */
  totpSetup?: string | undefined;
}

const key = (uid: string) => `interaction:pending-login:${uid}`;

export function createPendingLogins(store: StateStore) {
  return {
    async load(uid: string): Promise<PendingLogin | undefined> {
      const raw = await store.getPointer(key(uid));
      return raw ? (JSON.parse(raw) as PendingLogin) : undefined;
    },
    save: (uid: string, pending: PendingLogin) => store.putPointer(key(uid), JSON.stringify(pending), TTL.Interaction),
    clear: (uid: string) => store.deleteKeys([key(uid)]),
  };
}

export type PendingLogins = ReturnType<typeof createPendingLogins>;

/**
 * Whether this sign-in may set up a factor: one more after proving one in it, or a first one
 * after a password typed in it.
 */
export function mayAddFactor(pending: PendingLogin, hasFactor: boolean): boolean {
  return pending.amr.includes('mfa') || (!hasFactor && !pending.steppedUp);
}

/** Adds a second factor's method, and 'mfa' (RFC 8176 §2: several factors were used). */
export function withMethod(pending: PendingLogin, method: 'otp' | 'sms' | 'hwk'): void {
  for (const value of [method, 'mfa']) if (!pending.amr.includes(value)) pending.amr.push(value);
}
