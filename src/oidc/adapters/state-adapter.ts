// oidc-provider's adapter contract over a StateStore (Redis or in-process): the models that a
// Redis loss may cost (citizens sign in again). @see oidc-provider docs "Adapter"
//
// The id of an access token, an authorization code or a client-credentials token is the token
// itself. Like the durable tokens (postgres-adapter.ts), it is kept only as its digest, in the
// key and in the grant's index, and dropped from the stored payload (jti): whoever reads Redis
// (a replica, a MONITOR, a memory dump) finds no token to present. find(id) is given the token
// and puts jti back.
//
// A session's id is the value of its cookie, as good as the citizen's sign-in: it is kept the
// same way, as its digest (the "ref") in its key, its uid pointer and the citizen's index. A
// session found by its uid (oidc-provider checks a token's or an interaction's session that way)
// or by its ref (chiakhoa's own code, ending a citizen's sessions) comes without its jti, which
// only its cookie knows; oidc-provider only reads such sessions. An interaction's copy of its
// session's cookie is dropped too (oidc-provider never reads it back). Sessions written before
// this by the raw id are still found by the cookie, and moved to the digest on that first use;
// those never used again expire (SESSION_MAX_AGE_SECONDS).
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { tokenDigest } from '../../modules/secrets/token-digest.ts';
import { parseAccountId } from '../account-id.ts';
import { ttlOrMax, type StateStore } from './state-store.ts';

export const citizenSessionsKey = (citizenId: string) => `oidc:citizen-sessions:${citizenId}`;

/** Models whose instances belong to a grant and die with it. */
const GRANT_BOUND = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'ClientCredentials',
]);

/** Models whose id is a bearer token, found by that token only (no uid or user code pointer). */
export const STATE_TOKEN_MODELS = new Set(['AccessToken', 'AuthorizationCode', 'ClientCredentials', 'RefreshToken']);
/** Models kept under the digest of their id (ref); a session is found by its uid too. */
const DIGESTED_MODELS = new Set([...STATE_TOKEN_MODELS, 'Session']);

export type RevokeGrant = (grantId: string) => Promise<void>;

const epochSeconds = () => Math.floor(Date.now() / 1000);

export class StateAdapter implements Adapter {
  private readonly model: string;
  private readonly store: StateStore;
  private readonly revokeGrant: RevokeGrant;
  private readonly digested: boolean;

  constructor(model: string, store: StateStore, revokeGrant: RevokeGrant) {
    this.model = model;
    this.store = store;
    this.revokeGrant = revokeGrant;
    this.digested = DIGESTED_MODELS.has(model);
  }

  /** What stands for the id in keys and indexes: a token's or session's digest, any other id as it is. */
  private ref(id: string) {
    return this.digested ? tokenDigest(id) : id;
  }

  private keyOfRef(ref: string) {
    return `oidc:${this.model}:${ref}`;
  }

  private key(id: string) {
    return this.keyOfRef(this.ref(id));
  }

