// How chiakhoa reaches a citizen outside the browser: one-time codes and "your sign-in
// settings changed" notices, by SMS to the registered phone or by email. An SMS or email
// gateway plugs in behind this interface; none ships (OTP_NOTIFIER): development and tests use
// the outbox (outbox.ts), and production without a gateway sends nothing, so codes by SMS or
// email are simply not offered there.

export type Channel = 'sms' | 'email';

export interface Notification {
  readonly channel: Channel;
  /** The registered phone number or email address. */
  readonly to: string;
  readonly citizenId: string;
  readonly kind: 'one_time_code' | 'factor_changed';
  /** The text, in the citizen's page language. */
  readonly text: string;
  /** For one_time_code: the code itself, so a test can read it without parsing the text. */
  readonly code?: string | undefined;
}

export interface Notifier {
  /** False when nothing can be delivered (no gateway): callers must not offer codes. */
  readonly delivers: boolean;
  send(notification: Notification): Promise<void>;
}

/** Production without a gateway: nothing is delivered and nothing pretends to be. */
export const noNotifier: Notifier = {
  delivers: false,
  async send() {
    throw new Error('no notifier is configured (OTP_NOTIFIER=none)');
  },
};
