import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Child processes of `npm start` (web, worker). Each gets its own process group so that stopping
 * it also stops whatever it spawned, and a pid file so that a later run can clean up after a run
 * that was SIGKILLed before it could stop them.
 */
export class Children {
  private readonly procs = new Map<string, ChildProcess>();

  constructor(private readonly runDir: string) {
    mkdirSync(runDir, { recursive: true });
  }

  killOrphans(log: (s: string) => void): void {
    for (const name of ['web', 'worker']) {
      const file = path.join(this.runDir, `${name}.pid`);
      if (!existsSync(file)) continue;
      const pid = Number(readFileSync(file, 'utf8'));
      rmSync(file, { force: true });
      if (!Number.isInteger(pid) || pid <= 1) continue;
      try {
        // Only a group we started carries our marker; a reused pid is left alone.
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        if (!environ.includes('CIVIC_BRIDGE_CHILD=')) continue;
        process.kill(-pid, 'SIGKILL');
        log(`stopped ${name} left running by an earlier run (pid ${pid})`);
      } catch {
        /* already gone */
      }
    }
  }

  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, onExit: (code: number | null) => void): ChildProcess {
    const child = spawn(command, args, {
      env: { ...env, CIVIC_BRIDGE_CHILD: name },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    if (child.pid) writeFileSync(path.join(this.runDir, `${name}.pid`), String(child.pid));
    this.procs.set(name, child);
    child.on('exit', (code) => {
      this.procs.delete(name);
      rmSync(path.join(this.runDir, `${name}.pid`), { force: true });
      onExit(code);
    });
    return child;
  }

  /** SIGTERM each group, then SIGKILL whatever is still there after the grace period. */
  async stopAll(graceMs = 10_000): Promise<void> {
    const running = [...this.procs.values()];
    const exited = running.map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()))));
    for (const c of running) if (c.pid) try { process.kill(-c.pid, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => {
      for (const c of running) if (c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
    }, graceMs);
    await Promise.all(exited);
    clearTimeout(timer);
    // A group may outlive its leader (e.g. next's own workers): make sure it is empty.
    for (const c of running) if (c.pid) try { process.kill(-c.pid, 'SIGKILL'); } catch { /* empty */ }
  }
}
