// Changes to second factors want a recent sign-in, as Keycloak's account console does for
// credential changes (its "maximum age of authentication", 5 minutes by default): a browser
// left signed in, or a stolen account-page cookie, must not be enough to add or remove a way
// of proving who one is. "Recent" is the ID token's auth_time within the configured window
// and, when the citizen has any second factor, a sign-in that proved one (amr "mfa"), the
// same rule as adding a factor during a sign-in (README "Assurance levels").
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Citizen } from '../../modules/citizens/citizens.repository.ts';
import {
  hasSecondFactor,
  type FactorInventory,
  type FactorManagement,
} from '../../modules/factors/factor-management.service.ts';
import type { SignedIn } from './account-session.ts';
import type { SignedInGuard } from './account-login.ts';

/** The weakest context with a second factor: any level satisfies its level part. */
const SECOND_FACTOR_ACR = 'urn:chiakhoa:acr:l1-mfa';

export interface RecentContext extends SignedIn {
  readonly inventory: FactorInventory;
}

export function isRecent(
  session: SignedIn['session'],
  inventory: FactorInventory,
  windowSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const inTime = nowSeconds - session.authTime <= windowSeconds;
  return inTime && (!hasSecondFactor(inventory) || (session.amr ?? []).includes('mfa'));
}

export function createRecentSignIn(deps: {
  signedIn: SignedInGuard;
  management: FactorManagement;
  windowSeconds: number;
}) {
  const inventoryOf = (citizen: Citizen) => deps.management.inventory(citizen);

  /**
   * The citizen with a recent sign-in, or a reply already sent. A GET page starts the sign-in
   * again and comes back to itself; a form posted on a stale sign-in cannot be replayed after
   * a redirect, so it goes to `retry`, the page that asks for it (and signs in again first).
   */
  return async function recentSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    retry?: string,
  ): Promise<RecentContext | undefined> {
    const current = await deps.signedIn(request, reply);
    if (!current) return undefined;
    const inventory = await inventoryOf(current.citizen);
    if (isRecent(current.session, inventory, deps.windowSeconds)) return { ...current, inventory };
    if (request.method !== 'GET') {
      await reply.redirect(retry ?? '/account/factors', 303);
      return undefined;
    }
    const acr = hasSecondFactor(inventory) ? SECOND_FACTOR_ACR : undefined;
    await deps.signedIn.reauthenticate(request, reply, request.url, acr);
    return undefined;
  };
}

export type RecentSignIn = ReturnType<typeof createRecentSignIn>;
