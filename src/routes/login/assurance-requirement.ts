// What a pending sign-in still needs: the strength the request asks of this citizen's level
// (assurance/requirement.ts), raised to a second factor on a device the citizen has not used
// one on before, when they have any second factor at all (a citizen without one cannot be
// asked for one; README "Assurance levels" says how that is closed).
import type Provider from 'oidc-provider';
import type { Citizen } from '../../modules/citizens/citizens.repository.ts';
import type { FactorSummary, SecondFactors } from '../../modules/factors/second-factors.service.ts';
import { accountLevelOf, strongerOrEqual, type AccountLevel, type Strength } from '../../oidc/assurance/acr.ts';
import {
  assuranceRequestOf,
  strengthNeeded,
  type AssuranceRequest,
  type RequestedClaims,
} from '../../oidc/assurance/requirement.ts';
import type { PendingLogin } from './pending-login.ts';
import type { Details } from './step-context.ts';

export interface Requirement {
  readonly request: AssuranceRequest;
  readonly level: AccountLevel;
  /** Undefined: this account cannot meet the request whatever it proves. */
  readonly target: Strength | undefined;
  readonly reason: 'portal' | 'new_device' | 'passkey';
  readonly factors: FactorSummary;
  readonly hasFactor: boolean;
  /** The portal's verified name, shown on the step's pages. */
  readonly portalName: string;
}

function claimsOf(details: Details): RequestedClaims | undefined {
  const raw = details.params.claims;
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as RequestedClaims;
  } catch {
    return undefined; // oidc-provider refused a malformed claims parameter before the interaction
  }
}

export function createRequirements(deps: { provider: Provider; factors: SecondFactors; codesDelivered: boolean }) {
  return async function requirementOf(details: Details, pending: PendingLogin, citizen: Citizen): Promise<Requirement> {
    const client = await deps.provider.Client.find(String(details.params.client_id));
    const request = assuranceRequestOf({ acrValues: details.params.acr_values, claims: claimsOf(details), client });
    const level = accountLevelOf(citizen) ?? 1;
    const summary = await deps.factors.summary(citizen);
    // Without a gateway (OTP_NOTIFIER=none) a phone or email is no way to confirm anything.
    const factors = deps.codesDelivered ? summary : { ...summary, phone: undefined, email: undefined };
    const hasFactor =
      factors.totp || factors.passkeys > 0 || factors.recoveryCodes > 0 || Boolean(factors.phone ?? factors.email);
    const needed = strengthNeeded(request, level);
    const newDeviceStepUp = needed !== undefined && pending.newDevice && hasFactor && !strongerOrEqual(needed, 'mfa');
    const target = newDeviceStepUp ? 'mfa' : needed;
    const reason = target === 'phr' ? 'passkey' : newDeviceStepUp ? 'new_device' : 'portal';
    const portalName = client?.clientName ?? String(details.params.client_id);
    return { request, level, target, reason, factors, hasFactor, portalName };
  };
}

export type RequirementOf = ReturnType<typeof createRequirements>;
