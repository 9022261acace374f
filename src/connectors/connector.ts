import type { ConnectorOperationKind, ConnectorWork } from '../model/connector-operation';

/** The customer an operation is about, as a connector sees it. */
export interface ConnectorCustomer {
  /** The host's id. */
  id: string;
  /** Display name. */
  name: string;
  /** Email address, if known. */
  email: string | null;
  /** Phone number in E.164, if known. */
  phone: string | null;
  /** IANA zone, if known. */
  timezone: string | null;
  /**
   * The host's link from this customer to the provider's objects, as the host set it
   * with `customers.upsert({ links: { [connector]: { … } } })`: an account id, a contact
   * id, a requester email. Empty when the host set none.
   */
  link: Readonly<Record<string, string>>;
}

/** One operation handed to a connector. */
export interface ConnectorRequest {
  /** The tenant. */
  tenantId: string;
  /** tickler's id for the operation. */
  operationId: string;
  /** What to do. */
  operation: ConnectorOperationKind;
  /**
   * Deterministic for the operation: the same on every attempt, including the attempt
   * after a crash mid-call. The provider-side guard MUST use it (an external-id field, a
   * client-chosen id, or a value stored on the object and looked up before creating), so
   * a retry after an unknown outcome finds the first object instead of making a second.
   */
  idempotencyKey: string;
  /** The customer, or null for work about no customer. */
  customer: ConnectorCustomer | null;
  /** The work, in the common vocabulary. */
  work: ConnectorWork;
  /**
   * 1 for the first provider call of this operation, 2 for the next… tickler records each
   * attempt before it calls the provider, so `attempt` is 1 only when no earlier call of
   * this operation can have reached the provider (a call refused for its credentials and
   * made again after a refresh keeps its number): an adapter MAY skip its look-up then.
   */
  attempt: number;
  /** When tickler queued the operation: no earlier attempt can have made anything before it (a look-up can start there). */
  queuedAt: Date;
}

/** What {@link Connector.run} is given beside the request. */
export interface ConnectorRunOptions {
  /** Aborted when the operation's time is up (`connectorOptions.timeoutMs`); the adapter MUST stop waiting then. */
  signal: AbortSignal;
  /** The engine's now when the run started: read an HTTP-date `Retry-After` against it (`parseRetryAfter`), never against the wall clock. */
  now: Date;
}

/** What a successful operation returns. */
export interface ConnectorResult {
  /** The provider's id of the object made or found (a Salesforce Task id, a Zendesk ticket id…). */
  externalId: string;
  /** A link to the object in the provider's app, when there is one. */
  url: string | null;
}

/**
 * The connector port: does one kind of work in one external system (a CRM, a help
 * desk, a calendar, a table) through the provider's official SDK.
 *
 * An implementation MUST:
 * - be idempotent on `request.idempotencyKey`: running a request again after an unknown
 *   outcome (a dropped response, a crash mid-call) MUST NOT make a second object. Use the
 *   provider's own mechanism where it has one (an upsert by external id, a client-chosen
 *   id); otherwise look the key up on the provider's objects before creating one, and
 *   store it on what it creates. Document which one it uses;
 * - resolve only once the provider holds the object, with its id;
 * - throw a `ConnectorError` on failure, saying whether a retry could succeed
 *   (`retryable`), after how long when the provider said so (`Retry-After`, rate-limit
 *   headers), and `unauthorized` when the provider refused the credentials;
 * - stop waiting when `signal` aborts and throw a retryable `ConnectorError`;
 * - not retry on its own: tickler retries with backoff, durably.
 *
 * Every adapter passes `runConnectorContract` from `tickler/testing`.
 */
export interface Connector {
  /** Unique among the connectors given to `createTickler`, such as `salesforce`. Operations name it. */
  readonly name: string;
  /** The operations it can do. */
  readonly operations: readonly ConnectorOperationKind[];
  /**
   * What is missing from a customer's link for this operation, as a sentence a person
   * can act on (`"Set links.salesforce.accountId or contactId on the customer."`), or
   * null when the link is enough (with `customer`, an adapter that can fall back on the
   * customer's email says so only when there is none). tickler asks before queueing work
   * about a customer, and again before running it.
   */
  checkLink?(operation: ConnectorOperationKind, link: Readonly<Record<string, string>>, customer?: ConnectorCustomer): string | null;
  /**
   * Problems with provider-specific `work.fields` for an operation, each with the path of
   * the field inside `fields` and a sentence (`{ path: 'Status', message: '…' }`).
   * tickler asks when work is defined or queued, so bad fields are refused up front.
   */
  checkFields?(operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): ConnectorFieldProblem[];
  /** Does the work. */
  run(request: ConnectorRequest, options: ConnectorRunOptions): Promise<ConnectorResult>;
  /**
   * Called once when the provider refused the credentials (`ConnectorError` with
   * `unauthorized`): get a fresh token from the host's token provider. tickler then runs
   * the request once more, and fails it as `unauthorized` if it is refused again.
   * Resolve with `false` when there is nothing to refresh (a fixed API key): the
   * operation then fails at once, saying the credentials were refused.
   */
  refreshCredentials?(): Promise<boolean | void>;
}

/**
 * A host's source of access tokens for a connector. tickler calls it with
 * `{ refresh: false }` for the token to use, and with `{ refresh: true }` once after the
 * provider refused one (the token expired or was revoked): then it must return a new one.
 *
 * @example
 * ```ts
 * import type { AccessTokenProvider } from 'tickler/adapter';
 *
 * let cached: string | null = null;
 * declare function oauthRefresh(): Promise<string>;
 * const token: AccessTokenProvider = async ({ refresh }) => (cached !== null && !refresh ? cached : (cached = await oauthRefresh()));
 * ```
 */
export type AccessTokenProvider = (options: { refresh: boolean }) => Promise<string>;

/** A field the provider would refuse, found before the work is queued. */
export interface ConnectorFieldProblem {
  /** The field's path under `work.fields` (`Status`, `custom.Region`). */
  path: string;
  /** What is wrong and what the provider accepts instead. */
  message: string;
}
