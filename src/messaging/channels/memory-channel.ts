import type { Channel, OutboundMessage, SendOptions, SendResult } from './channel';
import type { ChannelKind } from '../../model/channel-kind';
import { ChannelError } from './channel-error';

/** One message a {@link MemoryChannel} accepted. */
export interface MemoryDelivery {
  /** The message as the channel received it. */
  message: OutboundMessage;
  /** The idempotency key it came with. */
  idempotencyKey: string;
  /** The id the channel answered with. */
  providerMessageId: string;
}

/** Options of {@link MemoryChannel}. */
export interface MemoryChannelOptions {
  /** The channel name; default the kind. */
  name?: string | undefined;
  /** The kind it stands for. */
  kind: ChannelKind;
}

/**
 * A channel that keeps what it is given in memory: for tests, demos and the example
 * app's outbox view. Failures can be scripted with {@link MemoryChannel.failNext}.
 *
 * @example
 * ```ts
 * const sms = new MemoryChannel({ kind: 'sms' });
 * const tickler = createTickler({ channels: [sms] });
 * // … later
 * sms.deliveries.map((d) => d.message.text);
 * ```
 */
export class MemoryChannel implements Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  /** Every accepted message, in order. */
  readonly deliveries: MemoryDelivery[] = [];
  /** Every call, accepted or not. */
  calls = 0;
  readonly #failures: Error[] = [];

  constructor(options: MemoryChannelOptions) {
    this.kind = options.kind;
    this.name = options.name ?? options.kind;
  }

  /** Makes the next calls fail, in order, with these errors (a ChannelError says whether to retry). */
  failNext(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  /** Forgets deliveries, calls and scripted failures. */
  clear(): void {
    this.deliveries.length = 0;
    this.#failures.length = 0;
    this.calls = 0;
  }

  send(message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    if (options.signal.aborted) return Promise.reject(new ChannelError('The send was aborted before it started.', { retryable: true }));
    this.calls += 1;
    const failure = this.#failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    const providerMessageId = `memory-${this.name}-${this.deliveries.length + 1}`;
    this.deliveries.push({ message: structuredClone(message), idempotencyKey: options.idempotencyKey, providerMessageId });
    return Promise.resolve({ providerMessageId });
  }
}
