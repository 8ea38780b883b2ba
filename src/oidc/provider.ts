// Builds the oidc-provider instance from the registry, the state store and the keys.
import Provider, { type FindAccount } from 'oidc-provider';
import { RETRY_AFTER_SECONDS } from '../errors.ts';
import type { CitizensService } from '../modules/citizens/citizens.service.ts';
import type { DynamicRegistrations } from '../modules/clients/dynamic-registration.service.ts';
import type { ActingService } from '../modules/organizations/acting.service.ts';
import type { OrganizationsLookup } from '../modules/organizations/organization-lookup.ts';
import { createFindAccount } from './account.ts';
import { requestScopedCitizens, type RequestCitizenLookup } from './request-citizens.ts';
import { accountClientMetadata, loadGrantOrFirstParty } from './account-client.ts';
import { recordingDisclosures, type DisclosureRecorder } from './disclosure-ledger.ts';
import { ADMIN_SCOPES, adminResourceIndicators } from './admin-resource.ts';
import { accountLevelOf } from './assurance/acr.ts';
import { addAssuranceCheck } from './assurance/assurance-check.ts';
import { buildInteractionPolicy, organizationTokenClaims } from './organization-login.ts';
import type { Adapters } from './adapters/adapter-factory.ts';
import type { PrivateJwks } from './keys.ts';
import { buildProviderConfig, type ProviderConfigInput } from './provider-config.ts';
import { installClientSecretCheck } from './client-secret-check.ts';
import { translateFormPostPages } from './form-post-page.ts';
import { presentRegistrationResponses, registrationFeatures } from './registration.ts';

export interface ProviderDeps {
  readonly issuer: string;
  readonly adapters: Adapters;
  /** The protocol's citizen reads (cached-citizens.ts in the app). */
  readonly citizens: Pick<CitizensService, 'findById'>;
  readonly acting: ActingService;
  readonly organizations: OrganizationsLookup;
  readonly jwks: PrivateJwks;
  readonly trustProxy: boolean;
  readonly settings: ProviderConfigInput;
  /** The account page's disclosure ledger: what each portal received (issue 7). */
  readonly disclosures?: DisclosureRecorder | undefined;
  /** Dynamic Client Registration (RFC 7591/7592) and rotated-out client secrets (issue 4). */
  readonly registrations?: DynamicRegistrations | undefined;
}

const withLedger = (findAccount: FindAccount, recorder: DisclosureRecorder | undefined) =>
  recorder ? recordingDisclosures(findAccount, recorder) : findAccount;

/** Organization accounts (issue 3), then assurance: the ordered acr check (issue 5). */
function interactionPolicyFor(deps: ProviderDeps, citizenOf: RequestCitizenLookup) {
  const policy = buildInteractionPolicy(deps.acting);
  addAssuranceCheck(policy, async (ctx, citizenId) => accountLevelOf(await citizenOf(ctx, citizenId)));
  return policy;
}

export function createProvider(deps: ProviderDeps): Provider {
  const base = buildProviderConfig(deps.settings);
  const citizenOf = requestScopedCitizens(deps.citizens);
  const provider = new Provider(deps.issuer, {
    ...base,
    // Admin scopes are registrable client scopes; only admin-resource tokens carry them.
    scopes: [...(base.scopes ?? []), ...ADMIN_SCOPES],
    interactions: { ...base.interactions, policy: interactionPolicyFor(deps, citizenOf) },
    features: {
      ...base.features,
      resourceIndicators: adminResourceIndicators,
      ...(deps.registrations ? registrationFeatures(deps.registrations) : {}),
    },
    adapter: deps.adapters.factory,
    findAccount: withLedger(createFindAccount(citizenOf, deps.acting, deps.settings.pairwiseSalt), deps.disclosures),
    loadExistingGrant: loadGrantOrFirstParty,
    // The account page's client is configuration, not a registry row: each deployment's own origin.
    clients: [accountClientMetadata(new URL(deps.issuer).origin)],
    extraTokenClaims: organizationTokenClaims(deps.organizations),
    jwks: deps.jwks,
  });
  provider.proxy = deps.trustProxy;

  installClientSecretCheck(provider, deps.registrations?.previousSecretHashes);
  if (deps.registrations) presentRegistrationResponses(provider);
  translateFormPostPages(provider);

  // A store outage surfaces as 503 temporarily_unavailable; tell clients when to retry.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status === 503) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
  });
  return provider;
}
