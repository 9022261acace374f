import { z } from 'zod';
import { ValidationError } from 'tickler/adapter';
import type { SlackClient } from './slack-client';

/**
 * Options of {@link slackChat}. Give exactly one of `token` and `client`.
 *
 * @example
 * ```ts
 * const config: SlackChatConfig = { token: process.env.SLACK_BOT_TOKEN ?? '', defaultChannel: 'C0123456789' };
 * ```
 */
export interface SlackChatConfig {
  /** A bot token (`xoxb-…`) with the `chat:write` scope; tickler builds the official `WebClient` with it. */
  token?: string | undefined;
  /** A client the host already has, such as its own `WebClient`. */
  client?: SlackClient | undefined;
  /** Where a message with no recipient goes: a channel id such as `C0123456789`. */
  defaultChannel?: string | undefined;
  /** The channel's name in tickler. Default `slack`. */
  name?: string | undefined;
  /** How long one call may take before it is abandoned as a retryable failure, in milliseconds. Default 15000. With `token` only. */
  timeoutMs?: number | undefined;
  /** The Web API's base URL (the WebClient's `slackApiUrl`). Default `https://slack.com/api/`. With `token` only. */
  apiBaseUrl?: string | undefined;
  /** Let Slack unfurl text links into previews. Default false: reminders and dunning notes rarely want link cards. */
  unfurlLinks?: boolean | undefined;
}

/** A {@link SlackChatConfig} with its defaults applied. */
export interface ResolvedSlackChatConfig {
  token: string | undefined;
  client: SlackClient | undefined;
  defaultChannel: string | null;
  name: string;
  timeoutMs: number;
  apiBaseUrl: string;
  unfurlLinks: boolean;
}

const isSlackClient = (value: unknown): value is SlackClient => {
  const chat = (value as { chat?: { postMessage?: unknown } } | null)?.chat;
  return typeof chat?.postMessage === 'function';
};

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  },
  { error: 'Give an absolute http(s) URL, such as https://slack.com/api/.' },
);

const schema = z.strictObject({
  token: z
    .string()
    .min(1, { error: 'The Slack bot token is empty; give the xoxb-… token of the Slack app.' })
    .regex(/^\S+$/, { error: 'The Slack bot token contains whitespace; check for a stray space or newline.' })
    .optional(),
  client: z.custom<SlackClient>(isSlackClient, { error: 'Give an object with chat.postMessage(args), such as a WebClient.' }).optional(),
  defaultChannel: z.string().trim().min(1, { error: 'Give a Slack channel id, such as C0123456789.' }).optional(),
  name: z.string().trim().min(1, { error: 'The channel name cannot be empty.' }).optional(),
  timeoutMs: z.number().int({ error: 'Give a whole number of milliseconds.' }).min(1, { error: 'Give a positive number of milliseconds.' }).max(600_000, { error: 'Give at most 600000 ms (10 minutes).' }).optional(),
  apiBaseUrl: httpUrl.optional(),
  unfurlLinks: z.boolean().optional(),
});

/** Validates a {@link SlackChatConfig}; a ValidationError naming the field otherwise. */
export function parseSlackChatConfig(config: SlackChatConfig): ResolvedSlackChatConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const parsed = result.data;
  if ((parsed.token === undefined) === (parsed.client === undefined)) {
    const both = parsed.token !== undefined;
    throw ValidationError.field('token', both ? 'Give either a token or a client, not both.' : 'Give a Slack bot token (xoxb-…) or a client.');
  }
  if (parsed.client !== undefined) {
    for (const field of ['timeoutMs', 'apiBaseUrl'] as const) {
      if (parsed[field] !== undefined) throw ValidationError.field(field, `${field} configures the client tickler builds from a token; set it on your own client instead.`);
    }
  }
  return {
    token: parsed.token,
    client: parsed.client,
    defaultChannel: parsed.defaultChannel ?? null,
    name: parsed.name ?? 'slack',
    timeoutMs: parsed.timeoutMs ?? 15_000,
    apiBaseUrl: parsed.apiBaseUrl ?? 'https://slack.com/api/',
    unfurlLinks: parsed.unfurlLinks ?? false,
  };
}
