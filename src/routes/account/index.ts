// The citizen's account area (issue 7): the account page, signed in with chiakhoa itself as
// an OIDC client (account-client.ts), its second factors, and password recovery. Wires its
// services and routes.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { createAccountOverview } from '../../modules/account/account-overview.ts';
import { createAccountRepository } from '../../modules/account/account.repository.ts';
import type { DisclosuresRepository } from '../../modules/account/disclosures.repository.ts';
import { createGrantsRepository } from '../../modules/account/grants.repository.ts';
import { createMyDataExport } from '../../modules/account/my-data.ts';
import { createPasswordsService } from '../../modules/account/passwords.service.ts';
import { createRecoveryService } from '../../modules/account/recovery.service.ts';
import { recordAudit } from '../../modules/audit/audit.repository.ts';
import type { CitizensRepository } from '../../modules/citizens/citizens.repository.ts';
import type { CitizensService } from '../../modules/citizens/citizens.service.ts';
import type { Notifier } from '../../modules/notifier/notifier.ts';
import type { FailureCounters } from '../../modules/security/failure-counters.ts';
import { guardPostgres } from '../../db/guard.ts';
import { ACCOUNT_CLIENT_ID, ACCOUNT_CLIENT_NAME } from '../../oidc/account-client.ts';
import type { AccountTermination } from '../../oidc/account-termination.ts';
import type { Adapters } from '../../oidc/adapters/adapter-factory.ts';
import type { StateStore } from '../../oidc/adapters/state-store.ts';
import type { PortalNotifier } from '../../oidc/backchannel.ts';
import { createPortalRevocation } from '../../oidc/portal-revocation.ts';
import { registerAccountLogin } from './account-login.ts';
import { createAccountSessions } from './account-session.ts';
import { registerFactorArea } from './factor-area.ts';
import { registerAccountOverview } from './overview.routes.ts';
import { registerPasswordChange } from './password.routes.ts';
import { registerRecovery } from './recovery.routes.ts';
import { selfClient } from './self-client.ts';

export interface AccountDeps {
  readonly issuer: string;
  readonly db: Database;
  readonly store: StateStore;
  readonly adapters: Adapters;
  readonly citizens: CitizensService;
  readonly citizensRepository: CitizensRepository;
  /** Tells every process's citizen cache that this citizen's row changed (a new password). */
  readonly citizenChanged: (citizenId: string) => Promise<void>;
  readonly disclosures: DisclosuresRepository;
  readonly termination: AccountTermination;
  readonly notifyPortal: PortalNotifier;
  readonly notifier: Notifier;
  readonly counters: FailureCounters;
  readonly personalIdDigest: (personalId: string) => string;
  readonly log: Logger;
  /** The key of stored authenticator-app secrets (the sign-in's, FACTOR_ENCRYPTION_KEY). */
  readonly factorEncryptionKey: string;
  /** How recent a sign-in a change to second factors needs. */
  readonly recentSignInSeconds: number;
}

export async function registerAccount(server: FastifyInstance, deps: AccountDeps): Promise<void> {
  const origin = new URL(deps.issuer).origin;
  const self = selfClient(server, deps.issuer);
  const sessions = createAccountSessions({
    store: deps.store,
    adapters: deps.adapters,
    citizens: deps.citizens,
    secureCookies: origin.startsWith('https://'),
  });
  const signedIn = registerAccountLogin(server, { sessions, store: deps.store, origin, selfClient: self });
  const account = createAccountRepository(deps.db);
  const grants = createGrantsRepository(deps.db);
  const passwords = createPasswordsService(deps.db, deps.citizenChanged);
  const { termination, personalIdDigest } = deps;

  registerAccountOverview(server, {
    signedIn,
    sessions,
    db: deps.db,
    overview: createAccountOverview({
      account,
      grants,
      disclosures: deps.disclosures,
      internalClients: new Map([[ACCOUNT_CLIENT_ID, ACCOUNT_CLIENT_NAME]]),
      personalIdDigest,
    }),
    myData: createMyDataExport({ account, grants, disclosures: deps.disclosures, personalIdDigest }),
    revocation: createPortalRevocation({
      grants,
      store: deps.store,
      adapters: deps.adapters,
      notifyPortal: deps.notifyPortal,
    }),
    termination,
    selfClient: self,
  });
  registerFactorArea(server, {
    issuer: deps.issuer,
    db: deps.db,
    store: deps.store,
    notifier: deps.notifier,
    signedIn,
    factorEncryptionKey: deps.factorEncryptionKey,
    recentSeconds: deps.recentSignInSeconds,
  });
  registerPasswordChange(server, { signedIn, sessions, passwords, termination });
  const recovery = createRecoveryService({
    store: deps.store,
    findByPersonalId: (personalId) => deps.citizensRepository.findByPersonalId(personalId),
    notifier: deps.notifier,
    counters: deps.counters,
    personalIdDigest,
    onSendError: (error) =>
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'recovery code not sent'),
    audit: ({ action, ip, digest, details }) =>
      guardPostgres(() =>
        recordAudit(
          deps.db,
          { type: 'anonymous', id: '-', ip },
          { action, targetType: 'personal_id', targetId: digest ?? null, details },
        ),
      ),
  });
  registerRecovery(server, { recovery, passwords, termination, sessions });
}
