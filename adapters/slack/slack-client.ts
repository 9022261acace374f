import { LogLevel, WebClient } from '@slack/web-api';

/**
 * The Slack message metadata tickler attaches to every message, so an app reading the
 * channel (or a `message_metadata_posted` subscriber) can match a post back to tickler's
 * message.
 */
export interface SlackMessageMetadata {
  /** Always `tickler_message`. */
  event_type: string;
  /** tickler's identifiers of the message. */
  event_payload: {
    /** tickler's message id. */
    message_id: string;
    /** The tenant that sent it. */
    tenant: string;
    /** The message's idempotency key, the same on every attempt. */
    idempotency_key: string;
  };
}

/** The arguments of `chat.postMessage` that tickler sends. */
export interface SlackPostMessageArguments {
  /** A Slack channel id (`C…`, `G…`, `D…`) or a user id (`U…`, `W…`) for a direct message. */
  channel: string;
  /** The message in Slack's mrkdwn. */
  text: string;
  /** Whether Slack unfurls text links into previews. */
  unfurl_links: boolean;
  /** Identifies the message for apps reading the channel. */
  metadata: SlackMessageMetadata;
}

/** The part of Slack's `chat.postMessage` answer tickler reads. */
export interface SlackPostMessageResult {
  /** False when Slack refused the call; the official SDK throws instead of returning it. */
  ok?: boolean | undefined;
  /** The posted message's timestamp, its id within the channel. */
  ts?: string | undefined;
  /** The channel the message landed in (for a user id, the direct-message channel). */
  channel?: string | undefined;
  /** Slack's error code when `ok` is false, such as `channel_not_found`. */
  error?: string | undefined;
}

/**
 * The slice of `@slack/web-api`'s `WebClient` that tickler calls. A host may pass its
 * own `WebClient` (or anything with this shape); it should then disable the client's
 * own retries (`retryConfig: { retries: 0 }`, `rejectRateLimitedCalls: true`),
 * because the outbox retries durably.
 */
export interface SlackClient {
  /** Slack's `chat.*` methods. */
  chat: {
    /** Posts one message. */
    postMessage(args: SlackPostMessageArguments): Promise<SlackPostMessageResult>;
  };
}

/** What {@link createSlackWebClient} is given. */
export interface SlackWebClientOptions {
  token: string;
  apiBaseUrl: string;
  timeoutMs: number;
}

/**
 * The official WebClient, set up for an outbox: no retries of its own, rate limits
 * rejected at once (with Slack's Retry-After) instead of waited out, a request timeout,
 * and quiet logs since every failure surfaces as a ChannelError.
 */
export function createSlackWebClient(options: SlackWebClientOptions): SlackClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiBaseUrl,
    timeout: options.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
}
