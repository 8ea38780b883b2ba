// The fault suite's ledger: every operation the background workload attempts, and how it
// ended. "Nothing lost" is checked against it: no 500, no hang, no misleading error, and every
// token set the service issued still works once the fault is over.

export type Outcome =
  | 'ok'
  /** 503 temporarily_unavailable (or the same error on the redirect): retry later. */
  | 'unavailable'
  /** The interaction or access token lived in a Redis that was flushed: sign in again. */
  | 'expired'
  /** Connection refused while an instance restarts (a load balancer retries it elsewhere). */
  | 'refused'
  | 'error';

export interface Entry {
  readonly kind: string;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly detail: string;
  readonly at: number;
}

export class Ledger {
  readonly entries: Entry[] = [];

  record(kind: string, outcome: Outcome, ms: number, detail = ''): void {
    this.entries.push({ kind, outcome, ms, detail, at: Date.now() });
  }

  count(outcome: Outcome, kind?: string): number {
    return this.entries.filter((entry) => entry.outcome === outcome && (!kind || entry.kind === kind)).length;
  }

  /** Entries that no fault excuses: 5xx other than 503, hangs, wrong error codes. */
  errors(): Entry[] {
    return this.entries.filter((entry) => entry.outcome === 'error');
  }

  slowest(): number {
    return Math.max(0, ...this.entries.map((entry) => entry.ms));
  }

  summary(): string {
    const counts = new Map<string, number>();
    for (const entry of this.entries)
      counts.set(`${entry.kind}:${entry.outcome}`, (counts.get(`${entry.kind}:${entry.outcome}`) ?? 0) + 1);
    return [...counts].map(([key, value]) => `${key}=${value}`).join(' ');
  }
}
