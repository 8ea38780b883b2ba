// A minimal round-robin load balancer for the rolling-restart test: it forwards each request
// (Host kept, so the issuer stays the balancer's) to the next upstream in rotation, and retries
// the next one when an upstream refuses the connection, as a real balancer does. An upstream
// taken out of rotation (drained) gets no new requests while its in-flight ones finish.
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Balancer {
  private upstreams: string[] = [];
  private next = 0;
  private server: Server | undefined;
  url = '';

  async listen(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      void this.forward(request).then(
        (upstream) => {
          response.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(response);
        },
        () => response.writeHead(502).end('no upstream answered'),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  add(upstream: string): void {
    this.upstreams.push(upstream);
  }

  drain(upstream: string): void {
    this.upstreams = this.upstreams.filter((candidate) => candidate !== upstream);
  }

  private async forward(incoming: IncomingMessage): Promise<IncomingMessage> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let attempt = 0; attempt < Math.max(1, this.upstreams.length) * 2; attempt += 1) {
      const upstream = this.upstreams[this.next++ % Math.max(1, this.upstreams.length)];
      if (!upstream) break;
      try {
        return await new Promise<IncomingMessage>((resolve, reject) => {
          const outgoing = httpRequest(`${upstream}${incoming.url ?? '/'}`, {
            method: incoming.method,
            headers: incoming.headers,
            agent: false,
          });
          outgoing.once('response', resolve);
          outgoing.once('error', reject);
          outgoing.end(body);
        });
      } catch (error) {
        // Refused: nothing reached the upstream, so any request may go to the next one.
        if ((error as { code?: string }).code !== 'ECONNREFUSED') throw error;
      }
    }
    throw new Error('no upstream');
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
