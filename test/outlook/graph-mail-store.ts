import { randomBytes, randomUUID } from 'node:crypto';

/** A recipient as Graph's message resource has it. */
export interface GraphRecipientJson {
  emailAddress: { address: string; name?: string };
}

/** A message in the double's mailboxes, in Graph's message resource shape plus where it lives. */
export interface StoredMessage {
  /** Graph id: it changes when the message moves to another folder, as Exchange's default ids do. */
  id: string;
  mailbox: string;
  folder: 'drafts' | 'sentitems' | 'inbox';
  isDraft: boolean;
  internetMessageId: string;
  conversationId: string;
  /** PidTagMessageClass; null to model an answer without it (Graph always has it, tickler does not rely on it). */
  messageClass: string | null;
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  /** For received mail: the part of the body not quoted from the thread. */
  uniqueBody: { contentType: 'html' | 'text'; content: string } | null;
  from: GraphRecipientJson | null;
  sender: GraphRecipientJson | null;
  toRecipients: GraphRecipientJson[];
  replyTo: GraphRecipientJson[];
  internetMessageHeaders: { name: string; value: string }[];
  singleValueExtendedProperties: { id: string; value: string }[];
  createdDateTime: string;
  receivedDateTime: string;
  sentDateTime: string | null;
}

/** Graph's ids look like `AAMkAG…=`: base64 with `-`, `_` and padding, so paths must encode them. */
export const graphId = (prefix = 'AAMkAG'): string => `${prefix}${randomBytes(45).toString('base64url')}AAA=`;

/** An Exchange Online Message-ID. */
export const internetMessageId = (): string => {
  const server = `AM6PR04MB${randomBytes(2).toString('hex').toUpperCase()}`;
  return `<${server}${randomBytes(8).toString('hex').toUpperCase()}@${server}.eurprd04.prod.outlook.com>`;
};

/** A conversation id, as Graph returns them. */
export const conversationId = (): string => `AAQkAG${randomBytes(30).toString('base64url')}=`;

/** The user object id Graph puts in notification resources (`Users/{id}/Messages/{id}`). */
export const userObjectId = (): string => randomUUID();

const stripTags = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const text = (body: StoredMessage['body'], as: 'html' | 'text'): StoredMessage['body'] =>
  as === 'text' && body.contentType === 'html' ? { contentType: 'text', content: stripTags(body.content) } : body;

/**
 * A message as Graph answers it: the default properties, or those `$select` names (with
 * `id` always); `internetMessageHeaders` only when selected; extended properties only when
 * `$expand` asks for them by id; bodies in the type the `Prefer` header asks for.
 */
export function messageJson(m: StoredMessage, options: { select: string[] | null; expandIds: string[] | null; bodyType: 'html' | 'text' }): Record<string, unknown> {
  const all: Record<string, unknown> = {
    '@odata.etag': `W/"CQAAABYAAAA${randomBytes(6).toString('hex')}"`,
    id: m.id,
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.createdDateTime,
    receivedDateTime: m.receivedDateTime,
    sentDateTime: m.sentDateTime,
    hasAttachments: false,
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: stripTags(m.body.content).slice(0, 255),
    importance: 'normal',
    parentFolderId: `folder-${m.folder}`,
    conversationId: m.conversationId,
    isRead: m.folder !== 'inbox',
    isDraft: m.isDraft,
    body: text(m.body, options.bodyType),
    sender: m.sender,
    from: m.from,
    toRecipients: m.toRecipients,
    ccRecipients: [],
    bccRecipients: [],
    replyTo: m.replyTo,
  };
  let out: Record<string, unknown> = all;
  if (options.select !== null) {
    out = { '@odata.etag': all['@odata.etag'], id: m.id };
    for (const name of options.select) {
      if (name === 'internetMessageHeaders') out.internetMessageHeaders = m.internetMessageHeaders;
      else if (name === 'uniqueBody') out.uniqueBody = m.uniqueBody === null ? text(m.body, options.bodyType) : text(m.uniqueBody, options.bodyType);
      else if (name in all) out[name] = all[name];
    }
  }
  if (options.expandIds !== null) {
    const props = [...m.singleValueExtendedProperties, ...(m.messageClass === null ? [] : [{ id: 'String 0x1a', value: m.messageClass }])];
    // Graph answers the property's id in its normalised form (`String 0x1a` for `String 0x001A`).
    const normal = (id: string): string => id.replace(/0x0*([0-9a-f]+)$/i, (_, hex: string) => `0x${hex.toLowerCase()}`);
    const wanted = options.expandIds.map(normal);
    out.singleValueExtendedProperties = props.filter((p) => wanted.includes(normal(p.id)));
  }
  return out;
}
