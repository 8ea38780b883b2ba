// A bounded pool of worker threads for argon2, apart from the libuv threadpool (which
// WebCrypto, and so every token signature, shares). A sign-in storm then costs hashing
// capacity only: token traffic keeps its latency. The queue is bounded too: when it is full,
// the request is shed at once (503 + Retry-After) instead of waiting behind hundreds of others.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { OverloadedError } from '../../errors.ts';
import type { HashTask } from './argon2.worker.ts';

export interface HashPoolOptions {
  /** Worker threads; default: one per core. */
  readonly threads: number;
  /** Tasks allowed to wait for a thread; beyond it, OverloadedError. */
  readonly queueLimit: number;
}

export function defaultHashPoolOptions(): HashPoolOptions {
  const threads = availableParallelism();
  // ~25 ms a verification: 32 waiting per thread is under a second of wait.
  return { threads, queueLimit: threads * 32 };
}

let options: HashPoolOptions = defaultHashPoolOptions();
let pool: Piscina<HashTask, string | boolean> | undefined;

function currentPool(): Piscina<HashTask, string | boolean> {
  pool ??= new Piscina({
    filename: new URL('./argon2.worker.ts', import.meta.url).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    maxQueue: options.queueLimit,
    // Warm threads keep the first sign-ins after a quiet spell fast.
    idleTimeout: 60_000,
  });
  return pool;
}

/** Applies the configured size; the next task starts a pool of that size. */
export async function configureHashPool(next: HashPoolOptions): Promise<void> {
  if (pool && next.threads === options.threads && next.queueLimit === options.queueLimit) return;
  options = next;
  const previous = pool;
  pool = undefined;
  await previous?.close();
}

export async function runHashTask<T extends string | boolean>(task: HashTask): Promise<T> {
  const target = currentPool();
  // Shed before submitting: piscina would reject too, but this keeps the error ours.
  if (target.queueSize >= options.queueLimit) throw new OverloadedError('password hashing');
  try {
    return (await target.run(task)) as T;
  } catch (error) {
    if (error instanceof Error && /queue is at limit/i.test(error.message)) {
      throw new OverloadedError('password hashing', { cause: error });
    }
    throw error;
  }
}

/** For /metrics: tasks waiting for a thread, and threads; `completed` (since the pool started) for tests. */
export function hashPoolStats(): { queued: number; threads: number; utilization: number; completed: number } {
  return {
    queued: pool?.queueSize ?? 0,
    threads: options.threads,
    utilization: pool?.utilization ?? 0,
    completed: pool?.completed ?? 0,
  };
}
