import { createHash } from 'node:crypto';

// tickler's keys are SHA-256 hex. A host's own key may hold characters that a msg-id
// cannot, or that Gmail's search reads as operators (`rfc822msgid:` must match it as is):
// only letters, digits, `_`, `-` and inner dots are kept verbatim.
const SAFE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The `Message-ID` of the email for an idempotency key: `<key@domain>`, the same on every
 * attempt, so a retry can search the mailbox for it (`rfc822msgid:`) before sending again.
 * A key with other characters, or longer than 64, is replaced by its SHA-256 in hex.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const local = SAFE.test(idempotencyKey) && idempotencyKey.length <= 64 ? idempotencyKey : createHash('sha256').update(idempotencyKey).digest('hex');
  return `<${local}@${domain}>`;
}

/** The msg-ids in a header value (`<a@b> <c@d>`), brackets included, in order. */
export function messageIdsIn(value: string | null | undefined): string[] {
  return value === null || value === undefined ? [] : (value.match(/<[^<>\s]+@[^<>\s]+>/g) ?? []);
}

/** True when `messageId` is one tickler chose for this channel (its domain is `domain`). */
export function isTicklerMessageId(messageId: string, domain: string): boolean {
  return messageId.toLowerCase().endsWith(`@${domain}>`);
}
