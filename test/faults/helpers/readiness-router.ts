// What a layer-4 balancer such as kube-proxy does: it probes an instance's readiness and sends
// each new connection to it while it is ready, to the rest of the fleet once the probe failed
// `failuresBeforeOut` times in a row. A connection once made stays with its instance, so a
// client's pooled connections keep reaching a draining instance until one side closes them.
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { sleep } from './harness.ts';
import { freshGet } from './prober.ts';

export interface RouterOptions {
  /** The instance under test: its port and readiness URL. */
  readonly instance: { readonly port: number; readonly readyUrl: string };
  /** Where new connections go once it is out of rotation. */
  readonly elsewherePort: number;
  readonly probeEveryMs: number;
  readonly failuresBeforeOut: number;
}

export class ReadinessRouter {
  /** A keep-alive pool whose new connections the router places. */
  readonly agent: Agent;
  private inRotation = true;
  private running = true;
  private readonly probing: Promise<void>;

  constructor(options: RouterOptions, maxSockets: number) {
    const target = () => (this.inRotation ? options.instance.port : options.elsewherePort);
    this.agent = new (class extends Agent {
      override createConnection() {
        return connect(target(), '127.0.0.1');
      }
    })({ keepAlive: true, maxSockets });
    this.probing = this.probe(options);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.probing;
    this.agent.destroy();
  }

  private async probe(options: RouterOptions): Promise<void> {
    let failures = 0;
    while (this.running) {
      const status = await freshGet(options.instance.readyUrl);
      failures = status === '200' ? 0 : failures + 1;
      if (failures >= options.failuresBeforeOut) this.inRotation = false;
      await sleep(options.probeEveryMs);
    }
  }
}
