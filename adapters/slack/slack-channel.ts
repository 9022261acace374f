import { type Channel, type OutboundMessage, type SendOptions, type SendResult, ChannelError, type Clock, SystemClock, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';


import { createSlackWebClient, type SlackClient, type SlackPostMessageArguments } from './slack-client';
import { parseSlackChatConfig, type ResolvedSlackChatConfig, type SlackChatConfig } from './slack-config';
import { slackChannelError, slackPlatformError } from './slack-error';

/** The `event_type` of the message metadata tickler attaches to its Slack posts. */
export const SLACK_METADATA_EVENT_TYPE = 'tickler_message';

// Only used to read an HTTP-date Retry-After, never to decide anything.
const clock: Clock = new SystemClock();

class SlackChatChannel implements Channel {
  readonly kind = 'chat' as const;
  readonly name: string;
  readonly #client: SlackClient;
  readonly #config: ResolvedSlackChatConfig;

  constructor(config: ResolvedSlackChatConfig, client: SlackClient) {
    this.name = config.name;
    this.#client = client;
    this.#config = config;
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    if (signal.aborted) throw aborted(message, 'before posting');
    const args = this.#arguments(message, idempotencyKey);
    let result;
    try {
      result = await untilAborted(this.#client.chat.postMessage(args), signal);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting) throw aborted(message, 'while waiting for Slack', error.reason);
      throw slackChannelError(error, { channel: args.channel, now: clock.now() });
    }
    // The official client throws on `ok: false`; a host's own client might return it.
    if (result.ok === false) throw slackPlatformError(result.error ?? 'unknown_error', { channel: args.channel, now: clock.now() }, null);
    if (typeof result.ts !== 'string' || result.ts === '') {
      // Slack took the call but gave no id: retrying could post twice, so stop here.
      throw new ChannelError(`Slack accepted the message to ${args.channel} but returned no ts; check the Slack channel before resending.`, { retryable: false, providerCode: 'missing_ts' });
    }
    return { providerMessageId: `${result.channel ?? args.channel}:${result.ts}` };
  }

  #arguments(message: OutboundMessage, idempotencyKey: string): SlackPostMessageArguments {
    if (message.to.length > 1) {
      throw new ChannelError(`Slack messages have one recipient; message ${message.id} has ${message.to.length}. Send one message per Slack channel or user.`, { retryable: false });
    }
    const channel = message.to[0]?.address ?? this.#config.defaultChannel;
    if (channel === null || channel.trim() === '') {
      throw new ChannelError(`Message ${message.id} has no Slack recipient and the "${this.name}" channel has no defaultChannel; address it to a Slack channel or user id.`, { retryable: false });
    }
    if (message.text === null || message.text.trim() === '') {
      throw new ChannelError(`Message ${message.id} has no text to post to Slack; give its template a chat variant with text.`, { retryable: false, providerCode: 'no_text' });
    }
    return {
      channel,
      text: message.text,
      unfurl_links: this.#config.unfurlLinks,
      metadata: {
        event_type: SLACK_METADATA_EVENT_TYPE,
        event_payload: { message_id: message.id, tenant: message.tenantId, idempotency_key: idempotencyKey },
      },
    };
  }
}

function aborted(message: OutboundMessage, when: string, cause?: unknown): ChannelError {
  return new ChannelError(`Posting message ${message.id} to Slack was aborted ${when} (send timeout or worker stopping); whether Slack posted it is unknown.`, {
    retryable: true,
    providerCode: 'aborted',
    cause,
  });
}

/**
 * A chat channel that posts internal notifications (to staff, not customers) to Slack
 * with `chat.postMessage`. Each message goes to one Slack channel or user id (its
 * recipient, else `defaultChannel`), carries tickler's ids as message metadata, and
 * resolves with `<channel>:<ts>`.
 *
 * Slack does not deduplicate on a key: a retry after an unknown outcome (a timeout)
 * can post twice.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * const slack = slackChat({ token: 'xoxb-…', defaultChannel: 'C0123456789' });
 * ```
 */
export function slackChat(config: SlackChatConfig): Channel {
  const resolved = parseSlackChatConfig(config);
  const client = resolved.client ?? createSlackWebClient({ token: resolved.token ?? '', apiBaseUrl: resolved.apiBaseUrl, timeoutMs: resolved.timeoutMs });
  return new SlackChatChannel(resolved, client);
}
