import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

import type { GraphDraft } from './outlook-draft';
import { KEY_PROPERTY_ID, MESSAGE_CLASS_PROPERTY_ID } from './outlook-properties';

/** A message found by its idempotency key. */
export interface KeyedMessage {
  id: string;
  isDraft: boolean;
  /** Null when Graph did not say (it always does for a message it saved). */
  internetMessageId: string | null;
}

const keyedSchema = z.object({
  id: z.string().min(1),
  isDraft: z.boolean().nullish(),
  internetMessageId: z.string().nullish(),
});
const keyedListSchema = z.object({ value: z.array(keyedSchema) });
const draftSchema = z.object({ id: z.string().min(1), internetMessageId: z.string().min(1) });

/** What Graph returned that tickler could not read. */
export class UnreadableGraphAnswer extends Error {
  constructor(what: string, cause: unknown) {
    super(`Graph's answer to ${what} was not what its reference documents`, { cause });
    this.name = 'UnreadableGraphAnswer';
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UnreadableGraphAnswer(what, result.error);
  return result.data;
}

/** An OData string literal: the value in single quotes, its own quotes doubled (callers URL-encode the whole query option, as the reference asks). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The path of a mailbox: `/me` for a delegated token, `/users/{id | userPrincipalName}` otherwise. */
export function mailboxPath(mailbox: string): string {
  return mailbox === 'me' ? '/me' : `/users/${encodeURIComponent(mailbox).replace(/%40/g, '@')}`;
}

/**
 * The Graph calls the channel makes on one mailbox, each bounded by `signal`, through the
 * official SDK's request builder.
 */
export class GraphMailbox {
  readonly #client: Client;
  readonly #base: string;

  constructor(client: Client, mailbox: string) {
    this.#client = client;
    this.#base = mailboxPath(mailbox);
  }

  #message(id: string): string {
    return `${this.#base}/messages/${encodeURIComponent(id)}`;
  }

  /**
   * The messages that carry `key` in tickler's extended property, anywhere in the mailbox
   * (Drafts, Outbox, Sent Items, Deleted Items): GET /messages with a `$filter` on
   * `singleValueExtendedProperties`, as "Get singleValueLegacyExtendedProperty" documents.
   */
  async findByKey(key: string, signal: AbortSignal): Promise<KeyedMessage[]> {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq ${odataString(KEY_PROPERTY_ID)} and ep/value eq ${odataString(key)})`;
    const answer: unknown = await this.#client
      .api(`${this.#base}/messages`)
      .filter(encodeURIComponent(filter))
      .select(['id', 'isDraft', 'internetMessageId'])
      .top(10)
      .option('signal', signal)
      .get();
    return parse(keyedListSchema, answer, 'the look-up by idempotency key').value.map((m) => ({
      id: m.id,
      isDraft: m.isDraft ?? true,
      internetMessageId: m.internetMessageId ?? null,
    }));
  }

  /** POST /messages: saves a draft in the Drafts folder; resolves with its id and Internet message id. */
  async createDraft(draft: GraphDraft, signal: AbortSignal): Promise<{ id: string; internetMessageId: string }> {
    const answer: unknown = await this.#client.api(`${this.#base}/messages`).option('signal', signal).post(draft);
    return parse(draftSchema, answer, 'the draft creation');
  }

  /** POST /messages/{id}/send with an empty body: Graph answers 202 and moves the message to Sent Items. */
  async sendDraft(id: string, signal: AbortSignal): Promise<void> {
    await this.#client.api(`${this.#message(id)}/send`).option('signal', signal).post('');
  }

  /** DELETE /messages/{id}: removes a draft that Graph refused to send, so a later send with the same key starts afresh. */
  async deleteDraft(id: string, signal: AbortSignal): Promise<void> {
    await this.#client.api(this.#message(id)).option('signal', signal).delete();
  }

  /**
   * GET /messages/{id} with what reading a notification needs: the headers, the text
   * bodies (`Prefer: outlook.body-content-type="text"`) and the message class, expanded as
   * an extended property.
   */
  async getMessage(id: string, signal: AbortSignal): Promise<unknown> {
    return this.#client
      .api(this.#message(id))
      .header('Prefer', 'outlook.body-content-type="text"')
      .select(['id', 'subject', 'from', 'sender', 'toRecipients', 'receivedDateTime', 'internetMessageId', 'internetMessageHeaders', 'conversationId', 'isDraft', 'bodyPreview', 'body', 'uniqueBody'])
      .expand(encodeURIComponent(`singleValueExtendedProperties($filter=id eq ${odataString(MESSAGE_CLASS_PROPERTY_ID)})`))
      .option('signal', signal)
      .get();
  }

  /**
   * The Internet message ids of the sent messages in a conversation that carry a tickler
   * key: GET /messages with `$filter=conversationId eq …`, expanded with the key property.
   */
  async sentByTicklerInConversation(conversationId: string, signal: AbortSignal): Promise<string[]> {
    const answer: unknown = await this.#client
      .api(`${this.#base}/messages`)
      .filter(encodeURIComponent(`conversationId eq ${odataString(conversationId)}`))
      .select(['id', 'isDraft', 'internetMessageId'])
      .expand(encodeURIComponent(`singleValueExtendedProperties($filter=id eq ${odataString(KEY_PROPERTY_ID)})`))
      .top(50)
      .option('signal', signal)
      .get();
    const schema = z.object({
      value: z.array(keyedSchema.extend({ singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish() })),
    });
    return parse(schema, answer, 'the look-up of a conversation')
      .value.filter((m) => m.isDraft === false && typeof m.internetMessageId === 'string' && (m.singleValueExtendedProperties ?? []).some((p) => (p.value ?? '') !== ''))
      .map((m) => m.internetMessageId as string);
  }
}
