// Back-to-back GETs to one URL until stopped, every outcome recorded: through a keep-alive pool
// it is a portal reusing its connections; with no agent, a probe that connects anew each time.
import { get, type Agent } from 'node:http';
import { sleep } from './harness.ts';

export interface ProbeOutcome {
  readonly sentAt: number;
  /** The status code, or the error's code (ECONNRESET for a reset or a socket hang up). */
  readonly status: string;
  readonly connection: string | undefined;
  /** The request went on a pooled connection an earlier response had left open. */
  readonly reused: boolean;
  /** The port of the instance that answered (or failed). */
  readonly port: number | undefined;
  readonly body: string;
}

export class Prober {
  readonly outcomes: ProbeOutcome[] = [];
  private running = true;
  private readonly url: string;
  private readonly agent: Agent | false;
  private readonly loops: Promise<void>[];

  constructor(url: string, options: { agent: Agent | false; loops?: number; pauseMs?: number }) {
    this.url = url;
    this.agent = options.agent;
    this.loops = Array.from({ length: options.loops ?? 1 }, () => this.loop(options.pauseMs ?? 0));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(pauseMs: number): Promise<void> {
    while (this.running) {
      const outcome = await this.once();
      this.outcomes.push(outcome);
      // A refused connection comes back at once: no need to spin on it.
      const pause = /^\d+$/.test(outcome.status) ? pauseMs : Math.max(pauseMs, 10);
      if (pause > 0) await sleep(pause);
    }
  }

  private once(): Promise<ProbeOutcome> {
    const sentAt = performance.now();
    return new Promise((resolve) => {
      let port: number | undefined;
      const failed = (error: NodeJS.ErrnoException) =>
        resolve({
          sentAt,
          status: error.code ?? error.message,
          connection: undefined,
          reused: request.reusedSocket,
          port,
          body: '',
        });
      const request = get(this.url, { agent: this.agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('error', failed);
        response.on('end', () =>
          resolve({
            sentAt,
            status: String(response.statusCode),
            connection: response.headers.connection,
            reused: request.reusedSocket,
            port,
            body: body.slice(0, 200),
          }),
        );
      });
      // Read once connected: a pooled socket is detached from the response by its end.
      request.on('socket', (socket) => {
        const read = () => (port = socket.remotePort);
        if (socket.connecting) socket.once('connect', read);
        else read();
      });
      request.on('error', failed);
    });
  }
}

/** The status of a GET on a connection of its own (no keep-alive pool), or the error's code. */
export function freshGet(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(String(response.statusCode));
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
