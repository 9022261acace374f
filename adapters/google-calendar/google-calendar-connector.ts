import type { ConnectorOperationKind } from 'tickler';
import { type AccessTokenProvider, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, ConnectorError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';
import { createGoogleCalendarClient, type GoogleCalendarCallOptions, type GoogleCalendarClient, type GoogleCalendarEvent, type GoogleCalendarInsertParams } from './google-calendar-client';
import { CALENDAR_ID, parseGoogleCalendarConfig, type GoogleCalendarConnectorConfig, type ResolvedGoogleCalendarConfig } from './google-calendar-config';
import { googleCalendarError } from './google-calendar-errors';
import { insertFor, TICKLER_KEY, type EventPlan } from './google-calendar-event';
import { eventFieldIssues } from './google-calendar-fields';

/**
 * An event in Google Calendar, through the official `@googleapis/calendar` client.
 *
 * Idempotency: the event id is chosen by tickler (the SHA-256 of the idempotency key, in
 * hex). Google refuses a second event with an id the calendar holds (409 `duplicate`),
 * so a retry after an unknown outcome reads the event the first attempt made
 * (`events.get`) and returns it, after checking that its private `ticklerKey` property
 * is this operation's key and that nobody deleted it meanwhile.
 */
class GoogleCalendarConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['event'];
  readonly #config: ResolvedGoogleCalendarConfig;
  readonly #token: AccessTokenProvider | null;
  readonly #client: GoogleCalendarClient;
  #fresh: string | null = null;

  constructor(config: ResolvedGoogleCalendarConfig) {
    this.name = config.name;
    this.#config = config;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
    this.#client = config.client ?? createGoogleCalendarClient(config.rootUrl);
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return eventFieldIssues(fields);
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const insert = insertFor(request, this.#plan(request));
    const options = await this.#options(signal);
    try {
      const { data } = await untilAborted(this.#client.events.insert(insert, options), signal);
      return this.#result(data, insert.calendarId);
    } catch (error) {
      const failure = this.#failure(error);
      // The calendar holds an event with this id: the first attempt made it (its answer was lost).
      if (failure.status === 409) return this.#existing(request, insert, options, failure);
      if (failure.status === 404 && failure.providerCode === 'notFound') {
        throw new ConnectorError(`${failure.message}: no calendar "${insert.calendarId}" that this token can write to.`, { retryable: false, status: 404, providerCode: 'notFound', cause: failure });
      }
      throw failure;
    }
  }

  async refreshCredentials(): Promise<void> {
    if (this.#token === null) return;
    this.#fresh = await this.#token({ refresh: true });
  }

  /** The calendar (the assignee's, from `calendarFor`, else `calendarId`) and whether the assignee is invited. */
  #plan(request: ConnectorRequest): EventPlan {
    const assignee = request.work.assignee;
    let own: unknown = null;
    try {
      own = assignee === null || this.#config.calendarFor === null ? null : (this.#config.calendarFor(assignee) ?? null);
    } catch (error) {
      throw new ConnectorError(`Google Calendar: calendarFor failed for ${assignee?.userId ?? 'the assignee'}: ${error instanceof Error ? error.message : String(error)}`, { retryable: false, cause: error });
    }
    if (own !== null && (typeof own !== 'string' || !CALENDAR_ID.test(own))) {
      throw new ConnectorError(`Google Calendar: calendarFor gave ${JSON.stringify(own)} for ${assignee?.userId ?? 'the assignee'}, which is not a calendar id (primary, or name@domain).`, { retryable: false });
    }
    const calendarId = own ?? this.#config.calendarId;
    const email = assignee?.email ?? null;
    const invite = own === null && this.#config.inviteAssignee && email !== null && email.toLowerCase() !== calendarId.toLowerCase() ? email : null;
    return { calendarId, inviteAssignee: invite, sendUpdates: this.#config.sendUpdates };
  }

  /** The bearer token (when tickler holds the credentials), the signal, and no SDK retries. */
  async #options(signal: AbortSignal): Promise<GoogleCalendarCallOptions> {
    const options: GoogleCalendarCallOptions = { signal, retry: false, retryConfig: { retry: 0 } };
    let token: string | null = null;
    if (this.#token !== null) {
      token = this.#fresh ?? (await this.#token({ refresh: false }));
      this.#fresh = null;
    } else if (typeof this.#config.accessToken === 'string') token = this.#config.accessToken;
    if (token !== null) options.headers = { Authorization: `Bearer ${token}` };
    return options;
  }

  /** Finds the event a previous attempt made, refusing one that is not this operation's or was deleted. */
  async #existing(request: ConnectorRequest, insert: GoogleCalendarInsertParams, options: GoogleCalendarCallOptions, conflict: ConnectorError): Promise<ConnectorResult> {
    const { calendarId, requestBody } = insert;
    let found: GoogleCalendarEvent;
    try {
      found = (await untilAborted(this.#client.events.get({ calendarId, eventId: requestBody.id }, options), options.signal as AbortSignal)).data;
    } catch (error) {
      throw this.#failure(error);
    }
    const key = found.extendedProperties?.private?.[TICKLER_KEY];
    if (key !== request.idempotencyKey) {
      throw new ConnectorError(`${conflict.message}: event ${requestBody.id} on "${calendarId}" is not this operation's (its ${TICKLER_KEY} is ${key === undefined ? 'missing' : `"${key}"`}).`, { retryable: false, status: 409, providerCode: 'duplicate', cause: conflict });
    }
    if (found.status === 'cancelled') {
      throw new ConnectorError(`Google Calendar: event ${requestBody.id} was made for this operation and then deleted from "${calendarId}"; Google keeps a deleted event's id, so tickler does not make it again.`, { retryable: false, status: 409, providerCode: 'duplicate', cause: conflict });
    }
    return this.#result(found, calendarId);
  }

  #result(event: GoogleCalendarEvent, calendarId: string): ConnectorResult {
    if (typeof event.id !== 'string' || event.id === '') throw new ConnectorError(`Google Calendar answered without an event id for "${calendarId}".`, { retryable: true });
    return { externalId: event.id, url: event.htmlLink ?? null };
  }

  #failure(error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    if (error instanceof AbortedWhileWaiting) return new ConnectorError('Google Calendar did not answer in time; the event may exist, and the retry finds it by its id.', { retryable: true, cause: error });
    return googleCalendarError(error, this.#config);
  }
}

/**
 * A connector that puts events in Google Calendar (`operation: 'event'`): on the
 * assignee's calendar (`calendarFor`) or a fixed one (`calendarId`, default the token
 * user's `primary`), with the work's attendees as guests. It needs no customer link:
 * invite the customer with `inviteCustomer` in an action, or list addresses in
 * `attendees`.
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { googleCalendarConnector } from 'tickler/google-calendar';
 *
 * const tickler = createTickler({
 *   connectors: [googleCalendarConnector({ accessToken: process.env.GOOGLE_ACCESS_TOKEN ?? '' })],
 * });
 * ```
 */
export function googleCalendarConnector(config: GoogleCalendarConnectorConfig): Connector {
  return new GoogleCalendarConnector(parseGoogleCalendarConfig(config));
}
