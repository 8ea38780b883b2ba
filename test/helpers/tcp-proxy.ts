// A TCP proxy that can drop every connection and refuse new ones, to take a backend "down"
// without touching the real server, swallow chosen requests, as a server that never answers, or
// freeze chosen connections, as a half-open one: still open, carrying nothing either way.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port = 0;
  private readonly target: { host: string; port: number };
  private swallowing: ((chunk: Buffer) => boolean) | undefined;
  private freezing: ((sent: string) => boolean) | undefined;
  /** What each connection's client has sent so far (latin1, its first 64 KiB), for freeze(). */
  private readonly sent = new Map<Socket, string>();

  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  /** Listens on a free loopback port (or the previous one after close()) and forwards. */
  async open(): Promise<number> {
    if (this.server) return this.port;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      this.sent.set(client, '');
      client.once('close', () => this.sent.delete(client));
      const frozen = () => this.freezing?.(this.sent.get(client) ?? '') === true;
      client.on('data', (chunk: Buffer) => {
        const sent = this.sent.get(client) ?? '';
        if (sent.length < 65_536) this.sent.set(client, sent + chunk.toString('latin1'));
        if (!frozen() && !this.swallowing?.(chunk)) upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!frozen()) client.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  /** From now on, client bytes for which `matches` is true never reach the backend. */
  swallow(matches: ((chunk: Buffer) => boolean) | undefined): void {
    this.swallowing = matches;
  }

  /**
   * From now on, every connection whose client has sent what `matches` recognises (so far, or
   * later) carries nothing either way, and reports nothing: the bytes are dropped.
   */
  freeze(matches: ((sent: string) => boolean) | undefined): void {
    this.freezing = matches;
  }

  /** Destroys every open connection and refuses new ones (ECONNREFUSED) until open(). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
