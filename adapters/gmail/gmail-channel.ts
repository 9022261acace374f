import { ChannelError, type Channel, type ChannelWebhooks, type OutboundMessage, type SendOptions, type SendResult } from 'tickler/adapter';
import { GmailApi } from './gmail-client';
import { parseGmailConfig, type GmailAddress, type GmailChannelConfig, type ResolvedGmailConfig } from './gmail-config';
import { messageIdFor } from './gmail-message-id';
import { rawMessage } from './gmail-mime';
import { threadFor } from './gmail-thread';
import { GmailWebhooks } from './gmail-webhooks';

const refuse = (message: string) => new ChannelError(message, { retryable: false });
const present = (value: string | null): value is string => value !== null && value.trim() !== '';

// Each address once (Gmail would deliver twice), compared without case, in the order given.
function recipients(message: OutboundMessage): GmailAddress[] {
  const seen = new Set<string>();
  const out: GmailAddress[] = [];
  for (const r of message.to) {
    const email = r.address.trim();
    if (email === '' || seen.has(email.toLowerCase())) continue;
    if (!/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(email)) throw refuse(`Email ${message.id} has an invalid recipient address "${email}": fix the customer's (or the contact's) email address.`);
    seen.add(email.toLowerCase());
    out.push(r.name === null || r.name.trim() === '' ? { email } : { email, name: r.name });
  }
  return out;
}

class GmailChannel implements Channel {
  readonly name: string;
  readonly kind = 'email' as const;
  readonly webhooks: ChannelWebhooks | undefined;
  readonly #config: ResolvedGmailConfig;
  readonly #api: GmailApi;

  constructor(config: ResolvedGmailConfig) {
    this.name = config.name;
    this.#config = config;
    this.#api = new GmailApi(config);
    this.webhooks = config.push === null ? undefined : new GmailWebhooks(config, config.push, this.#api);
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    const to = recipients(message);
    if (to.length === 0) throw refuse(`Email ${message.id} has no recipient address: give the customer (or the contact) an email address before sending.`);
    if (!present(message.subject)) throw refuse(`Email ${message.id} has no subject: check the subject of the template it was rendered from.`);
    const text = present(message.text) ? message.text : null;
    const html = present(message.html) ? message.html : null;
    if (text === null && html === null) {
      const why = message.providerTemplate === null ? 'check the template it was rendered from' : 'it names a provider template, which Gmail does not have; render the email with a tickler template';
      throw refuse(`Email ${message.id} has neither a text nor an HTML body: ${why}.`);
    }
    if (signal.aborted) throw new ChannelError(`The email ${message.id} was not sent: the send was cancelled before it started.`, { retryable: true, cause: signal.reason });

    const messageId = messageIdFor(idempotencyKey, this.#config.messageIdDomain);
    const who = to.map((r) => r.email).join(', ');
    // The guard: a previous attempt whose answer was lost (a timeout, a crash) left the
    // email in the Sent folder under this Message-ID. Gmail's search is eventually
    // consistent, so an email sent seconds ago may not be found yet.
    const [sent] = await this.#api.list(`rfc822msgid:${messageId.slice(1, -1)}`, { maxResults: 1, includeSpamTrash: true }, signal, `looking for an earlier attempt of the email to ${who}`);
    if (typeof sent?.id === 'string' && sent.id !== '') return { providerMessageId: sent.id };

    const single = to.length === 1 ? (to[0] as GmailAddress).email : null;
    const thread = single === null ? null : await threadFor(this.#api, this.#config.threading, single, message.subject, signal);
    const raw = await rawMessage({
      from: this.#config.from,
      to,
      subject: thread?.subject ?? message.subject,
      text,
      html,
      replyTo: present(message.replyTo) ? message.replyTo.trim() : this.#config.replyTo,
      messageId,
      key: idempotencyKey,
      date: this.#config.clock.now(),
      thread: thread === null ? null : { inReplyTo: thread.inReplyTo, references: thread.references },
    });
    const result = await this.#api.send(thread === null ? { raw } : { raw, threadId: thread.threadId }, signal, `sending the email to ${who}`);
    if (typeof result.id !== 'string' || result.id === '') throw new ChannelError(`Gmail accepted the email to ${who} but answered without a message id; a retry finds it by its Message-ID.`, { retryable: true });
    return { providerMessageId: result.id };
  }
}

/**
 * An email channel (kind `email`, default name `email`) that sends from a Gmail or Google
 * Workspace mailbox with the Gmail API's `users.messages.send`, through the official
 * `@googleapis/gmail` client, with an RFC 5322 message built by `mimetext`.
 *
 * Each email carries a `Message-ID` chosen from the idempotency key and an
 * `X-Tickler-Key` header. Before sending, the channel searches the mailbox for that
 * Message-ID (`rfc822msgid:`) and returns the email it finds instead of sending a second
 * one; Gmail's search is eventually consistent, so a retry within seconds of a lost
 * answer can still send twice. With `push`, `webhooks` reads Gmail's push notifications
 * (Cloud Pub/Sub, OIDC-authenticated): bounces as `bounced` receipts, customers' replies
 * as inbound messages. Gmail reports no deliveries.
 *
 * @example
 * ```ts
 * import { gmailChannel } from 'tickler/gmail';
 *
 * const email = gmailChannel({
 *   mailbox: 'billing@acme.example',
 *   from: { email: 'billing@acme.example', name: 'Acme Billing' },
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   push: { audience: 'https://crm.acme.example/gmail/push', serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com' },
 * });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function gmailChannel(config: GmailChannelConfig): Channel {
  return new GmailChannel(parseGmailConfig(config));
}
