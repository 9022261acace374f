/**
 * Where the Gmail channel keeps, per mailbox, the last history id it read. A push
 * notification carries the mailbox's history id after the change; the changes themselves
 * are read with `users.history.list` from the id before it, which only a kept cursor
 * knows. Keep it in your database to survive restarts and to share it between processes;
 * seed it with the `historyId` that `users.watch` answers.
 *
 * @example
 * ```ts
 * import type { GmailHistoryCursor } from 'tickler/gmail';
 *
 * const ids = new Map<string, string>(); // a table in your database, in production
 * const cursor: GmailHistoryCursor = {
 *   read: async (mailbox) => ids.get(mailbox) ?? null,
 *   write: async (mailbox, historyId) => void ids.set(mailbox, historyId),
 * };
 * ```
 */
export interface GmailHistoryCursor {
  /** The last history id read for the mailbox (lower-case address), or null when none was kept. */
  read(mailbox: string): Promise<string | null>;
  /** Keeps the history id read up to. Called with increasing ids; two concurrent notifications may write out of order. */
  write(mailbox: string, historyId: string): Promise<void>;
}

/** The default cursor: in memory, per channel. */
export function memoryHistoryCursor(): GmailHistoryCursor {
  const ids = new Map<string, string>();
  return {
    read: async (mailbox) => ids.get(mailbox) ?? null,
    write: async (mailbox, historyId) => {
      const kept = ids.get(mailbox);
      // A late notification must not move the cursor back.
      if (kept === undefined || BigInt(historyId) > BigInt(kept)) ids.set(mailbox, historyId);
    },
  };
}
