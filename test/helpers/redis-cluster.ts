// A real 3-master Redis Cluster from Debian's redis-server, in a temp dir on free ports (each
// node's bus port chosen too, since port + 10000 may not exist), for tests and the fault suite.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitForPing } from './redis-instance.ts';
import { freePort } from './test-app.ts';

const run = promisify(execFile);

export class RedisCluster {
  private readonly processes: ChildProcess[] = [];
  readonly ports: number[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'chiakhoa-cluster-'));

  /** The seeds to give REDIS_CLUSTER_NODES. */
  get nodes(): string[] {
    return this.ports.map((port) => `127.0.0.1:${port}`);
  }

  static async start(masters = 3): Promise<RedisCluster> {
    const cluster = new RedisCluster();
    try {
      for (let index = 0; index < masters; index += 1) await cluster.startNode();
      await run('redis-cli', ['--cluster', 'create', ...cluster.nodes, '--cluster-replicas', '0', '--cluster-yes']);
      await cluster.waitUntilOk();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async startNode(): Promise<void> {
    const [port, busPort] = [await freePort(), await freePort()];
    const args = ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'];
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`));
    args.push('--dir', this.dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no');
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    child.once('error', (error) => console.error(`redis-server failed to start: ${error.message}`));
    this.processes.push(child);
    this.ports.push(port);
    await waitForPing(port);
  }

  /** Every node sees all 16384 slots assigned and the cluster state ok. */
  private async waitUntilOk(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const infos = await Promise.all(
        this.ports.map(async (port) => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout),
      );
      if (infos.every((info) => info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384'))) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the Redis Cluster was not ok within ${timeoutMs} ms`);
  }

  /** Kills one node for good (SIGKILL): the others go on, the cluster state fails later. */
  async kill(port: number): Promise<void> {
    const child = this.processes[this.ports.indexOf(port)];
    if (!child) throw new Error(`no node of this cluster on port ${port}`);
    await killed(child);
  }

  /** Stops one node without closing its connections (SIGSTOP): they go silent. */
  freeze(port: number, frozen = true): void {
    const child = this.processes[this.ports.indexOf(port)];
    if (!child) throw new Error(`no node of this cluster on port ${port}`);
    child.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map(killed));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
