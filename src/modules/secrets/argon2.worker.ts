// The hashing pool's worker thread: one argon2 computation per task, synchronously, on this
// thread (see argon2-phc.ts for why not the libuv threadpool). Loaded by piscina.
import { setPriority } from 'node:os';
import { hashSync, verifySync, type Argon2Parameters } from './argon2-phc.ts';

export type HashTask =
  | { readonly op: 'hash'; readonly secret: string; readonly parameters: Argon2Parameters }
  | { readonly op: 'verify'; readonly hash: string; readonly secret: string };

// On Linux the nice value is per thread, and setpriority(pid 0) changes the calling thread
// only: hashing yields the cores to the event loop whenever both want them, so a sign-in storm
// slows sign-ins, not token traffic. Where it is refused, hashing just keeps normal priority.
try {
  setPriority(10);
} catch {
  // not permitted on this platform: harmless
}

export default function run(task: HashTask): string | boolean {
  return task.op === 'hash' ? hashSync(task.secret, task.parameters) : verifySync(task.hash, task.secret);
}
