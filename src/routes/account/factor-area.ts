// Composes the account page's second factors (issue 7): the same services the sign-in uses
// (routes/login/index.ts builds its own from the same tables and key), the recent sign-in
// gate, and the routes.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { createFactorManagement } from '../../modules/factors/factor-management.service.ts';
import { createFactorSecrets } from '../../modules/factors/factor-secrets.ts';
import { createFactorsRepository } from '../../modules/factors/factors.repository.ts';
import { createPasskeys, relyingPartyFor } from '../../modules/factors/passkeys.service.ts';
import { createSecondFactors } from '../../modules/factors/second-factors.service.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import type { SignedInGuard } from './account-login.ts';
import { createFactorChanges } from './factor-changes.ts';
import { registerFactorEnrolment } from './factor-enrolment.routes.ts';
import { registerAccountFactors } from './factors.routes.ts';
import { createRecentSignIn } from './recent-sign-in.ts';

export interface FactorAreaDeps {
  readonly issuer: string;
  readonly db: Database;
  readonly store: StateStore;
  readonly notifier: Notifier;
  readonly signedIn: SignedInGuard;
  readonly factorEncryptionKey: string;
  /** How recent a sign-in a change needs (ACCOUNT_RECENT_SIGN_IN_SECONDS). */
  readonly recentSeconds: number;
}

export function registerFactorArea(app: FastifyInstance, deps: FactorAreaDeps): void {
  const { db, notifier, signedIn } = deps;
  const repository = createFactorsRepository(db);
  const secrets = createFactorSecrets(deps.factorEncryptionKey);
  const factors = createSecondFactors({ db, repository, secrets });
  const passkeys = createPasskeys({ db, repository, rp: relyingPartyFor(deps.issuer) });
  const management = createFactorManagement({ db, repository, delivers: notifier.delivers });
  const recentSignIn = createRecentSignIn({ signedIn, management, windowSeconds: deps.recentSeconds });
  const changes = createFactorChanges({ db, notifier });
  registerAccountFactors(app, {
    signedIn,
    recentSignIn,
    management,
    factors,
    changes,
    codesDelivered: notifier.delivers,
    recentSeconds: deps.recentSeconds,
  });
  registerFactorEnrolment(app, { recentSignIn, store: deps.store, secrets, factors, passkeys, changes });
}
