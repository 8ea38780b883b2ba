// The short-lived key-value store behind oidc-provider's volatile models (sessions,
// interactions, codes, access tokens, PAR, replay detection). Two implementations share this
// contract: Redis (production, several processes) and an in-process map (embedded default).

export interface StoredRecord {
  readonly payload: string;
  /** Epoch seconds when consumed, set atomically by consumeRecord. */
  readonly consumed: number | undefined;
}

export type ConsumeOutcome = 'consumed' | 'already_consumed' | 'missing';

/** Every key gets a TTL; records with no lifetime of their own get this one. */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

export interface StateStore {
  readonly kind: 'redis' | 'memory';
  putRecord(key: string, payload: string, consumed: number | undefined, ttlSeconds: number): Promise<void>;
  getRecord(key: string): Promise<StoredRecord | undefined>;
  /** Marks a record consumed exactly once, however many callers race. */
  consumeRecord(key: string, at: number): Promise<ConsumeOutcome>;
  deleteKeys(keys: readonly string[]): Promise<void>;
  putPointer(key: string, value: string, ttlSeconds: number): Promise<void>;
  getPointer(key: string): Promise<string | undefined>;
  /** Adds a member to a set whose TTL only grows (the longest-lived member keeps it). */
  addToIndex(key: string, member: string, ttlSeconds: number): Promise<void>;
  /** Returns and removes a set's members. */
  takeIndex(key: string): Promise<string[]>;
  /** Removes one member of a set. */
  removeFromIndex(key: string, member: string): Promise<void>;
  /** Returns a set's members, leaving them. */
  readIndex(key: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function ttlOrMax(expiresIn: number | undefined): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn) || expiresIn <= 0) return MAX_TTL_SECONDS;
  return Math.min(Math.ceil(expiresIn), MAX_TTL_SECONDS);
}
