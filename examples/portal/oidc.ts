// Everything the portal needs from chiakhoa comes from discovery: endpoints, keys, algorithms.
import * as client from 'openid-client';
import type { PortalKey } from './portal-key.ts';

export interface PortalSettings {
  /** e.g. https://id.example.gov.vn/oidc */
  readonly issuer: URL;
  readonly clientId: string;
  /** Where the portal itself is reached, e.g. https://dvc.example.gov.vn */
  readonly publicUrl: URL;
}

export async function discoverChiakhoa(settings: PortalSettings, key: PortalKey): Promise<client.Configuration> {
  return client.discovery(
    settings.issuer,
    settings.clientId,
    undefined,
    client.PrivateKeyJwt({ key: key.privateKey, kid: key.kid }),
    // Only for a chiakhoa on http://localhost (the demo); never in production.
    settings.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
  );
}
