// Telling a portal that a citizen's access ended (OIDC Back-Channel Logout 1.0 §2.5): a
// logout token signed by chiakhoa, POSTed to the portal's registered backchannel_logout_uri.
import type Provider from 'oidc-provider';
import type { Logger } from '../logger.ts';

export type PortalNotifier = (clientId: string, accountId: string, sid: string | undefined) => Promise<void>;

export function createPortalNotifier(provider: Provider, log: Logger): PortalNotifier {
  return async (clientId, accountId, sid) => {
    // backchannelLogout is a Client method the type definitions leave out.
    const client = (await provider.Client.find(clientId)) as
      { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid?: string): Promise<void> } | undefined;
    if (!client?.backchannelLogoutUri) return;
    // A portal that does not answer must not keep the account alive: log and go on.
    await client.backchannelLogout(accountId, sid).catch((error: unknown) => {
      log.warn(
        { client: clientId, err: error instanceof Error ? error.message : String(error) },
        'back-channel logout failed',
      );
    });
  };
}