  private grantIndexKey(grantId: string) {
    return `oidc:grant:${this.model}:${grantId}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const ttl = ttlOrMax(expiresIn);
    const { consumed, ...rest } = payload as Record<string, unknown>;
    if (this.digested) delete rest.jti;
    if (this.model === 'Interaction' && isRecord(rest.session)) {
      const { cookie: _cookie, ...session } = rest.session;
      rest.session = session;
    }
    // The record, its pointers and index entries go out together: one pipelined write to
    // Redis instead of a round trip each (a session save was three). None depends on another's
    // answer; a pointer or index entry whose record failed to be written leads nowhere, which
    // every reader already allows for (an index may name records gone by expiry).
    const ref = this.ref(id);
    const writes = [
      this.store.putRecord(
        this.keyOfRef(ref),
        JSON.stringify(rest),
        typeof consumed === 'number' ? consumed : undefined,
        ttl,
      ),
    ];
    if (this.model === 'Session' && payload.uid) {
      writes.push(this.store.putPointer(`oidc:sessionUid:${payload.uid}`, ref, ttl));
    }
    // Sessions by citizen, so locking an account can end every session it has.
    const citizenId =
      this.model === 'Session' && payload.accountId ? parseAccountId(payload.accountId)?.citizenId : undefined;
    if (citizenId) writes.push(this.store.addToIndex(citizenSessionsKey(citizenId), ref, ttl));
    if (payload.userCode) writes.push(this.store.putPointer(`oidc:userCode:${payload.userCode}`, id, ttl));
    if (payload.grantId && GRANT_BOUND.has(this.model)) {
      writes.push(this.store.addToIndex(this.grantIndexKey(payload.grantId), ref, ttl));
    }
    await Promise.all(writes);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const payload = await this.findByRef(this.ref(id));
    if (payload) return this.digested ? { ...payload, jti: id } : payload;
    if (this.model !== 'Session') return undefined;
    // A session written by its raw id, before sessions were digested (see the top). Such a
    // record still holds its jti; one written since holds none, so its key's digest, read from
    // Redis, is never taken for a cookie.
    const legacy = await this.findByRef(id);
    if (legacy?.jti !== id) return undefined;
    await this.migrateLegacySession(id, legacy);
    return legacy;
  }

  /** Moves a session found under its raw id to its digest, on its first use since the upgrade. */
  private async migrateLegacySession(id: string, payload: AdapterPayload): Promise<void> {
    const left = typeof payload.exp === 'number' ? payload.exp - epochSeconds() : 0;
    if (left <= 0) return;
    await this.upsert(id, payload, left);
    await this.store.deleteKeys([this.keyOfRef(id)]);
    const citizenId = payload.accountId ? parseAccountId(payload.accountId)?.citizenId : undefined;
    if (citizenId) await this.store.removeFromIndex(citizenSessionsKey(citizenId), id);
  }

  /** The record under a ref (a digest, or the raw id of a model kept as it is), without jti. */
  async findByRef(ref: string): Promise<AdapterPayload | undefined> {
    const record = await this.store.getRecord(this.keyOfRef(ref));
    if (!record) return undefined;
    const stored = JSON.parse(record.payload) as AdapterPayload;
    return record.consumed === undefined ? stored : { ...stored, consumed: record.consumed };
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const ref = await this.store.getPointer(`oidc:sessionUid:${uid}`);
    return ref ? this.findByRef(ref) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.store.getPointer(`oidc:userCode:${userCode}`);
    return id ? this.find(id) : undefined;
  }

  /**
   * Atomic: of any number of parallel redemptions exactly one succeeds. A second one is a
   * replay (RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it).
   */
  async consume(id: string): Promise<void> {
    const outcome = await this.store.consumeRecord(this.key(id), epochSeconds());
    if (outcome === 'consumed') return;
    const label = this.model === 'RefreshToken' ? 'refresh token' : 'grant';
    // Gone since the caller found it (revoked by a parallel replay, or expired): not redeemable.
    if (outcome === 'missing') throw new errors.InvalidGrant(`${label} not found`);
    const payload = await this.find(id);
    if (payload?.grantId) await this.revokeGrant(payload.grantId);
    throw new errors.InvalidGrant(`${label} already used`);
  }

  async destroy(id: string): Promise<void> {
    // A session may also be under its raw id (written before the digests): both go, together.
    const refs = this.model === 'Session' ? [this.ref(id), id] : [this.ref(id)];
    await this.destroyRefs(refs);
  }

  /** Deletes the record under a ref, with its uid or user code pointer. */
  destroyByRef(ref: string): Promise<void> {
    return this.destroyRefs([ref]);
  }

  private async destroyRefs(refs: string[]): Promise<void> {
    const payloads = await Promise.all(refs.map((ref) => this.findByRef(ref)));
    const keys = refs.map((ref) => this.keyOfRef(ref));
    for (const payload of payloads) {
      if (payload?.uid && this.model === 'Session') keys.push(`oidc:sessionUid:${payload.uid}`);
      if (payload?.userCode) keys.push(`oidc:userCode:${payload.userCode}`);
    }
    await this.store.deleteKeys(keys);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const refs = await this.store.takeIndex(this.grantIndexKey(grantId));
    await this.store.deleteKeys(refs.map((ref) => this.keyOfRef(ref)));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
