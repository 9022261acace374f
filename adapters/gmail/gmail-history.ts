import type { GmailApi, GmailMessage } from './gmail-client';
import type { GmailHistoryCursor } from './gmail-history-cursor';
import type { GmailNotification } from './gmail-push';

/** The messages added to a mailbox since a history id, and the id read up to. */
export interface AddedMessages {
  /** Each added message once (`id`, `threadId`, `labelIds`), in history order. */
  messages: GmailMessage[];
  /** The mailbox's history id the read reached: the next start. */
  historyId: string;
}

/** At most this many pages of 500 records per notification; the rest waits for the next one. */
const MAX_PAGES = 10;

const minId = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxId = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * The messages added since the last notification, read with `users.history.list`
 * (`historyTypes=messageAdded`). A notification's `historyId` is the mailbox's id after
 * the change, and history lists the records after a start, so the start is the id kept
 * by the cursor; without one, the notification's id minus `lookback`. The start is never
 * above the notification's id minus one, so a notification Pub/Sub delivers again (the
 * host failed to record its events) reads its own change again. A start Gmail no longer
 * keeps (404, after a week or so) falls back to that window.
 */
export async function addedMessages(api: GmailApi, cursor: GmailHistoryCursor, lookback: number, notification: GmailNotification, signal: AbortSignal): Promise<AddedMessages> {
  const announced = BigInt(notification.historyId);
  const window = maxId(0n, announced - BigInt(lookback));
  const kept = await cursor.read(notification.emailAddress);
  const keptId = kept !== null && /^\d+$/.test(kept) ? BigInt(kept) : null;
  const starts = keptId === null ? [window] : [minId(keptId, maxId(0n, announced - 1n)), window];
  for (const start of starts) {
    const read = await readFrom(api, start.toString(), signal);
    if (read !== null) return { messages: read.messages, historyId: read.complete ? maxId(BigInt(read.historyId), announced).toString() : read.historyId };
  }
  // Gmail keeps no history that far back: those changes cannot be read any more.
  return { messages: [], historyId: announced.toString() };
}

async function readFrom(api: GmailApi, start: string, signal: AbortSignal): Promise<(AddedMessages & { complete: boolean }) | null> {
  const seen = new Set<string>();
  const messages: GmailMessage[] = [];
  let pageToken: string | undefined;
  let lastRecord = start;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await api.history(start, pageToken, signal, 'reading the mailbox history of a push notification');
    if (answer === null) return null;
    for (const record of answer.history ?? []) {
      if (typeof record.id === 'string') lastRecord = record.id;
      for (const added of record.messagesAdded ?? []) {
        const id = added.message?.id;
        if (typeof id !== 'string' || seen.has(id)) continue;
        seen.add(id);
        messages.push(added.message as GmailMessage);
      }
    }
    if (typeof answer.nextPageToken !== 'string' || answer.nextPageToken === '') {
      return { messages, historyId: typeof answer.historyId === 'string' ? answer.historyId : lastRecord, complete: true };
    }
    pageToken = answer.nextPageToken;
  }
  // More pages than one notification reads: the next notification goes on from here.
  return { messages, historyId: lastRecord, complete: false };
}
