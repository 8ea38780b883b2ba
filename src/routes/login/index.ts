// Composes the steps of a sign-in after the password (issue 5): second factors, setting one
// up, known devices, the assurance a portal asks for. Returns what the login route calls.
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import type { CitizensService } from '../../modules/citizens/citizens.service.ts';
import { createDevicesRepository } from '../../modules/factors/devices.repository.ts';
import { createFactorSecrets } from '../../modules/factors/factor-secrets.ts';
import { createFactorsRepository } from '../../modules/factors/factors.repository.ts';
import { createPasskeys, relyingPartyFor } from '../../modules/factors/passkeys.service.ts';
import { createSecondFactors } from '../../modules/factors/second-factors.service.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import type { OrganizationChoice } from '../organization-choice.ts';
import { registerFactorAssets } from '../factor-assets.ts';
import { createRequirements } from './assurance-requirement.ts';
import { registerFactorSetupRoutes } from './factor-setup.routes.ts';
import { createLoginSteps, type LoginSteps } from './login-steps.ts';
import { createPendingLogins } from './pending-login.ts';
import type { SecondFactorGuard } from './second-factor-guard.ts';
import { registerSecondFactorRoutes } from './second-factor.routes.ts';
import { createStepLoader } from './step-context.ts';

export interface LoginStepsOptions {
  readonly provider: Provider;
  readonly db: Database;
  readonly store: StateStore;
  readonly citizens: CitizensService;
  readonly organizationChoice: OrganizationChoice;
  readonly notifier: Notifier;
  /** Growing waits against guessing second-factor codes (second-factor-guard.ts). */
  readonly guard: SecondFactorGuard;
  readonly factorEncryptionKey: string;
  readonly issuer: string;
}

export function registerLoginSteps(app: FastifyInstance, options: LoginStepsOptions): LoginSteps {
  const { provider, db } = options;
  const repository = createFactorsRepository(db);
  const secrets = createFactorSecrets(options.factorEncryptionKey);
  const factors = createSecondFactors({ db, repository, secrets });
  const passkeys = createPasskeys({ db, repository, rp: relyingPartyFor(options.issuer) });
  const pending = createPendingLogins(options.store);
  const loadStep = createStepLoader({ provider, citizens: options.citizens, pending });
  const requirementOf = createRequirements({ provider, factors, codesDelivered: options.notifier.delivers });
  const steps = createLoginSteps({
    provider,
    db,
    pending,
    devices: createDevicesRepository(db),
    requirementOf,
    loadStep,
    organizationChoice: options.organizationChoice,
    secureCookies: options.issuer.startsWith('https://'),
  });
  steps.register(app);
  const shared = { loadStep, requirementOf, pending, factors, passkeys, steps };
  registerSecondFactorRoutes(app, { ...shared, notifier: options.notifier, guard: options.guard });
  registerFactorSetupRoutes(app, { ...shared, secrets, notifier: options.notifier });
  registerFactorAssets(app);
  return steps;
}
