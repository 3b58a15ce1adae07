import { describe, expect, it } from 'vitest';
import { GroupCommit } from '@/lib/database/group-commit';

/** A write the test finishes by hand, recording the groups it was given. */
function manualWriter() {
  const groups: number[][] = [];
  const pending: { resolve: (failures: unknown[]) => void; reject: (err: unknown) => void }[] = [];
  const write = (items: readonly number[]) =>
    new Promise<readonly unknown[]>((resolve, reject) => {
      groups.push([...items]);
      pending.push({ resolve, reject });
    });
  return { groups, pending, write };
}

/** Lets every pending promise callback run (setImmediate comes after the microtask queue). */
const settled = () => new Promise<void>((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes a lone item at once, and groups those that arrive while the writes in flight run', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { maxConcurrent: 1, maxGroup: 10 });
    const first = commit.add(1);
    expect(w.groups).toEqual([[1]]);
    const rest = [commit.add(2), commit.add(3), commit.add(4)];
    // Nothing more is written while the one write allowed is running.
    expect(w.groups).toEqual([[1]]);
    w.pending[0]!.resolve([]);
    await first;
    await settled();
    expect(w.groups).toEqual([[1], [2, 3, 4]]);
    w.pending[1]!.resolve([]);
    await Promise.all(rest);
  });

  it('runs up to maxConcurrent writes side by side and never puts more than maxGroup in one', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { maxConcurrent: 2, maxGroup: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((i) => commit.add(i));
    expect(w.groups).toEqual([[1], [2]]);
    w.pending[0]!.resolve([]);
    await settled();
    expect(w.groups).toEqual([[1], [2], [3, 4]]);
    w.pending[1]!.resolve([]);
    await settled();
    expect(w.groups).toEqual([[1], [2], [3, 4], [5, 6]]);
    w.pending[2]!.resolve([]);
    w.pending[3]!.resolve([]);
    await Promise.all(all);
  });

  it('fails only the item the write names, and every item of a write that throws', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { maxConcurrent: 1, maxGroup: 10 });
    const a = commit.add(1);
    const grouped = [commit.add(2), commit.add(3)];
    w.pending[0]!.resolve([]);
    await a;
    await settled();
    const bad = new Error('row 3 refused');
    w.pending[1]!.resolve([undefined, bad]);
    await expect(grouped[0]).resolves.toBeUndefined();
    await expect(grouped[1]).rejects.toBe(bad);

    await settled();
    const lone = commit.add(4);
    const c = [commit.add(5), commit.add(6)];
    w.pending[2]!.resolve([]);
    await lone;
    await settled();
    expect(w.groups).toEqual([[1], [2, 3], [4], [5, 6]]);
    const down = new Error('database unreachable');
    w.pending[3]!.reject(down);
    await expect(c[0]).rejects.toBe(down);
    await expect(c[1]).rejects.toBe(down);
  });
});
