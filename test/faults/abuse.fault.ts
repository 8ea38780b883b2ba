// Hostile or broken clients: slow headers and slow bodies are cut within the configured
// timeouts while real sign-ins stay fast; oversized bodies and headers are refused without
// memory growth; one code redeemed 100 times at once yields one token set; a flood beyond
// MAX_IN_FLIGHT is shed at once with 503 + Retry-After instead of waiting.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode } from '../helpers/code-flow.ts';
import { spawnServer, startFaultApp, type FaultApp } from './helpers/harness.ts';
import { Workload } from './helpers/workload.ts';

/** Opens a raw connection that writes `chunks` one every `everyMs`; resolves when it is cut. */
function dribble(port: number, head: string, chunk: string, everyMs: number): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(head));
    let reply = '';
    const timer = setInterval(() => socket.writable && socket.write(chunk), everyMs);
    socket.on('data', (data) => (reply += data.toString()));
    socket.on('error', () => {});
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ ms: performance.now() - started, reply: reply.split('\r\n')[0] ?? '' });
    });
  });
}

describe('slow, oversized and parallel clients', () => {
  let fault: FaultApp;
  let port: number;
  beforeAll(async () => {
    fault = await startFaultApp({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
    port = Number(new URL(fault.app.baseUrl).port);
  });
  afterAll(() => fault?.app.close());

  it('cuts slow-header and slow-body connections while real sign-ins stay fast', async () => {
    const slowHeaders = Array.from({ length: 20 }, () =>
      dribble(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 200),
    );
    const slowBodies = Array.from({ length: 20 }, () =>
      dribble(
        port,
        'POST /interaction/abc/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
        'a=b&',
        200,
      ),
    );
    const started = performance.now();
    await obtainCode({ ...fault.target, ...fault.target.citizens[0]! });
    expect(performance.now() - started).toBeLessThan(2000);
    for (const cut of await Promise.all(slowHeaders)) expect(cut.ms).toBeLessThan(1000 + 1000 + 500);
    for (const cut of await Promise.all(slowBodies)) expect(cut.ms).toBeLessThan(2000 + 1000 + 500);
  });

  it('refuses oversized bodies and headers without memory growth', async () => {
    // In a process of its own, so its memory is the server's alone.
    const server = await spawnServer();
    const residentBytes = async () => {
      const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
      return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
    };
    try {
      const big = Buffer.alloc(1024 * 1024, 'a');
      // The server answers as soon as it has read the headers and closes the connection, so
      // the client may still be writing the megabyte and fail with EPIPE before it reads the
      // answer: that race is the client's, and such a send counts as cut (status 0).
      const send = (path: string) =>
        fetch(`${server.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: big,
        }).then(
          (response) => response.status,
          () => 0,
        );
      /** The status the server gave, trying again when the client lost the race. */
      const answered = async (path: string) => {
        for (let attempt = 0; attempt < 10; attempt += 1) {
          const status = await send(path);
          if (status !== 0) return status;
        }
        return 0;
      };
      expect(await answered('/interaction/abc/login')).toBe(413);
      expect([400, 413]).toContain(await answered('/oidc/token'));
      const header = await fetch(`${server.baseUrl}/health/live`, { headers: { 'x-big': 'a'.repeat(32 * 1024) } });
      expect(header.status).toBe(431);

      const round = () => Promise.all([send('/interaction/abc/login'), send('/oidc/token')]);
      for (let i = 0; i < 20; i += 1) await round();
      const before = await residentBytes();
      for (let i = 0; i < 100; i += 1) await round();
      // 200 MiB refused: a server that kept (or buffered) them would grow by that much; what
      // is left is heap the garbage collector has not handed back yet.
      expect((await residentBytes()) - before).toBeLessThan(48 * 1024 * 1024);
    } finally {
      server.signal('SIGTERM');
      await server.exited;
    }
  });

  it('issues one token set for one code redeemed 100 times at once', async () => {
    const { code, codeVerifier } = await obtainCode({ ...fault.target, ...fault.target.citizens[1]! });
    const workload = new Workload(() => fault.target);
    const fields = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: fault.target.redirectUri,
      code_verifier: codeVerifier,
    };
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => workload.token(fields)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(String(result.reason)).toMatch(/answered 400: .*invalid_grant/);
    }
  });
});

describe('a flood beyond MAX_IN_FLIGHT', () => {
  let fault: FaultApp;
  beforeAll(async () => {
    fault = await startFaultApp({ MAX_IN_FLIGHT: '8' });
  });
  afterAll(() => fault?.app.close());

  it('sheds the excess at once with 503 + Retry-After and serves the rest', async () => {
    // Wrong secrets: each request costs an argon2 verification, so they pile up.
    const basic = `Basic ${Buffer.from(`${fault.target.clientId}:wrong`).toString('base64')}`;
    const results = await Promise.all(
      Array.from({ length: 64 }, async () => {
        const started = performance.now();
        const response = await fetch(`${fault.target.issuer}/token`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        });
        const body = (await response.json()) as { error: string };
        return {
          status: response.status,
          error: body.error,
          retryAfter: response.headers.get('retry-after'),
          ms: performance.now() - started,
        };
      }),
    );
    const shed = results.filter((result) => result.status === 503);
    expect(shed.length).toBeGreaterThan(0);
    for (const result of shed)
      expect(result).toMatchObject({ error: 'temporarily_unavailable', retryAfter: expect.stringMatching(/^\d+$/) });
    expect(results.filter((result) => result.status === 401).length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(2000);
    expect((await fetch(`${fault.app.baseUrl}/health/ready`)).status).toBe(200);
  });
});
