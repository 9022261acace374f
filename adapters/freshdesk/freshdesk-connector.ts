import type { ConnectorOperationKind } from 'tickler';
import { type AccessTokenProvider, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, ConnectorError, AbortedWhileWaiting } from 'tickler/adapter';
import { FreshdeskClient, FreshdeskHttpError, type FreshdeskCall, type FreshdeskTicket } from './freshdesk-client';
import { parseFreshdeskConfig, type FreshdeskConnectorConfig, type ResolvedFreshdeskConfig } from './freshdesk-config';
import { fieldErrors, freshdeskError } from './freshdesk-errors';
import { ticketBody, ticketFieldProblems, type FreshdeskRequester } from './freshdesk-ticket';

const PAGE = 100;
const LINK_KEYS = new Set(['requesterId', 'requesterEmail']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTACT_ID = /^[1-9]\d{0,15}$/;

/**
 * A Freshdesk ticket with the customer as requester, through Freshdesk's REST API v2
 * over `fetch` (Freshdesk keeps no official Node SDK).
 *
 * Idempotency: Freshdesk takes no idempotency key, so the key is stored on the ticket in
 * a custom field (`cf_tickler_key`) and, from the second attempt on, the requester's
 * newest tickets are read with the list endpoint (a database read, unlike the search API
 * whose index lags) before creating: a ticket carrying the key is returned instead of
 * making a second.
 */
class FreshdeskConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['ticket'];
  readonly refreshCredentials?: () => Promise<void>;
  readonly #config: ResolvedFreshdeskConfig;
  readonly #client: FreshdeskClient;
  readonly #agents = new Map<string, number>();
  #fresh: string | null = null;

  constructor(config: ResolvedFreshdeskConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = new FreshdeskClient(config.baseUrl, config.fetch);
    const provider = config.apiKey;
    // A fixed key cannot be refreshed: tickler then fails the work as unauthorized at once.
    if (typeof provider === 'function') this.refreshCredentials = () => this.#refresh(provider);
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    const stray = Object.keys(link).find((k) => !LINK_KEYS.has(k));
    if (stray !== undefined) return `links.${this.name}.${stray} is not a Freshdesk link key; use requesterId (a contact id) or requesterEmail.`;
    const { requesterId, requesterEmail } = link;
    if (requesterId !== undefined && !CONTACT_ID.test(requesterId)) return `links.${this.name}.requesterId "${requesterId}" is not a Freshdesk contact id (a positive whole number, from the contact's URL /a/contacts/<id>).`;
    if (requesterEmail !== undefined && !EMAIL.test(requesterEmail)) return `links.${this.name}.requesterEmail "${requesterEmail}" is not an email address.`;
    if (requesterId === undefined && requesterEmail === undefined && !this.#config.useCustomerEmail) {
      return `set links.${this.name}.requesterId (the Freshdesk contact id) or requesterEmail (the address tickets are from).`;
    }
    return null;
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return ticketFieldProblems(fields, this.#config);
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const requester = this.#requester(request);
    // Outside the try: a failing key provider is the host's error, not Freshdesk's silence.
    const call: FreshdeskCall = { apiKey: await this.#key(), signal };
    try {
      // Only a later attempt can follow one whose outcome is unknown; the first has nothing to find.
      if (request.attempt > 1) {
        const found = await this.#find(requester, request.idempotencyKey, call);
        if (found !== null) return this.#result(found);
      }
      const responder = await this.#responder(request, call);
      const created = await this.#client.createTicket(ticketBody(request, requester, responder, this.#config), call);
      if (typeof created.id !== 'number') throw new ConnectorError(`Freshdesk answered the ticket without an id: ${JSON.stringify(created).slice(0, 200)}`, { retryable: true });
      return this.#result(created);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting || signal.aborted) {
        throw new ConnectorError('Freshdesk did not answer in time; the ticket may exist, and the retry looks it up by its key before creating one.', { retryable: true, providerCode: 'timeout', cause: error });
      }
      throw freshdeskError(error, this.#config);
    }
  }

  async #refresh(provider: AccessTokenProvider): Promise<void> {
    this.#fresh = await provider({ refresh: true });
  }

  async #key(): Promise<string> {
    const key = this.#config.apiKey;
    if (typeof key === 'string') return key;
    // The refreshed key serves the next call; later runs ask the provider, which caches as it sees fit.
    const fresh = this.#fresh;
    this.#fresh = null;
    return fresh ?? (await key({ refresh: false }));
  }

  #requester(request: ConnectorRequest): FreshdeskRequester {
    const link = request.customer?.link ?? {};
    if (link.requesterId !== undefined) return { requester_id: Number(link.requesterId) };
    if (link.requesterEmail !== undefined) return { email: link.requesterEmail };
    if (this.#config.useCustomerEmail && request.customer?.email) return { email: request.customer.email };
    const who = request.customer === null ? 'work about no customer' : `customer ${request.customer.id}`;
    throw new ConnectorError(`A Freshdesk ticket needs a requester, and ${who} has none: set links.${this.name}.requesterId or requesterEmail${this.#config.useCustomerEmail ? ', or give the customer an email address' : ''}.`, { retryable: false });
  }

  /** The ticket an earlier attempt made for `key`, among the requester's newest, or null. */
  async #find(requester: FreshdeskRequester, key: string, call: FreshdeskCall): Promise<FreshdeskTicket | null> {
    const filter: Record<string, string> = 'requester_id' in requester ? { requester_id: String(requester.requester_id) } : { email: requester.email };
    for (let page = 1; page <= this.#config.lookupPages; page++) {
      let tickets: FreshdeskTicket[];
      try {
        tickets = await this.#client.listTickets({ ...filter, order_by: 'created_at', order_type: 'desc', per_page: String(PAGE), page: String(page) }, call);
      } catch (error) {
        // Freshdesk refuses a filter on an address no contact has: then no ticket is from it either.
        if (error instanceof FreshdeskHttpError && error.status === 400 && fieldErrors(error.body).some((e) => e.path === 'email' || e.path === 'requester_id')) return null;
        throw error;
      }
      const mine = tickets.find((t) => t.custom_fields?.[this.#config.keyField] === key);
      if (mine !== undefined) return mine;
      if (tickets.length < PAGE) return null;
    }
    return null;
  }

  /** The Freshdesk agent for the work's assignee: from `agents`, else by email; null leaves the ticket to Freshdesk's assignment. */
  async #responder(request: ConnectorRequest, call: FreshdeskCall): Promise<number | null> {
    const assignee = request.work.assignee;
    if (assignee === null) return null;
    const mapped = this.#config.agents[assignee.userId];
    if (mapped !== undefined) return mapped;
    if (assignee.email === null) return null;
    const known = this.#agents.get(assignee.email.toLowerCase());
    if (known !== undefined) return known;
    let agents;
    try {
      agents = await this.#client.agentsByEmail(assignee.email, call);
    } catch (error) {
      // A key that may not list agents leaves the ticket unassigned rather than failing it.
      if (error instanceof FreshdeskHttpError && error.status === 403) return null;
      throw error;
    }
    const agent = agents.find((a) => a.contact?.email?.toLowerCase() === assignee.email?.toLowerCase()) ?? agents[0];
    if (agent === undefined) return null;
    this.#agents.set(assignee.email.toLowerCase(), agent.id);
    return agent.id;
  }

  #result(ticket: FreshdeskTicket): ConnectorResult {
    return { externalId: String(ticket.id), url: `${this.#config.baseUrl}/a/tickets/${ticket.id}` };
  }
}

/**
 * A connector that opens Freshdesk tickets (`operation: 'ticket'`) with the customer as
 * requester (`links.freshdesk: { requesterId }` or `{ requesterEmail }`), assigned to
 * the work's assignee when Freshdesk knows them as an agent.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { freshdeskConnector } from 'tickler/freshdesk';
 *
 * const tickler = createTickler({
 *   connectors: [freshdeskConnector({ domain: 'acme.freshdesk.com', apiKey: process.env.FRESHDESK_API_KEY ?? '' })],
 * });
 * ```
 */
export function freshdeskConnector(config: FreshdeskConnectorConfig): Connector {
  return new FreshdeskConnector(parseFreshdeskConfig(config));
}
