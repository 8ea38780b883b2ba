// Acting for an organization: a portal asks for the `organization` scope and the citizen picks
// one of the organizations they may act for at that portal. The login prompt is re-requested
// whenever the session's account does not fit the request (a citizen session for an
// organization request, the reverse, or an organization the citizen may no longer act for).
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors, interactionPolicy } from 'oidc-provider';
import type { ActingService } from '../modules/organizations/acting.service.ts';
import type { OrganizationsLookup } from '../modules/organizations/organization-lookup.ts';
import { parseAccountId } from './account-id.ts';

export const ORGANIZATION_SCOPE = 'organization';

export function requestsOrganization(scope: unknown): boolean {
  return typeof scope === 'string' && scope.split(' ').includes(ORGANIZATION_SCOPE);
}

export function organizationAccountCheck(acting: ActingService) {
  return new interactionPolicy.Check(
    'organization_account_mismatch',
    'the session account does not match the organization request',
    async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      const parsed = accountId ? parseAccountId(accountId) : undefined;
      if (!parsed) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session decides
      const wanted = requestsOrganization(ctx.oidc.params?.scope);
      if (wanted !== (parsed.kind === 'organization')) return interactionPolicy.Check.REQUEST_PROMPT;
      if (parsed.kind === 'organization' && !(await acting.resolve(parsed, ctx.oidc.client?.clientId))) {
        return interactionPolicy.Check.REQUEST_PROMPT;
      }
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    },
  );
}

export function buildInteractionPolicy(acting: ActingService) {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(organizationAccountCheck(acting));
  return policy;
}

/**
 * Machine-to-machine: an agency system registered under its organization gets
 * client_credentials tokens carrying that organization's identity, while it is active.
 */
export function organizationTokenClaims(organizations: OrganizationsLookup) {
  return async (ctx: KoaContextWithOIDC, token: { kind: string }) => {
    if (token.kind !== 'ClientCredentials') return undefined;
    // Extra client metadata keeps its snake_case name on oidc-provider's Client.
    const organizationId = (ctx.oidc.client as { organization_id?: string } | undefined)?.organization_id;
    if (!organizationId) return undefined;
    const organization = await organizations.findById(organizationId);
    if (organization?.status !== 'active') {
      throw new errors.InvalidClient('the organization of this client is not active');
    }
    return {
      org_identification_number: organization.identificationNumber,
      org_code: organization.code,
      org_name: organization.nameVi,
    };
  };
}
