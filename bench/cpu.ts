// CPU time (user + system, all threads) that processes spend during a measurement, read from
// /proc. Requests per second on this shared 2-core machine swing with its speed and with the
// latency a fixed number of connections sees; CPU per request is what each answer costs, and
// what sizes a deployment. Linux only: elsewhere the figures are left out.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`).

/** Its own CPU, or (children) that of its children that have exited and been waited for. */
function cpuMsOf(pid: number, children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = children ? 13 : 11; // utime, stime; or cutime, cstime
    const ticks = Number(fields[at]) + Number(fields[at + 1]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process is gone (a PostgreSQL backend that ended): its time is lost too
  }
}

/** Every PostgreSQL server process on the machine: the bench's database is the only one busy. */
export function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

export interface CpuMeter {
  /** Milliseconds of CPU the processes spent since the meter started. */
  readonly stop: () => number;
}

/** Starts counting the CPU of the given processes (ids read now, once). */
export function cpuMeter(pids: readonly (number | undefined)[]): CpuMeter {
  const known = pids.filter((pid): pid is number => pid !== undefined);
  const before = known.map((pid) => cpuMsOf(pid));
  // A process gone meanwhile (a PostgreSQL backend that ended) reads 0: it adds nothing, rather
  // than taking its earlier time off the others'.
  return { stop: () => known.reduce((sum, pid, index) => sum + Math.max(0, cpuMsOf(pid) - before[index]!), 0) };
}

/**
 * Counts the CPU of this process's children that exit meanwhile: a load generator run to its
 * end (the servers, children too, are counted only when they exit, after the measurement).
 */
export function finishedChildrenCpuMeter(): CpuMeter {
  const before = cpuMsOf(process.pid, true);
  return { stop: () => cpuMsOf(process.pid, true) - before };
}
