// Announcing a portal change to every process's portal cache (cache-changes.ts).
import type { CacheChanges } from '../cache/cache-changes.ts';

export interface ClientChanges {
  /** Call after the change has committed: this process forgets it now, the others on receipt. */
  announce(clientId: string): Promise<void>;
}

export function clientChangesOf(changes: CacheChanges): ClientChanges {
  return { announce: (clientId) => changes.announce('client', clientId) };
}
