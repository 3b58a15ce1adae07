/**
 * CPU time of processes other than this one, from /proc (Linux): the embedded PostgreSQL (the
 * postmaster and every backend it forked) and spawned worker processes. Benchmarks read it before
 * and after a phase to say how much CPU each part spent per item.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMs: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== null);
}

/** CPU ms of `root` and all its descendants alive now (a backend that exited is not counted: read before it ends). */
export function treeCpuMs(root: number): number {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let total = 0;
  const stack = stats.filter((s) => s.pid === root);
  while (stack.length > 0) {
    const s = stack.pop()!;
    total += s.cpuMs;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return total;
}

/**
 * CPU of a process tree over a phase, sampled: PostgreSQL backends come and go (a pool closes idle
 * connections), so each pid seen is counted from its first sample (or from 0 when it started
 * during the phase) to its last.
 */
export function sampleTreeCpu(root: number, everyMs = 2000): { stop(): number } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const take = (initial: boolean) => {
    const stats = allStats();
    const children = new Map<number, ProcStat[]>();
    for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
    const stack = stats.filter((s) => s.pid === root);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (!first.has(s.pid)) first.set(s.pid, initial ? s.cpuMs : 0);
      last.set(s.pid, s.cpuMs);
      stack.push(...(children.get(s.pid) ?? []));
    }
  };
  take(true);
  const timer = setInterval(() => take(false), everyMs);
  return {
    stop() {
      clearInterval(timer);
      take(false);
      let total = 0;
      for (const [pid, end] of last) total += end - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/** The postmaster's pid, from its data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
}
