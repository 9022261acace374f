/**
 * What the provider double answers to the next request. Every adapter's test server
 * speaks its provider's own formats for each of these.
 */
export type ScriptedResponse =
  | {
      /** The provider accepts the message. */
      type: 'accept';
    }
  | {
      /** The provider refuses the request as malformed (HTTP 400): retrying cannot help. */
      type: 'reject';
    }
  | {
      /** The provider is rate limiting (HTTP 429) and says when to come back. */
      type: 'rate-limit';
      /** The `Retry-After` it sends, in seconds. */
      retryAfterSeconds: number;
    }
  | {
      /** The provider failed (HTTP 500). */
      type: 'server-error';
    }
  | {
      /** The provider never answers. */
      type: 'hang';
    };

/**
 * A local HTTP server that speaks a provider's API, programmed by the channel contract
 * suite. Adapter authors implement it for their provider's formats.
 */
export interface ScriptedProvider {
  /** Queues responses for the next requests, in order. With the queue empty, requests are accepted. */
  script(...responses: ScriptedResponse[]): void;
  /** How many requests arrived since the last `reset`. */
  requestCount(): number;
  /** Clears the queue and the request count. */
  reset(): void;
}
