import { z } from 'zod';
import type { ConnectorOperationKind } from 'tickler';
import { ConnectorError, untilAborted, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions } from 'tickler/adapter';
import { createZendeskClient, type ZendeskClient } from './zendesk-client';
import { parseZendeskConfig, type ResolvedZendeskConfig, type ZendeskConnectorConfig } from './zendesk-config';
import { zendeskError } from './zendesk-errors';
import { fieldIssues } from './zendesk-fields';
import { zendeskTicket } from './zendesk-ticket';

const LINK_KEYS = ['requesterId', 'organizationId'] as const;
const ID = /^[1-9]\d{0,15}$/;
const created = z.object({ id: z.number().int().positive() });
const listed = z.array(z.object({ id: z.number().int().positive(), external_id: z.string().nullable().optional() }));

/**
 * A Zendesk ticket with the customer as requester, through the official node-zendesk
 * client.
 *
 * Idempotency: the ticket carries the operation's idempotency key as `external_id`.
 * Every attempt after the first looks it up first (`GET /api/v2/tickets.json?external_id=`,
 * the tickets list, not the search index), and returns the ticket it finds instead of
 * creating a second. The first attempt creates directly: no earlier call can have made
 * one.
 */
class ZendeskConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['ticket'];
  readonly #config: ResolvedZendeskConfig;
  #fresh: string | null = null;

  constructor(config: ResolvedZendeskConfig) {
    this.name = config.name;
    this.#config = config;
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    for (const key of Object.keys(link)) {
      if (!(LINK_KEYS as readonly string[]).includes(key)) return `links.${this.name}.${key} is not a Zendesk link; set requesterId (a Zendesk user id) or organizationId, or nothing to use the customer's email.`;
      if (!ID.test(link[key] as string)) return `links.${this.name}.${key} "${link[key]}" is not a Zendesk id (digits, such as 421000000001).`;
    }
    // Without a link the customer's email is the requester: Zendesk finds or creates that user.
    return null;
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return fieldIssues(fields);
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const ticket = zendeskTicket(request, this.#config);
    try {
      const client = createZendeskClient(this.#config.endpointUri, this.#config.credential, await untilAborted(this.#token(), signal), signal);
      if (request.attempt > 1) {
        const found = await untilAborted(this.#find(client, request.idempotencyKey), signal);
        if (found !== null) return this.#result(found);
      }
      const answer = await untilAborted(client.tickets.create({ ticket }), signal);
      const parsed = created.safeParse(answer.result);
      // Zendesk said 2xx: the ticket may well exist; the retry finds it by its external_id.
      if (!parsed.success) throw new ConnectorError('Zendesk answered the ticket creation without a ticket id.', { retryable: true });
      return this.#result(parsed.data.id);
    } catch (error) {
      throw zendeskError(error, { limitWaitMs: this.#config.limitWaitMs, signal });
    }
  }

  async refreshCredentials(): Promise<void> {
    const { token } = this.#config.credential;
    if (typeof token === 'function') this.#fresh = await token({ refresh: true });
  }

  /** The token for this call: the one a refresh just got, else the host's current one. */
  async #token(): Promise<string> {
    const { token } = this.#config.credential;
    if (typeof token === 'string') return token;
    const fresh = this.#fresh;
    this.#fresh = null;
    try {
      return fresh ?? (await token({ refresh: false }));
    } catch (error) {
      throw new ConnectorError(`The Zendesk token provider failed: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
    }
  }

  /** The oldest ticket holding `key` as its external id, or null. One page: tickler makes at most one. */
  async #find(client: ZendeskClient, key: string): Promise<number | null> {
    const answer = await client.tickets.get(['tickets', { external_id: key }]);
    const parsed = listed.safeParse(answer.result);
    if (!parsed.success) throw new ConnectorError('Zendesk answered the ticket look-up with something other than a list of tickets.', { retryable: true });
    const ids = parsed.data.filter((t) => t.external_id === key).map((t) => t.id);
    return ids.length === 0 ? null : Math.min(...ids);
  }

  #result(id: number): ConnectorResult {
    return { externalId: String(id), url: `${this.#config.agentOrigin}/agent/tickets/${id}` };
  }
}

/**
 * A connector that opens Zendesk tickets (`operation: 'ticket'`) with the customer as
 * requester: the user the link names (`links.zendesk: { requesterId }`), else the
 * customer's email, optionally in their organization (`organizationId`).
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { zendeskConnector } from 'tickler/zendesk';
 *
 * const tickler = createTickler({
 *   connectors: [zendeskConnector({ subdomain: 'acme', email: 'collections@acme.example', apiToken: process.env.ZENDESK_API_TOKEN ?? '' })],
 * });
 * ```
 */
export function zendeskConnector(config: ZendeskConnectorConfig): Connector {
  return new ZendeskConnector(parseZendeskConfig(config));
}
