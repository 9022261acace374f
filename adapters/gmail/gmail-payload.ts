import type { GmailMessage, GmailMessagePart } from './gmail-client';

/** A header of a message resource (its top-level part), by name in any case; null when absent. */
export function headerOf(message: GmailMessage | GmailMessagePart | null | undefined, name: string): string | null {
  const part = message === null || message === undefined ? undefined : 'payload' in message ? message.payload : (message as GmailMessagePart);
  const wanted = name.toLowerCase();
  const found = part?.headers?.find((h) => h.name?.toLowerCase() === wanted);
  return typeof found?.value === 'string' ? found.value : null;
}

/** The bare address of a `From`-style header (`Ada <ada@x.example>` → `ada@x.example`), lower-case; null when none. */
export function addressOf(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  const bare = bracketed ?? /[^\s<>"',;:]+@[^\s<>"',;:]+/.exec(value)?.[0];
  return bare === undefined ? null : bare.toLowerCase();
}

/** A subject without its `Re:`, `Fwd:` (and their common translations) prefixes, case kept. */
export function strippedSubject(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = s.replace(/^(re|fwd?|aw|wg|sv|vs|tr|rif|antw)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === s) return s;
    s = next;
  }
}

/** A subject as threads compare them: without prefixes, in lower case. */
export function baseSubject(subject: string): string {
  return strippedSubject(subject).toLowerCase();
}

/** The decoded body of a part, when Gmail sent it inline (not as a separate attachment). */
export function partText(part: GmailMessagePart): string | null {
  const data = part.body?.data;
  return typeof data === 'string' ? Buffer.from(data, 'base64url').toString('utf8') : null;
}

/** Every part of a message, depth first, with the part itself first. */
export function allParts(part: GmailMessagePart | undefined): GmailMessagePart[] {
  if (part === undefined) return [];
  return [part, ...(part.parts ?? []).flatMap((p) => allParts(p))];
}

// The customer's own words: parts of an attached message (a forward, a bounce's copy) are not.
function ownParts(part: GmailMessagePart | undefined): GmailMessagePart[] {
  if (part === undefined) return [];
  if (part.mimeType?.toLowerCase() === 'message/rfc822') return [];
  return [part, ...(part.parts ?? []).flatMap((p) => ownParts(p))];
}

const mime = (part: GmailMessagePart): string => (part.mimeType ?? '').toLowerCase();
const isAttachment = (part: GmailMessagePart): boolean => typeof part.filename === 'string' && part.filename !== '';

/** HTML as text: tags out, block ends as line breaks, the common entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Drops the quoted message under a reply: from the first "On … wrote:" line (or the
 * Outlook "-----Original Message-----" / "From:" block) followed by quoted lines, so
 * intake reads the customer's answer, not tickler's own email.
 */
export function withoutQuote(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (/^-{2,}\s*Original Message\s*-{2,}$/i.test(line) || /^_{10,}$/.test(line)) {
      end = i;
      break;
    }
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (/wrote:$|a écrit\s*:$|schrieb:$|escribió:$/i.test(line) && (next === undefined || next.trimStart().startsWith('>'))) {
      end = i;
      break;
    }
    if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trimStart().startsWith('>'))) {
      end = i;
      break;
    }
  }
  return lines.slice(0, end).join('\n').trim();
}

/** The text of a message: its first plain text part, else its HTML as text, else Gmail's snippet. */
export function messageText(message: GmailMessage): string {
  const parts = ownParts(message.payload).filter((p) => !isAttachment(p));
  const plain = parts.find((p) => mime(p) === 'text/plain');
  const plainText = plain === undefined ? null : partText(plain);
  if (plainText !== null) return plainText;
  const html = parts.find((p) => mime(p) === 'text/html');
  const htmlData = html === undefined ? null : partText(html);
  if (htmlData !== null) return htmlText(htmlData);
  return message.snippet ?? '';
}
