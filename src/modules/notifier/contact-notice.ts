// "Your sign-in settings changed", to every verified contact (README "Assurance levels"): a
// stolen password or an unattended browser used to change a citizen's factors does not go
// unnoticed. A notice that cannot be sent never undoes the change; it is logged, without the
// address.
import type { Notifier } from './notifier.ts';

export interface Contacts {
  readonly phone: string | undefined;
  readonly email: string | undefined;
}

export async function tellContacts(
  notifier: Notifier,
  contacts: Contacts,
  notice: { citizenId: string; text: string },
  onError: (error: unknown) => void,
): Promise<void> {
  for (const [channel, to] of [['sms', contacts.phone] as const, ['email', contacts.email] as const]) {
    if (!to) continue;
    await notifier.send({ channel, to, kind: 'factor_changed', ...notice }).catch(onError);
  }
}
