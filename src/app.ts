// buildApp(config): the whole service as a fastify instance, without listening. The list
// below is the architecture: infrastructure, domain services, provider, then routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import middie from '@fastify/middie';
import Fastify, { type FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { Config } from './config.ts';
import { httpOptions } from './http-options.ts';
import { openInfrastructure, type Infrastructure } from './infrastructure.ts';
import { loggerOptions } from './logger.ts';
import { createCitizensRepository, type Citizen } from './modules/citizens/citizens.repository.ts';
import { createCitizensService, type CitizensService } from './modules/citizens/citizens.service.ts';
import { createClientCache } from './modules/clients/client-cache.ts';
import { createLocalCacheChanges, createRedisCacheChanges } from './modules/cache/cache-changes.ts';
import { createRecordCache } from './modules/cache/record-cache.ts';
import { cachedCitizenReads } from './modules/citizens/cached-citizens.ts';
import { clientChangesOf } from './modules/clients/client-changes.ts';
import { grantExpiresAt } from './oidc/adapters/cached-grants.ts';
import { cachedClientsRepository, createClientsRepository } from './modules/clients/clients.repository.ts';
import { createClientsService, type ClientsService } from './modules/clients/clients.service.ts';
import {
  createDynamicRegistrations,
  type DynamicRegistrations,
} from './modules/clients/dynamic-registration.service.ts';
import {
  createPortalsService,
  type PortalsService,
  type ProviderValidator,
} from './modules/clients/portals.service.ts';
import { providerMetadata } from './oidc/adapters/client-adapter.ts';
import { initialAccessTokenMinter } from './oidc/registration.ts';
import { loadProviderSecrets } from './oidc/dev-secrets.ts';
import { loadSigningKeys } from './oidc/keys.ts';
import { createProvider } from './oidc/provider.ts';
import { createAdapters } from './oidc/adapters/adapter-factory.ts';
import { openRequestScope } from './oidc/adapters/request-scoped-store.ts';
import { createAccountTermination } from './oidc/account-termination.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createCitizensAdminService } from './modules/citizens/citizens-admin.service.ts';
import { createActingService } from './modules/organizations/acting.service.ts';
import { createMandatesService } from './modules/organizations/mandates.service.ts';
import { createOrganizationsLookup } from './modules/organizations/organization-lookup.ts';
import { createOrganizationsService } from './modules/organizations/organizations.service.ts';
import { createVerifiedImportService } from './modules/organizations/verified-import.service.ts';
import { registerAdminApi } from './routes/admin/index.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { registerOperations } from './plugins/operations.ts';
import { registerDefences } from './plugins/defences.ts';
import { registerDraining, type Drain } from './plugins/draining.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { createDisclosureRecorder } from './modules/account/disclosure-recorder.ts';
import { createDisclosuresRepository } from './modules/account/disclosures.repository.ts';
import { createOutbox, outboxFile, type Outbox } from './modules/notifier/outbox.ts';
import { noNotifier } from './modules/notifier/notifier.ts';
import { createMemoryFailureCounters } from './modules/security/failure-counters.ts';
import { personalIdDigest } from './modules/security/personal-id-digest.ts';
import { createPortalNotifier } from './oidc/backchannel.ts';
import { createRedisFailureCounters } from './redis/failure-counters.ts';
import { registerAccount } from './routes/account/index.ts';
import { registerLanguageChoice } from './plugins/language.ts';
import { registerAssetRoutes } from './routes/assets.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerInteractionRoutes } from './routes/interaction.ts';
import { registerOrganizationChoice } from './routes/organization-choice.ts';
import { registerLoginSteps } from './routes/login/index.ts';

export interface App {
  readonly server: FastifyInstance;
  readonly provider: Provider;
  readonly infrastructure: Infrastructure;
  readonly citizens: CitizensService;
  readonly clients: ClientsService;
  readonly portals: PortalsService;
  readonly registrations: DynamicRegistrations;
  /** The development notifier's messages (OTP_NOTIFIER=outbox), where tests read codes. */
  readonly outbox: Outbox | undefined;
  /** Turned on by src/server.ts at a shutdown signal, before the close (plugins/draining.ts). */
  readonly drain: Drain;
}

export async function buildApp(config: Config): Promise<App> {
  const server = Fastify({
    logger: loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    ...httpOptions(config),
    return503OnClosing: true,
  });
  // Before any other hook: the request's reads of interactions and sessions are remembered
  // for the rest of it (request-scoped-store.ts).
  server.addHook('onRequest', (_request, _reply, done) => openRequestScope(done));
  const infrastructure = await openInfrastructure(config, server.log);
  server.addHook('onClose', () => infrastructure.close());

  const { db } = infrastructure.database;
  const citizensRepository = createCitizensRepository(db);
  const citizens = createCitizensService(citizensRepository);
  // Portals, and the grant and citizen behind a token, read on nearly every protocol request,
  // come from memory; changes are announced to every process at once (cache-changes.ts), so a
  // disabled portal or a locked citizen stops everywhere.
  const clientCache = createClientCache({ ttlMs: config.clientCacheSeconds * 1000 });
  const accountTtlMs = config.accountCacheSeconds * 1000;
  const grantCache = createRecordCache<string>({ ttlMs: accountTtlMs, expiresAt: grantExpiresAt });
  const citizenCache = createRecordCache<Citizen>({ ttlMs: accountTtlMs });
  const caches = { client: clientCache, grant: grantCache, citizen: citizenCache };
  const cacheChanges = infrastructure.redis
    ? await createRedisCacheChanges(
        infrastructure.redis,
        // The channel's name predates grants and citizens: processes of the previous version
        // still hear portal changes on it during a rolling upgrade.
        `${config.redisKeyPrefix}client-changes`,
        caches,
        server.log,
      )
    : createLocalCacheChanges(caches);
  server.addHook('onClose', () => cacheChanges.close());
  const clientChanges = clientChangesOf(cacheChanges);
  const clientsRepository = cachedClientsRepository(createClientsRepository(db), clientCache, clientChanges);
  const secrets = loadProviderSecrets(config, server.log);
  const acting = createActingService(db);
  const registrations = createDynamicRegistrations(db, clientChanges);
  const adapters = createAdapters({
    db,
    store: infrastructure.store,
    clients: clientsRepository,
    registrations,
    grantCache: { cache: grantCache, changes: cacheChanges },
  });
  const jwks = await loadSigningKeys(config, server.log);
  const disclosures = createDisclosuresRepository(db);
  const provider = createProvider({
    issuer: config.issuer,
    adapters,
    citizens: cachedCitizenReads(citizens, citizenCache),
    acting,
    organizations: createOrganizationsLookup(db),
    jwks,
    trustProxy: config.trustProxy,
    settings: {
      cookieKeys: secrets.cookieKeys,
      pairwiseSalt: secrets.pairwiseSalt,
      sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
      secureCookies: config.issuer.startsWith('https://'),
      outboundAllowedOrigins: config.outboundAllowedOrigins,
    },
    registrations,
    disclosures: createDisclosureRecorder(disclosures),
  });
  const validateForProvider: ProviderValidator = (row) => provider.Client.validate(providerMetadata(row) as never);
  const clients = createClientsService(clientsRepository, validateForProvider);
  const portals = createPortalsService(db, validateForProvider, clientChanges);

  registerErrorHandler(server);
  // First, so every answer carries them, even those served early (discovery copies, 503s).
  registerSecurityHeaders(server, { production: config.env === 'production' });
  // Next, for the same reason: during the drain before a shutdown every answer says Connection: close.
  const drain = registerDraining(server);
  await registerOperations(server, { config, provider, infrastructure });
  const signInSecurity = await registerDefences(server, {
    config,
    provider,
    infrastructure,
    cookieKeys: secrets.cookieKeys,
    digestSecret: secrets.pairwiseSalt,
  });
  registerLanguageChoice(server);
  await server.register(formbody);
  await server.register(middie);
  const oidcCallback = provider.callback();
  // oidc-provider answers the raw request itself; its promise settles when it has.
  server.use(config.issuerPath, (req: IncomingMessage, res: ServerResponse) => void oidcCallback(req, res));
  registerHealthRoutes(server, {
    postgres: () => infrastructure.database.ping(),
    redis: () => infrastructure.store.ping(),
    draining: () => drain.active,
  });
  registerAssetRoutes(server);
  const organizationChoice = registerOrganizationChoice(server, {
    provider,
    store: infrastructure.store,
    citizens,
    acting,
  });
  // One-time codes by SMS/email: the development outbox (a file under DATA_DIR too, so a
  // developer can read a code), or nothing where no gateway is configured.
  const outbox = config.otpNotifier === 'outbox' ? createOutbox({ file: outboxFile(config) }) : undefined;
  const loginSteps = registerLoginSteps(server, {
    provider,
    db,
    store: infrastructure.store,
    citizens,
    organizationChoice,
    notifier: outbox ?? noNotifier,
    guard: signInSecurity.secondFactor,
    factorEncryptionKey: secrets.factorEncryptionKey,
    issuer: config.issuer,
  });
  registerInteractionRoutes(server, provider, citizens, signInSecurity, loginSteps);
  const termination = createAccountTermination({
    provider,
    db,
    store: infrastructure.store,
    adapters,
    log: server.log,
  });
  await registerAdminApi(server, {
    issuer: config.issuer,
    jwks,
    audit: createAuditRepository(db),
    citizens: {
      repository: citizensRepository,
      admin: createCitizensAdminService(
        db,
        (id) => termination.endCitizenAccess(id),
        (id) => cacheChanges.announce('citizen', id),
      ),
    },
    clients: { portals, registrations, mintInitialAccessToken: initialAccessTokenMinter(provider) },
    organizations: {
      organizations: createOrganizationsService(db),
      mandates: createMandatesService(db),
      verifiedImport: createVerifiedImportService(db),
    },
  });

  await registerAccount(server, {
    issuer: config.issuer,
    db,
    store: infrastructure.store,
    adapters,
    citizens,
    citizensRepository,
    citizenChanged: (id) => cacheChanges.announce('citizen', id),
    disclosures,
    termination,
    notifyPortal: createPortalNotifier(provider, server.log),
    notifier: outbox ?? noNotifier,
    counters: infrastructure.redis
      ? createRedisFailureCounters(infrastructure.redis, `${config.redisKeyPrefix}recovery:`)
      : createMemoryFailureCounters(),
    personalIdDigest: personalIdDigest(secrets.pairwiseSalt),
    log: server.log,
    factorEncryptionKey: secrets.factorEncryptionKey,
    recentSignInSeconds: config.accountRecentSignInSeconds,
  });

  return { server, provider, infrastructure, citizens, clients, portals, registrations, outbox, drain };
}
