/**
 * Group commit: many callers hand in one item each, and their items are written together, one
 * write for all who arrived while earlier writes were running. A commit waits on a WAL flush, so
 * under load N callers pay for one flush instead of N; alone, a caller is written at once.
 *
 * `write` answers per item: an Error (or any value other than undefined) fails that caller alone,
 * so one bad row does not fail the others. A write that throws fails every caller of its group.
 */
export type GroupWrite<T> = (items: readonly T[]) => Promise<readonly unknown[]>;

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T> {
  private readonly waiting: Waiting<T>[] = [];
  private running = 0;

  /**
   * @param maxConcurrent writes in flight at once: more than one keeps a lone caller from waiting
   *   on another's commit, while a burst still groups behind them.
   * @param maxGroup the most items one write takes.
   */
  constructor(
    private readonly write: GroupWrite<T>,
    private readonly opts: { maxConcurrent: number; maxGroup: number },
  ) {}

  /** Resolves once `item` is written; rejects with its own failure or its group's. */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.opts.maxConcurrent && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.opts.maxGroup);
      this.running++;
      this.write(group.map((w) => w.item))
        .then(
          (failures) => group.forEach((w, i) => (failures[i] === undefined ? w.resolve() : w.reject(failures[i]))),
          (err: unknown) => group.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
