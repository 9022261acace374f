import { AbortedWhileWaiting, ChannelError, isChannelError, untilAborted, type Channel, type ChannelWebhooks, type OutboundMessage, type SendOptions, type SendResult } from 'tickler/adapter';

import { createGraphClient } from './outlook-client';
import { resolveOutlookConfig, type OutlookConfig, type ResolvedOutlookConfig } from './outlook-config';
import { draftOf, type GraphDraft } from './outlook-draft';
import { toChannelError, type FailureContext } from './outlook-errors';
import { GraphMailbox } from './outlook-mailbox';
import { OutlookWebhooks } from './outlook-webhooks';

const reasonOf = (signal: AbortSignal): string => {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return typeof reason === 'string' ? reason : 'aborted';
};

class OutlookChannel implements Channel {
  readonly name: string;
  readonly kind = 'email' as const;
  readonly webhooks: ChannelWebhooks | undefined;
  readonly #config: ResolvedOutlookConfig;
  readonly #mailbox: GraphMailbox;

  constructor(config: ResolvedOutlookConfig) {
    this.name = config.name;
    this.#config = config;
    this.#mailbox = new GraphMailbox(createGraphClient(config), config.mailbox);
    this.webhooks = config.clientState === null ? undefined : new OutlookWebhooks(config, config.clientState, this.#mailbox);
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    const to = message.to.map((a) => a.address).join(', ');
    if (signal.aborted) {
      throw new ChannelError(`The send was aborted before calling Graph (${reasonOf(signal)}); the email to ${to} was not sent.`, { retryable: true, cause: signal.reason });
    }
    const draft = draftOf(message, this.#config, idempotencyKey);
    const context = this.#context(`the email to ${to}`);
    try {
      return await untilAborted(this.#deliver(draft, idempotencyKey, signal, context), signal);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting || (signal.aborted && !isChannelError(error))) {
        throw new ChannelError(`Stopped waiting for Graph (${reasonOf(signal)}): the email to ${to} may or may not have gone out; the retry finds it by its idempotency key.`, {
          retryable: true,
          cause: error,
        });
      }
      throw toChannelError(error, context, () => this.#config.clock.now());
    }
  }

  #context(subject: string): FailureContext {
    const { mailbox, from, refreshable, timeoutMs } = this.#config;
    return { subject, retry: 'it will be retried', mailbox, from: from?.address ?? null, refreshable, timeoutMs };
  }

  /**
   * Looks the key up before creating anything: a message already sent with it is the
   * answer (nothing is sent again); a draft left by an attempt that did not finish is sent;
   * otherwise a new draft is created and sent. The Internet message id is the provider id:
   * it survives the move to Sent Items (the Graph id does not) and NDRs and replies quote it.
   */
  async #deliver(draft: GraphDraft, key: string, signal: AbortSignal, context: FailureContext): Promise<SendResult> {
    const call = (): AbortSignal => AbortSignal.any([signal, AbortSignal.timeout(this.#config.timeoutMs)]);
    const found = await this.#mailbox.findByKey(key, call());
    const sent = found.find((m) => !m.isDraft);
    if (sent !== undefined) return { providerMessageId: sent.internetMessageId ?? sent.id };
    const target = found.find((m) => m.isDraft) ?? (await this.#mailbox.createDraft(draft, call()));
    try {
      await this.#mailbox.sendDraft(target.id, call());
    } catch (error) {
      const failure = toChannelError(error, context, () => this.#config.clock.now());
      // A refused draft would be sent as it is by a later send with the same key: remove it so that one starts afresh.
      if (!failure.retryable) await this.#mailbox.deleteDraft(target.id, call()).catch(() => undefined);
      throw failure;
    }
    return { providerMessageId: target.internetMessageId ?? target.id };
  }
}

/**
 * An email channel (kind `email`, default name `email`) that sends through Microsoft Graph
 * from an Exchange Online mailbox, with the official `@microsoft/microsoft-graph-client`.
 *
 * Each message becomes a draft (POST /users/{mailbox}/messages) carrying the idempotency
 * key as an `x-tickler-key` header and as an extended property, then is sent
 * (POST …/messages/{id}/send). Before creating a draft the channel looks the key up, so a
 * retry after an unknown outcome sends the draft that is there, or nothing when the
 * message already went out. The provider message id is the email's Internet message id.
 * With `clientState`, `webhooks` reads Graph change notifications on the mailbox's inbox:
 * non-delivery reports as `bounced` receipts and customers' answers as replies.
 *
 * @example
 * ```ts
 * const email = outlookChannel({
 *   token: async ({ refresh }) => getGraphToken({ forceRefresh: refresh }),
 *   mailbox: 'billing@acme.example',
 *   clientState: process.env.GRAPH_CLIENT_STATE,
 * });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function outlookChannel(config: OutlookConfig): Channel {
  return new OutlookChannel(resolveOutlookConfig(config));
}
