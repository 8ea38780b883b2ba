// What one authorization request needs: the acr values it accepts (the acr_values parameter,
// or claims.id_token.acr `value`/`values`, in order of preference; OIDC Core §3.1.2.1 and
// §5.5.1.1), whether they are essential, and the portal's registered minimum account level,
// which holds even when the request asks for less.
import { acrOf, parseAcr, satisfies, weakest, type AccountLevel, type Assurance, type Strength } from './acr.ts';

export interface AssuranceRequest {
  /** Accepted contexts, most preferred first, already raised to the portal's minimum level. */
  readonly accepted: readonly Assurance[];
  /** The request named values, but none that chiakhoa knows. */
  readonly onlyUnknownValues: boolean;
  readonly essential: boolean;
  readonly minLevel: AccountLevel;
}

interface AcrClaimRequest {
  essential?: unknown;
  value?: unknown;
  values?: unknown;
}

/** The claims parameter as oidc-provider parsed it (acr_values already merged in as `values`). */
export interface RequestedClaims {
  id_token?: { acr?: AcrClaimRequest | null } | null;
}

function requestedValues(acrValues: unknown, acr: AcrClaimRequest | null | undefined): string[] {
  // oidc-provider lets acr_values replace claims.id_token.acr (lib/actions/authorization/claims.js).
  if (typeof acrValues === 'string' && acrValues.trim()) return acrValues.trim().split(/\s+/);
  if (Array.isArray(acr?.values)) return acr.values.filter((value): value is string => typeof value === 'string');
  return typeof acr?.value === 'string' ? [acr.value] : [];
}

/** The portal's `min_account_level` client metadata (issue 4); absent means 1. */
export function portalMinimumLevel(client: unknown): AccountLevel {
  return (client as { min_account_level?: unknown } | undefined)?.min_account_level === 2 ? 2 : 1;
}

export function assuranceRequestOf(input: {
  acrValues: unknown;
  claims: RequestedClaims | undefined;
  client: unknown;
}): AssuranceRequest {
  const acr = input.claims?.id_token?.acr;
  const values = requestedValues(input.acrValues, acr);
  const minLevel = portalMinimumLevel(input.client);
  const accepted: Assurance[] = [];
  for (const parsed of values.map(parseAcr)) {
    if (!parsed) continue;
    const raised: Assurance = { level: Math.max(parsed.level, minLevel) as AccountLevel, strength: parsed.strength };
    if (!accepted.some((known) => acrOf(known) === acrOf(raised))) accepted.push(raised);
  }
  return {
    accepted,
    onlyUnknownValues: values.length > 0 && accepted.length === 0,
    // acr_values is voluntary (OIDC Core §3.1.2.1); only the claims parameter makes acr essential.
    essential: !input.acrValues && acr?.essential === true,
    minLevel,
  };
}

/**
 * The acr this sign-in answers the request with, or undefined when it does not meet it. With
 * accepted values, the most preferred one it satisfies, so the ID token's acr is always one the
 * portal asked for (OIDC Core §5.5.1.1); without, the exact context achieved.
 */
export function acrFor(request: AssuranceRequest, achieved: Assurance): string | undefined {
  if (achieved.level < request.minLevel) return undefined;
  if (request.accepted.length === 0) {
    return request.onlyUnknownValues && request.essential ? undefined : acrOf(achieved);
  }
  const met = request.accepted.find((wanted) => satisfies(achieved, wanted));
  return met ? acrOf(met) : undefined;
}

/** The least strength that lets an account of this level meet the request; undefined: it cannot. */
export function strengthNeeded(request: AssuranceRequest, level: AccountLevel): Strength | undefined {
  if (level < request.minLevel) return undefined;
  if (request.accepted.length === 0) return request.onlyUnknownValues && request.essential ? undefined : 'pwd';
  return weakest(request.accepted.filter((wanted) => wanted.level <= level).map((wanted) => wanted.strength));
}
