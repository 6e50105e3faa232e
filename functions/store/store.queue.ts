/**
 * A first-in, first-out async mutex. The SQLite adapter runs every operation through one, so
 * while an async transaction is open nothing else touches the connection and interleaves into it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled; resolves with its outcome. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(task);
    // A failed task must not block the ones queued after it.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
