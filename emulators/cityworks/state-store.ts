import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSeedState } from './seed';
import type { EmulatorState } from './types';

/**
 * Holds the emulator's records. With a state file, every change is written before the response
 * goes out (temp file + rename, so a crash never leaves half a file), which is what makes the
 * `lost-response` fault meaningful: the record exists although the client never heard so.
 */
export class StateStore {
  state: EmulatorState;

  constructor(private readonly siteWkid: number, private readonly file?: string) {
    this.state = this.load() ?? createSeedState(siteWkid);
    if (file) this.save();
  }

  private load(): EmulatorState | null {
    if (!this.file || !existsSync(this.file)) return null;
    return JSON.parse(readFileSync(this.file, 'utf8')) as EmulatorState;
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  reset(): void {
    this.state = createSeedState(this.siteWkid);
    this.save();
  }

  nextId(kind: keyof EmulatorState['seq']): number {
    const id = this.state.seq[kind];
    this.state.seq[kind] = id + 1;
    return id;
  }
}
