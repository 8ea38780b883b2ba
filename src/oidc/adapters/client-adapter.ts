// The Client model is read from the registry's clients table (logto's split), so a portal
// disabled there cannot start a login or use its tokens on its next request.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ClientRow, ClientsRepository } from '../../modules/clients/clients.repository.ts';

/** Where the registration endpoints (RFC 7591/7592) write: the clients table. */
export interface ClientRegistrationWriter {
  save(clientId: string, metadata: Record<string, unknown>): Promise<void>;
  disable(clientId: string): Promise<void>;
}

/**
 * What oidc-provider sees. Interactive portals are always "pairwise" to the library, with the
 * registered choice kept in subject_mode, because pairwiseIdentifier is the only hook that
 * shapes `sub` (see subjects.ts). The secret slot holds the argon2id hash; compareClientSecret
 * verifies against it.
 */
export function providerMetadata(
  row: Pick<ClientRow, 'clientId' | 'name' | 'metadata' | 'secretHash' | 'organizationId'>,
): AdapterPayload {
  const metadata = row.metadata;
  const interactive = Array.isArray(metadata.response_types) && metadata.response_types.length > 0;
  return {
    ...metadata,
    client_id: row.clientId,
    client_name: row.name,
    ...(interactive ? { subject_type: 'pairwise', subject_mode: metadata.subject_type ?? 'public' } : {}),
    ...(row.organizationId ? { organization_id: row.organizationId } : {}),
    ...(row.secretHash ? { client_secret: row.secretHash } : {}),
  };
}

export class ClientAdapter implements Adapter {
  private readonly clients: ClientsRepository;
  private readonly writer: ClientRegistrationWriter | undefined;

  constructor(clients: ClientsRepository, writer?: ClientRegistrationWriter) {
    this.clients = clients;
    this.writer = writer;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const row = await this.clients.findEnabled(id);
    return row ? providerMetadata(row) : undefined;
  }

  // Only the registration endpoints write clients through the provider; the writer stores
  // canonical metadata and hashes a newly generated secret (dynamic-registration.service.ts).
  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    if (!this.writer) throw new Error('clients are registered through the clients service');
    await this.writer.save(id, payload);
  }
  async destroy(id: string): Promise<void> {
    if (!this.writer) throw new Error('clients are disabled through the clients service');
    await this.writer.disable(id);
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
