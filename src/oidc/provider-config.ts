// Every protocol decision in one table. Numbers are seconds.
// @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
import type { Configuration } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { errorPage, loggedOutPage, logoutPage } from '../views/message-pages.ts';
import { ACR_VALUES } from './assurance/acr.ts';
import { assertAssuranceClaimsOnly } from './assurance/claims-parameter.ts';
import { SCOPE_CLAIMS, SUPPORTED_SCOPES } from './claims.ts';
import { providerPageLanguage } from './page-language.ts';
import { outboundFetch } from './outbound-fetch.ts';
import { subjectForAccount, type SubjectClient } from './subjects.ts';

export const TTL = {
  AccessToken: 600, // ≤ 10 min (issue 2)
  ClientCredentials: 600,
  AuthorizationCode: 30, // FranceConnect: 30 s; RFC 6749 §4.1.2 recommends ≤ 10 min
  IdToken: 600,
  Interaction: 1800, // generous: elderly citizens may need time to find their card
  RefreshToken: 30 * 86400,
  Grant: 365 * 86400,
  AnonymousSession: 1800,
} as const;

export interface ProviderConfigInput {
  readonly cookieKeys: string[];
  readonly pairwiseSalt: string;
  readonly sessionMaxAgeSeconds: number;
  readonly secureCookies: boolean;
  /** Origins the SSRF guard lets through (OUTBOUND_ALLOWED_ORIGINS). */
  readonly outboundAllowedOrigins?: readonly string[];
}

export function buildProviderConfig(input: ProviderConfigInput): Configuration {
  return {
    claims: {
      ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, claims]) => [scope, [...claims]])),
      // oidc-provider puts acr and auth_time in an ID token only when requested, and amr never
      // unless configured: riding on openid, every ID token carries them (README "Scopes and claims").
      openid: [...SCOPE_CLAIMS.openid, 'acr', 'amr', 'auth_time'],
    },
    scopes: [...SUPPORTED_SCOPES],
    acrValues: [...ACR_VALUES], // README "Assurance levels"; assurance/acr.ts
    responseTypes: ['code'], // code flow only: implicit and hybrid are refused
    pkce: { required: () => true }, // S256 only in v9
    allowOmittingSingleRegisteredRedirectUri: false, // redirect_uri always sent, matched exactly
    rotateRefreshToken: true, // a replayed rotated token revokes its grant
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      subjectForAccount(client as SubjectClient, accountId, input.pairwiseSalt),
    extraClientMetadata: {
      // subject_mode: what the portal registered (public or pairwise), see subjects.ts.
      // min_account_level: the lowest account level the portal accepts (1 or 2, Decree 69/2024).
      properties: ['sector', 'subject_mode', 'organization_id', 'min_account_level'],
      validator(_ctx, key, value) {
        if (key === 'min_account_level' && value !== undefined && value !== 1 && value !== 2) {
          throw new errors.InvalidClientMetadata('min_account_level must be 1 or 2');
        }
        if (
          key === 'sector' &&
          value !== undefined &&
          (typeof value !== 'string' || !/^[a-z0-9.-]{2,64}$/.test(value))
        ) {
          throw new Error('sector must be 2-64 lowercase letters, digits, dots or dashes');
        }
      },
    },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'none'],
    fetch: outboundFetch(input.outboundAllowedOrigins ?? []),
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      userinfoSigningAlgValues: ['ES256', 'RS256'],
      introspectionSigningAlgValues: ['ES256', 'RS256'],
      authorizationSigningAlgValues: ['ES256', 'RS256'],
    },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'ES256',
    },
    cookies: {
      keys: input.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure: input.secureCookies },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: input.secureCookies },
    },
    ttl: {
      AccessToken: TTL.AccessToken,
      ClientCredentials: TTL.ClientCredentials,
      AuthorizationCode: TTL.AuthorizationCode,
      IdToken: TTL.IdToken,
      Interaction: TTL.Interaction,
      Grant: TTL.Grant,
      // Refresh tokens never outlive the session-independent grant, nor 30 days.
      RefreshToken: TTL.RefreshToken,
      // Absolute: counted from the sign-in, so activity never extends it.
      Session: (_ctx, session) => {
        if (!session.loginTs) return TTL.AnonymousSession;
        return Math.max(1, session.loginTs + input.sessionMaxAgeSeconds - Math.floor(Date.now() / 1000));
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Only the portal a token was issued to may introspect it.
        allowedPolicy: (_ctx, client, token) => !token.clientId || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => !token.clientId || token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(providerPageLanguage(ctx), form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage(providerPageLanguage(ctx));
        },
      },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      userinfo: { enabled: true },
      // Only for acr (OIDC Core §5.5.1.1): other claims stay released by scope (claims-parameter.ts).
      claimsParameter: { enabled: true, assertClaimsParameter: assertAssuranceClaimsOnly },
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(providerPageLanguage(ctx), out.error, out.error === 'temporarily_unavailable');
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    discovery: {
      ui_locales_supported: ['vi', 'en'],
      claims_locales_supported: ['vi', 'en'],
    },
  };
}
