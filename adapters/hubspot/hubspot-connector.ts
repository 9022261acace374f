import { HubSpotConnection } from './hubspot-connection';
import type { ConnectorOperationKind } from 'tickler';
import { type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, AbortedWhileWaiting, ConnectorError, untilAborted } from 'tickler/adapter';
import { createHubSpotClient, type HubSpotClient } from './hubspot-client';
import { parseHubSpotConfig, type HubSpotConnectorConfig, type ResolvedHubSpotConfig } from './hubspot-config';
import { hubspotError } from './hubspot-errors';
import { fieldProblems, linkProblem, taskInput } from './hubspot-task';

/**
 * A HubSpot task (CRM v3 `tasks`) for the relationship manager, associated with the
 * customer's company and contact, through the official `@hubspot/api-client`.
 *
 * Idempotency: HubSpot has no external-id upsert for tasks (unique-value properties exist
 * for contacts, companies, deals, tickets and custom objects only), so the task carries
 * the operation's key in a custom property (`tickler_key`), and every attempt after the
 * first searches that property before creating. The first attempt skips the search: no
 * call with this key can have reached HubSpot before it. See docs/connector-hubspot.md for
 * the search index's lag.
 */
class HubSpotConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['task'];
  readonly #config: ResolvedHubSpotConfig;
  readonly #connection: HubSpotConnection<HubSpotClient>;

  constructor(config: ResolvedHubSpotConfig) {
    this.name = config.name;
    this.#config = config;
    this.#connection = new HubSpotConnection(config.accessToken, config.client, (token) => createHubSpotClient(token, config.basePath));
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    return linkProblem(this.name, link);
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return fieldProblems(fields, this.#config.keyProperty);
  }

  async run(request: ConnectorRequest, { signal, now }: ConnectorRunOptions): Promise<ConnectorResult> {
    const client = await this.#connection.client();
    const tasks = client.crm.objects.tasks;
    try {
      if (request.attempt > 1) {
        const found = await untilAborted(tasks.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: this.#config.keyProperty, operator: 'EQ', value: request.idempotencyKey }] }], properties: [this.#config.keyProperty], limit: 1 }), signal);
        const first = found.results[0];
        if (first !== undefined) return { externalId: first.id, url: null };
      }
      const owner = await untilAborted(this.#owner(client, request), signal);
      const input = taskInput({ work: request.work, link: request.customer?.link ?? {}, key: request.idempotencyKey, keyProperty: this.#config.keyProperty, taskType: this.#config.taskType, owner, now: () => now });
      const created = await untilAborted(tasks.basicApi.create(input), signal);
      return { externalId: created.id, url: null };
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (error instanceof AbortedWhileWaiting) throw new ConnectorError('HubSpot did not answer in time; the task may exist, and the retry looks it up by its key first.', { retryable: true, cause: error });
      throw hubspotError(error, this.#config);
    }
  }

  async refreshCredentials(): Promise<void> {
    await this.#connection.refresh();
  }

  /** The HubSpot owner for the work's assignee: from `owners`, else by email; null leaves the task unassigned. */
  async #owner(client: HubSpotClient, request: ConnectorRequest): Promise<string | null> {
    const assignee = request.work.assignee;
    if (assignee === null) return null;
    const mapped = this.#config.owners[assignee.userId];
    if (mapped !== undefined) return mapped;
    if (assignee.email === null) return null;
    const page = await client.crm.owners.ownersApi.getPage(assignee.email, undefined, 1, false);
    return page.results.find((o) => o.email === undefined || o.email.toLowerCase() === assignee.email?.toLowerCase())?.id ?? null;
  }
}

/**
 * A connector that makes HubSpot tasks for the customer's relationship manager
 * (`operation: 'task'`), associated with the company and/or contact the customer's link
 * names (`links.hubspot: { companyId, contactId }`).
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { hubspotConnector } from 'tickler/hubspot';
 *
 * const tickler = createTickler({
 *   connectors: [hubspotConnector({ accessToken: process.env.HUBSPOT_TOKEN ?? '' })],
 * });
 * ```
 */
export function hubspotConnector(config: HubSpotConnectorConfig): Connector {
  return new HubSpotConnector(parseHubSpotConfig(config));
}
