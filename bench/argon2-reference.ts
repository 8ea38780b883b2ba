// The sign-in reference: raw argon2id verifications per second with chiakhoa's parameters, one
// worker thread per core, for a fixed time, in its own process. Prints one JSON line.
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { hashSync, verifySync } from '../src/modules/secrets/argon2-phc.ts';
import { ARGON2_OPTIONS } from '../src/modules/secrets/secret-hash.ts';

if (isMainThread) {
  const durationSeconds = Number(process.argv[2] ?? '5');
  const hash = hashSync('ChiaKhoa@2026', ARGON2_OPTIONS);
  const threads = availableParallelism();
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { hash, durationSeconds } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const total = counts.reduce((sum, count) => sum + count, 0);
  process.stdout.write(`${JSON.stringify({ threads, verifiesPerSecond: total / durationSeconds })}\n`);
} else {
  const { hash, durationSeconds } = workerData as { hash: string; durationSeconds: number };
  const deadline = Date.now() + durationSeconds * 1000;
  let count = 0;
  while (Date.now() < deadline) {
    verifySync(hash, 'ChiaKhoa@2026');
    count += 1;
  }
  parentPort!.postMessage(count);
}
