// Client secrets are stored as argon2id hashes (modules/clients), so oidc-provider's plaintext
// comparison is replaced by a verification against the hash, then against the hashes of
// secrets rotated out less than their overlap window ago (POST /admin/clients/{id}/secret).
import type Provider from 'oidc-provider';
import { verifyClientSecret } from '../modules/secrets/verified-secrets.ts';

export type PreviousSecretHashes = (clientId: string) => Promise<string[]>;

export function installClientSecretCheck(provider: Provider, previousHashes?: PreviousSecretHashes): void {
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(
    this: { clientId: string; clientSecret?: string },
    actual: string,
  ) {
    if (!this.clientSecret) return false;
    if (await verifyClientSecret(this.clientSecret, actual)) return true;
    for (const hash of previousHashes ? await previousHashes(this.clientId) : []) {
      if (await verifyClientSecret(hash, actual)) return true;
    }
    return false;
  };
}
