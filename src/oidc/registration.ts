// Dynamic Client Registration (RFC 7591) and its management protocol (RFC 7592), for tooling
// that holds an initial access token an administrator issued (POST /admin/registration-tokens).
// Writes go through the Client adapter to the clients table; responses never show a stored
// hash, and show the subject type the portal registered, not the library's view of it.
import { randomUUID } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import { generateClientSecret, isSecretHash } from '../modules/clients/client-secrets.ts';
import type { DynamicRegistrations } from '../modules/clients/dynamic-registration.service.ts';
import { PORTAL_POLICY, portalRegistrationPolicy } from './registration-policy.ts';

type Features = NonNullable<Configuration['features']>;

export function registrationFeatures(
  registrations: DynamicRegistrations,
): Pick<Features, 'registration' | 'registrationManagement'> {
  return {
    registration: {
      enabled: true,
      initialAccessToken: true, // no open registration
      policies: { [PORTAL_POLICY]: portalRegistrationPolicy(registrations) },
      idFactory: () => randomUUID(),
      secretFactory: async () => generateClientSecret(),
      issueRegistrationAccessToken: true,
    },
    // RFC 7592: each update returns a new registration access token and ends the old one.
    registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
  };
}

/** Mints an initial access token that carries the portal policy; returns its value. */
export function initialAccessTokenMinter(provider: Provider) {
  return (expiresInSeconds: number): Promise<string> =>
    new provider.InitialAccessToken({ expiresIn: expiresInSeconds, policies: [PORTAL_POLICY] }).save();
}

const REGISTRATION_ROUTES = new Set(['registration', 'client', 'client_update']);

export function presentRegistrationResponses(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    // ctx.oidc exists only on the provider's own routes.
    const route = (ctx.oidc as { route?: string } | undefined)?.route;
    if (!route || !REGISTRATION_ROUTES.has(route) || !ctx.body || typeof ctx.body !== 'object') return;
    const body = ctx.body as Record<string, unknown>;
    // A secret is shown once, when generated; afterwards only its hash exists.
    if (typeof body.client_secret === 'string' && isSecretHash(body.client_secret)) {
      delete body.client_secret;
      delete body.client_secret_expires_at;
    }
    if (typeof body.subject_mode === 'string') {
      body.subject_type = body.subject_mode;
      delete body.subject_mode;
    }
  });
}
