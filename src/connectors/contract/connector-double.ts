/**
 * What the provider double answers to the next write (the request that would create or
 * change the provider's object). Look-ups an adapter makes before writing are answered
 * from the double's state, never scripted. Every adapter's double speaks its provider's
 * own formats for each of these.
 */
export type ConnectorScript =
  /** The provider does the work and answers as it documents. */
  | 'accept'
  /** The provider refuses the request as invalid (its validation refusal: HTTP 400, 422, or the provider's equivalent) with {@link ConnectorDouble.rejectMessage} in its own error body. */
  | 'reject'
  /** The provider is rate limiting (HTTP 429, or its equivalent) and says to come back after {@link ConnectorDouble.retryAfterSeconds}. */
  | 'rate-limit'
  /** The provider refuses the credentials (HTTP 401 and its error body), whatever the token. */
  | 'unauthorized'
  /** The provider fails (HTTP 500 or 503). */
  | 'server-error'
  /**
   * The provider does the work (the object exists from then on) but the response never
   * arrives: the double closes the connection. The outcome is unknown to the adapter, so
   * tickler runs the request again, with the same idempotency key.
   */
  | 'drop-after-write';

/**
 * A local HTTP server that speaks a provider's API, programmed by the connector contract
 * suite: the scripted outcome of its next writes, and what it holds. Adapter authors
 * implement it for their provider (its paths, bodies, auth header and error bodies).
 */
export interface ConnectorDouble {
  /** Queues outcomes for the next writes, in order. With the queue empty, writes are accepted. */
  script(...outcomes: ConnectorScript[]): void;
  /** How many objects the provider holds now (tasks, tickets, events or records made through it). */
  objectCount(): number;
  /** The tokens of the requests that arrived, in order (from the provider's auth header), to check a refresh took effect. */
  tokensSeen(): string[];
  /** The provider's own message in its answer to `reject`: the adapter must surface it. */
  readonly rejectMessage: string;
  /** The wait its answer to `rate-limit` asks for, in seconds. */
  readonly retryAfterSeconds: number;
  /** Forgets the script, the objects and the tokens seen. */
  reset(): void;
}
