/**
 * The Cityworks emulator in a process of its own, for benchmarks. A real Cityworks is another
 * machine: run in the bench's own event loop, the emulator's request handling queued behind the
 * worker under test (and the worker's behind it), so its CPU showed up as the worker's latency.
 * In its own process it has its own event loop, as a remote server would; the bench talks to it
 * over HTTP like the product does, and reads its counters through IPC messages.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultRule } from '@/emulators/cityworks/types';

/** What the bench reads back: calls received, the most answered at once, records by OtherSystemId. */
export interface EmulatorStats {
  calls: number;
  peak: number;
  /** How many records carry each OtherSystemId. */
  recordsByOtherSystemId: Record<string, number>;
}

export interface BenchEmulator {
  url: string;
  setFault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  /** Resets the in-flight peak, so a later `stats()` reports the peak since this moment. */
  resetPeak(): Promise<void>;
  stats(): Promise<EmulatorStats>;
  close(): Promise<void>;
}

type Op = { op: 'setFault'; rule: FaultRule } | { op: 'clearFaults' | 'resetPeak' | 'stats' | 'close' };
type Request = Op & { id: number };
type Reply = { id: number; result?: unknown; error?: string };

/** Starts the emulator in a child process; resolves when it listens. */
export async function startEmulatorProcess(): Promise<BenchEmulator> {
  const worker: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve-emulator'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A failed bench must not leave the emulator running.
  process.on('exit', () => worker.kill('SIGKILL'));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { url: string }) => resolve(m.url));
  });
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  const ask = <R>(req: Op): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.send({ ...req, id });
    });
  return {
    url,
    setFault: (rule) => ask({ op: 'setFault', rule }),
    clearFaults: () => ask({ op: 'clearFaults' }),
    resetPeak: () => ask({ op: 'resetPeak' }),
    stats: () => ask<EmulatorStats>({ op: 'stats' }),
    async close() {
      await ask({ op: 'close' });
      worker.kill('SIGTERM');
    },
  };
}

async function serve(): Promise<void> {
  const { startCityworksEmulator } = await import('@/emulators/cityworks/server');
  const emu = await startCityworksEmulator();
  const port = { postMessage: (m: unknown) => process.send!(m) };
  process.on('message', async (req: Request) => {
    try {
      let result: unknown;
      if (req.op === 'setFault') emu.faults.set(req.rule);
      else if (req.op === 'clearFaults') emu.faults.clear();
      else if (req.op === 'resetPeak') emu.inFlight.peak = emu.inFlight.current;
      else if (req.op === 'close') await emu.close();
      else {
        const recordsByOtherSystemId: Record<string, number> = {};
        for (const r of emu.state.requests) if (r.OtherSystemId) recordsByOtherSystemId[r.OtherSystemId] = (recordsByOtherSystemId[r.OtherSystemId] ?? 0) + 1;
        result = { calls: emu.calls.length, peak: emu.inFlight.peak, recordsByOtherSystemId } satisfies EmulatorStats;
      }
      port.postMessage({ id: req.id, result } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
  port.postMessage({ url: emu.url });
}

if (process.argv.includes('--serve-emulator') && process.send) void serve();
