// The processes a bench run starts: chiakhoa (src/server.ts, as `npm start` runs it), the
// reference server, and the load generators. All on loopback, each stopped by its own id.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { LoadResult, LoadSpec } from './load.ts';
import type { FlowSpec } from './flows.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Server {
  readonly baseUrl: string;
  readonly issuer: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

function start(script: string, env: Record<string, string>, nodeOptions: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

export async function startChiakhoa(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = env.ISSUER ?? `${baseUrl}/oidc`;
  const child = start(
    'src/server.ts',
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      // The load comes from one address: per-IP request rate limits would measure themselves.
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000',
      RATE_LIMIT_TOKEN_PER_MINUTE: '1000000000',
      RATE_LIMIT_ADMIN_PER_MINUTE: '1000000000',
      ...env,
      PORT: String(port),
      ISSUER: issuer,
    },
    // BENCH_PROFILE=DIR: a V8 CPU profile of each chiakhoa process, written to DIR at its exit
    // (open it in Chrome DevTools), to see where a scenario spends its time.
    process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
  );
  await waitFor(`${baseUrl}/health/ready`, child);
  return { baseUrl, issuer, process: child, stop: stopper(child) };
}

/** The bare library; with a Redis URL, on the minimal Redis adapter (reference-redis-adapter.ts). */
export async function startReference(setup: string, redisUrl?: string): Promise<Server> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const redis: Record<string, string> = redisUrl ? { REFERENCE_REDIS_URL: redisUrl } : {};
  const child = start('bench/reference-server.ts', { PORT: String(port), BENCH_SETUP: setup, ...redis });
  await waitFor(`${baseUrl}/.well-known/openid-configuration`, child);
  return { baseUrl, issuer: baseUrl, process: child, stop: stopper(child) };
}

async function runJson<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${String(code)}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as T;
}

export const runLoad = (spec: LoadSpec) => runJson<LoadResult>('bench/load.ts', [JSON.stringify(spec)]);
export const runFlows = (spec: FlowSpec) => runJson<LoadResult>('bench/flows.ts', [JSON.stringify(spec)]);
export const runArgon2Reference = (seconds: number) =>
  runJson<{ threads: number; verifiesPerSecond: number }>('bench/argon2-reference.ts', [String(seconds)]);
