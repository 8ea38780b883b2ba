// The per-process portal cache (record-cache.ts): portals are read on every protocol request
// (token, userinfo, introspection, authorize) and change rarely.
import { createRecordCache, type RecordCache, type RecordCacheOptions } from '../cache/record-cache.ts';
import type { ClientRow } from './clients.repository.ts';

export type ClientCache = RecordCache<ClientRow>;

export function createClientCache(options: RecordCacheOptions<ClientRow>): ClientCache {
  return createRecordCache<ClientRow>(options);
}
