// Decides where each oidc-provider model lives (README "Where state lives"):
// - Client: the registry's clients table.
// - Grant, RefreshToken, registration tokens: Postgres, durable across a Redis loss.
// - everything else (Session, Interaction, AuthorizationCode, AccessToken, PAR, ...): the
//   short-lived state store (Redis, or in-process for the embedded default).
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../db/database.ts';
import type { ClientsRepository } from '../../modules/clients/clients.repository.ts';
import type { CacheChanges } from '../../modules/cache/cache-changes.ts';
import { cachedGrants, type GrantCache } from './cached-grants.ts';
import { ClientAdapter, type ClientRegistrationWriter } from './client-adapter.ts';
import { PostgresAdapter } from './postgres-adapter.ts';
import { requestScopedStore } from './request-scoped-store.ts';
import { StateAdapter } from './state-adapter.ts';
import type { StateStore } from './state-store.ts';

export const DURABLE_MODELS = new Set(['Grant', 'RefreshToken', 'InitialAccessToken', 'RegistrationAccessToken']);
const GRANT_TOKEN_MODELS = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
] as const;

/** Sessions as chiakhoa's own code reaches them: by the refs of a citizen's index (state-adapter.ts). */
export interface SessionRecords {
  findByRef(ref: string): Promise<AdapterPayload | undefined>;
  destroyByRef(ref: string): Promise<void>;
}

export interface Adapters {
  readonly factory: AdapterFactory;
  readonly sessions: SessionRecords;
  /** Deletes a grant and every token issued under it, in whichever store each lives. */
  readonly revokeGrant: (grantId: string) => Promise<void>;
}

export function createAdapters(deps: {
  db: Database;
  store: StateStore;
  clients: ClientsRepository;
  registrations?: ClientRegistrationWriter;
  /** Grants read through the process's cache, their changes announced (cached-grants.ts). */
  grantCache?: { cache: GrantCache; changes: CacheChanges };
}): Adapters {
  const adapters = new Map<string, Adapter>();
  const store = requestScopedStore(deps.store);

  // A replayed code or refresh token revokes everything issued under its grant.
  const revokeGrant = async (grantId: string) => {
    await Promise.all(GRANT_TOKEN_MODELS.map((model) => adapterFor(model).revokeByGrantId(grantId)));
    await adapterFor('Grant').destroy(grantId);
  };

  function create(model: string): Adapter {
    if (model === 'Client') return new ClientAdapter(deps.clients, deps.registrations);
    if (model === 'Grant' && deps.grantCache) {
      const { cache, changes } = deps.grantCache;
      return cachedGrants(new PostgresAdapter(model, deps.db, revokeGrant), cache, changes);
    }
    if (DURABLE_MODELS.has(model)) return new PostgresAdapter(model, deps.db, revokeGrant);
    return new StateAdapter(model, store, revokeGrant);
  }

  function adapterFor(model: string): Adapter {
    let adapter = adapters.get(model);
    if (!adapter) {
      adapter = create(model);
      adapters.set(model, adapter);
    }
    return adapter;
  }

  const sessionAdapter = () => adapterFor('Session') as StateAdapter;
  const sessions: SessionRecords = {
    findByRef: (ref) => sessionAdapter().findByRef(ref),
    destroyByRef: (ref) => sessionAdapter().destroyByRef(ref),
  };
  return { factory: adapterFor, sessions, revokeGrant };
}
