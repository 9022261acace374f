/**
 * The undo log of one memory transaction: every write records how to undo itself, and
 * a failed transaction replays the log backwards.
 */
export class Journal {
  readonly #undo: (() => void)[] = [];
  #open = true;
  /** The earliest run time scheduled in this transaction, announced to workers after commit. */
  earliestScheduled: Date | null = null;

  /** Notes that a job was scheduled to run at `runAt`. */
  scheduled(runAt: Date): void {
    if (this.earliestScheduled === null || runAt.getTime() < this.earliestScheduled.getTime()) this.earliestScheduled = runAt;
  }

  /** Records how to undo the write just made. */
  record(undo: () => void): void {
    this.#undo.push(undo);
  }

  /** False once the transaction this journal belongs to has ended. */
  get open(): boolean {
    return this.#open;
  }

  /** Ends the transaction, keeping its writes. */
  commit(): void {
    this.#open = false;
  }

  /** Ends the transaction, undoing its writes newest first. */
  rollback(): void {
    this.#open = false;
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]?.();
  }
}
