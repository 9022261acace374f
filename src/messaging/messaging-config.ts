import { z } from 'zod';
import type { Message } from '../model/message';
import type { MessageCause } from '../model/message';

/** What a cause check answers: send, or skip with a reason recorded on the message. */
export type CauseVerdict =
  | {
      /** Send it. */
      send: true;
    }
  | {
      /** Do not send it. */
      send: false;
      /** Recorded as the message's `reason`, such as `no-longer-due`. */
      reason: string;
      /** A sentence for people, recorded as the message's `detail`. */
      detail?: string | undefined;
    };

/**
 * Asked just before a message is sent, for messages whose cause has this type: is the
 * message still wanted? A dunning message for an invoice paid since it was queued
 * answers `{ send: false, reason: 'no-longer-due' }` and is skipped. A check that throws
 * delays the message as a failed attempt would.
 */
export type CauseCheck = (input: { tenantId: string; cause: MessageCause; message: Message; now: Date }) => CauseVerdict | Promise<CauseVerdict>;

/** Messaging options of `createTickler({ messaging })`. */
export interface MessagingConfig {
  /** Provider calls per message before it fails for good. Default 6. */
  maxAttempts?: number | undefined;
  /** First retry delay in ms, doubling with jitter up to `retryMaxMs`. Default 30,000. */
  retryBaseMs?: number | undefined;
  /** Longest retry delay in ms. Default 3,600,000 (an hour). */
  retryMaxMs?: number | undefined;
  /** How long a provider call may take before it is abandoned as a retryable failure, in ms. Default 30,000. */
  sendTimeoutMs?: number | undefined;
  /** How long a message for a channel that is not configured here waits before looking again, in ms. Default 900,000. */
  noChannelRetryMs?: number | undefined;
  /** How long after a customer's last WhatsApp message free text may be sent, in ms. Default 24 hours (WhatsApp's rule). */
  whatsappSessionMs?: number | undefined;
  /** Channels tried in turn after a message fails for good, by channel name: `{ whatsapp: ['sms'] }`. */
  fallbacks?: Record<string, string[]> | undefined;
  /** Checks asked just before sending whether a message is still wanted, by cause type. */
  causes?: Record<string, CauseCheck> | undefined;
}

/** {@link MessagingConfig} with every default applied. */
export interface MessagingOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sendTimeoutMs: number;
  noChannelRetryMs: number;
  whatsappSessionMs: number;
  fallbacks: Record<string, string[]>;
}

const ms = (min: number) => z.number().int().min(min);

/** Validates {@link MessagingConfig} (cause checks are only checked to be functions). */
export const messagingConfigSchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).optional(),
  retryBaseMs: ms(1).optional(),
  retryMaxMs: ms(1).optional(),
  sendTimeoutMs: ms(10).optional(),
  noChannelRetryMs: ms(1000).optional(),
  whatsappSessionMs: ms(0).optional(),
  fallbacks: z.record(z.string().min(1), z.array(z.string().min(1)).max(5)).optional(),
  causes: z.record(z.string().min(1), z.custom<CauseCheck>((v) => typeof v === 'function', { error: 'A cause check is a function.' })).optional(),
});

/** Applies the defaults. */
export function messagingOptions(config: z.output<typeof messagingConfigSchema> | undefined): MessagingOptions {
  return {
    maxAttempts: config?.maxAttempts ?? 6,
    retryBaseMs: config?.retryBaseMs ?? 30_000,
    retryMaxMs: config?.retryMaxMs ?? 3_600_000,
    sendTimeoutMs: config?.sendTimeoutMs ?? 30_000,
    noChannelRetryMs: config?.noChannelRetryMs ?? 900_000,
    whatsappSessionMs: config?.whatsappSessionMs ?? 86_400_000,
    fallbacks: config?.fallbacks ?? {},
  };
}
