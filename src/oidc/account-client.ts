// chiakhoa's own account page is an OIDC client of chiakhoa (as Keycloak's account console is
// of Keycloak): the citizen signs in to it through the same /oidc/auth, second factors and all.
// It is first party, so its openid-only grant is given without a consent page, and it is never
// shown to the citizen as a "connected portal". It is a static client of the provider's
// configuration (oidc-provider `clients`), not a registry row: its redirect follows the origin of
// the issuer each process is configured with, and no portal tooling can change or disable it.
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';

export const ACCOUNT_CLIENT_ID = 'chiakhoa-account';
export const ACCOUNT_CALLBACK_PATH = '/account/callback';
/** The name the account page goes by wherever a portal's name would show. */
export const ACCOUNT_CLIENT_NAME = 'Chìa khóa';

/**
 * A public client (token_endpoint_auth_method none) with PKCE, as RFC 9700 §2.1.1 allows: the
 * code can only be redeemed with the verifier kept server-side in the citizen's account login
 * record, and only for the one exact redirect URI, so no secret has to be configured.
 */
export function accountClientMetadata(origin: string): ClientMetadata {
  return {
    client_id: ACCOUNT_CLIENT_ID,
    client_name: ACCOUNT_CLIENT_NAME,
    application_type: 'web',
    redirect_uris: [`${origin}${ACCOUNT_CALLBACK_PATH}`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: 'ES256',
    subject_type: 'public',
    scope: 'openid',
  };
}

/**
 * oidc-provider's loadExistingGrant (its documented way to skip consent for first-party
 * clients): the default lookup, and for the account page an openid grant made on the spot.
 */
export async function loadGrantOrFirstParty(ctx: KoaContextWithOIDC) {
  const { provider, client, session, result } = ctx.oidc;
  const resultGrantId = (result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId;
  const grantId = resultGrantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (existing || client?.clientId !== ACCOUNT_CLIENT_ID || !session?.accountId) return existing;
  const grant = new provider.Grant({ clientId: ACCOUNT_CLIENT_ID, accountId: session.accountId });
  grant.addOIDCScope('openid');
  await grant.save();
  return grant;
}
