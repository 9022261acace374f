// The journey guard. Mailchimp's journey trigger has no idempotency key and no read side
// (the Marketing API cannot list who entered a journey), so tickler keeps the keys of the
// operations whose trigger it made in a text merge field of the member, and looks there
// before triggering. A text audience field holds up to 255 characters: the newest keys
// that fit are kept (three of tickler's 64-character keys), so operations of one member
// that interleave do not push each other's key out before their retries.

const LIMIT = 255;

const keysOf = (marker: string): string[] => marker.split(/\s+/).filter((k) => k !== '');

/** True when the merge field's value holds `key`: this operation's trigger was made. */
export function markerHolds(marker: string, key: string): boolean {
  return keysOf(marker).includes(key);
}

/** The merge field's value with `key` first and the older keys after it, as many as fit. */
export function markerWith(marker: string, key: string): string {
  let out = key;
  for (const older of keysOf(marker)) {
    if (older === key) continue;
    if (out.length + 1 + older.length > LIMIT) break;
    out = `${out} ${older}`;
  }
  return out;
}
