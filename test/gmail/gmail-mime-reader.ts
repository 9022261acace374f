/**
 * The Gmail double's reading of RFC 5322 messages, into the `payload` tree the Gmail
 * API answers (`users.messages` resource: `MessagePart` with `partId`, `mimeType`,
 * `filename`, `headers`, `body { size, data | attachmentId }`, `parts`). Header values
 * come decoded (RFC 2047 encoded words), as Gmail gives them.
 */

/** One part of a message, as the Gmail API's `MessagePart`. */
export interface MessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: { name: string; value: string }[];
  body: { size: number; data?: string; attachmentId?: string };
  parts?: MessagePart[];
}

/** Splits a message or part into its unfolded header fields and its body. */
export function splitMessage(raw: string): { headers: { name: string; value: string }[]; body: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers: { name: string; value: string }[] = [];
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: decodeWords(line.slice(colon + 1).trim()) });
  }
  return { headers, body };
}

/** RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?utf-8?Q?…?=`) as text. */
export function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_all, _charset: string, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

/** A header's value, by name in any case. */
export function header(headers: { name: string; value: string }[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function parameter(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="?([^";]+)"?`, 'i').exec(value);
  return match?.[1];
}

function decodeBody(body: string, encoding: string): Buffer {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    default:
      return Buffer.from(body, 'utf8');
  }
}

let attachments = 0;

/** Reads a raw message (or part) into Gmail's `MessagePart` tree. */
export function readPart(raw: string, partId = ''): MessagePart {
  const { headers, body } = splitMessage(raw);
  const contentType = header(headers, 'Content-Type') ?? 'text/plain';
  const mimeType = (contentType.split(';')[0] ?? 'text/plain').trim().toLowerCase();
  const disposition = header(headers, 'Content-Disposition') ?? '';
  const filename = parameter(disposition, 'filename') ?? parameter(contentType, 'name') ?? '';
  if (mimeType.startsWith('multipart/')) {
    const boundary = parameter(contentType, 'boundary') ?? '';
    const pieces = body.replace(/\r\n/g, '\n').split(`--${boundary}`);
    const parts = pieces
      .slice(1)
      .filter((piece) => !piece.startsWith('--'))
      .map((piece, i) => readPart(piece.replace(/^\n/, '').replace(/\n$/, ''), partId === '' ? String(i) : `${partId}.${i}`));
    return { partId, mimeType, filename, headers, body: { size: 0 }, parts };
  }
  const bytes = decodeBody(body, header(headers, 'Content-Transfer-Encoding') ?? '7bit');
  // Gmail sends attachments and attached messages apart (messages.attachments.get), text inline.
  if (filename !== '' || mimeType === 'message/rfc822') {
    attachments += 1;
    return { partId, mimeType, filename, headers, body: { size: bytes.length, attachmentId: `ANGjdJ${attachments}` } };
  }
  return { partId, mimeType, filename, headers, body: { size: bytes.length, data: bytes.toString('base64url') } };
}
