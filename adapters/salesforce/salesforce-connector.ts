import { DateTime } from 'luxon';
import type { ConnectorOperationKind } from 'tickler';
import { type AccessTokenProvider, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, ConnectorError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';
import { createSalesforceClient, type SalesforceClient } from './salesforce-client';
import { parseSalesforceConfig, type ResolvedSalesforceConfig, type SalesforceConnectorConfig } from './salesforce-config';
import { salesforceError } from './salesforce-errors';

const PRIORITY = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'High' } as const;
// Set from the work and the link; provider fields may not override them.
const MANAGED = new Set(['Subject', 'Description', 'ActivityDate', 'OwnerId', 'WhatId', 'WhoId', 'Priority']);
const ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;

/**
 * A Salesforce Task for the relationship manager, linked to the customer's Account
 * (`WhatId`) and Contact or Lead (`WhoId`), through the official jsforce client.
 *
 * Idempotency: the task is upserted by an External ID field (`Tickler_Key__c` by
 * default: create it on Task as Text(255), External ID, Unique) holding the operation's
 * idempotency key, so a retry after an unknown outcome updates the task the first
 * attempt made instead of creating a second.
 */
class SalesforceConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['task'];
  readonly #config: ResolvedSalesforceConfig;
  readonly #token: AccessTokenProvider | null;
  #client: SalesforceClient | null;
  #fresh: string | null = null;

  constructor(config: ResolvedSalesforceConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = config.client;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    const ids = ['accountId', 'contactId', 'leadId'].filter((k) => link[k] !== undefined);
    if (ids.length === 0) return `set links.${this.name}.accountId (an Account id, 001…) or contactId (003…) or leadId (00Q…).`;
    for (const k of ids) if (!ID.test(link[k] as string)) return `links.${this.name}.${k} "${link[k]}" is not a Salesforce id (15 or 18 letters and digits).`;
    if (link.leadId !== undefined && link.accountId !== undefined) return 'a task on a Lead cannot also be on an Account: give leadId alone, or accountId with contactId.';
    return null;
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return Object.keys(fields).flatMap((key) => {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return [{ path: key, message: `"${key}" is not a Salesforce field API name.` }];
      if (MANAGED.has(key) || key === this.#config.externalIdField) return [{ path: key, message: `${key} is set by tickler from the work and the customer's link; use subject, body, dueAt, assignee or priority.` }];
      return [];
    });
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const client = await this.#connection();
    const record = await this.#task(client, request);
    try {
      const saved = await untilAborted(client.upsert('Task', { ...record, [this.#config.externalIdField]: request.idempotencyKey }, this.#config.externalIdField), signal);
      const result = Array.isArray(saved) ? saved[0] : saved;
      if (result?.id === undefined || result.success === false) throw new ConnectorError(`Salesforce did not save the task: ${JSON.stringify(result?.errors ?? [])}`, { retryable: false });
      return { externalId: result.id, url: `${client.instanceUrl.replace(/\/+$/, '')}/lightning/r/Task/${result.id}/view` };
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (error instanceof AbortedWhileWaiting) throw new ConnectorError('Salesforce did not answer in time; the task may exist, and the retry upserts the same one.', { retryable: true, cause: error });
      throw salesforceError(error, this.#config);
    }
  }

  async refreshCredentials(): Promise<void> {
    if (this.#token === null) return;
    this.#fresh = await this.#token({ refresh: true });
    if (this.#client !== null) this.#client.accessToken = this.#fresh;
  }

  async #connection(): Promise<SalesforceClient> {
    if (this.#token === null) {
      this.#client ??= createSalesforceClient(this.#config.instanceUrl as string, this.#config.accessToken as string, this.#config.apiVersion);
      return this.#client;
    }
    const token = this.#fresh ?? (await this.#token({ refresh: false }));
    this.#fresh = null;
    if (this.#client === null) this.#client = createSalesforceClient(this.#config.instanceUrl as string, token, this.#config.apiVersion);
    else this.#client.accessToken = token;
    return this.#client;
  }

  async #task(client: SalesforceClient, request: ConnectorRequest): Promise<Record<string, unknown>> {
    const link = request.customer?.link ?? {};
    const { work } = request;
    const record: Record<string, unknown> = {
      Subject: work.subject.slice(0, 255),
      Description: work.body ?? undefined,
      Priority: work.priority === null ? undefined : PRIORITY[work.priority],
      Status: 'Not Started',
      ...work.fields,
    };
    if (work.dueAt !== null) record.ActivityDate = DateTime.fromJSDate(work.dueAt, { zone: work.zone }).toISODate();
    if (link.leadId !== undefined) record.WhoId = link.leadId;
    else {
      if (link.accountId !== undefined) record.WhatId = link.accountId;
      if (link.contactId !== undefined) record.WhoId = link.contactId;
    }
    const owner = await this.#owner(client, request);
    if (owner !== null) record.OwnerId = owner;
    for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
    return record;
  }

  /** The Salesforce User for the work's assignee: from `owners`, else by email; null leaves the API user as owner. */
  async #owner(client: SalesforceClient, request: ConnectorRequest): Promise<string | null> {
    const assignee = request.work.assignee;
    if (assignee === null) return null;
    const mapped = this.#config.owners[assignee.userId];
    if (mapped !== undefined) return mapped;
    if (assignee.email === null) return null;
    try {
      const found = await client.query(`SELECT Id FROM User WHERE Email = '${assignee.email.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' AND IsActive = true LIMIT 1`);
      return found.records[0]?.Id ?? null;
    } catch (error) {
      throw salesforceError(error, this.#config);
    }
  }
}

/**
 * A connector that makes Salesforce Tasks for the customer's relationship manager
 * (`operation: 'task'`), on the Account, Contact or Lead the customer's link names
 * (`links.salesforce: { accountId, contactId }` or `{ leadId }`).
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { salesforceConnector } from 'tickler/salesforce';
 *
 * const tickler = createTickler({
 *   connectors: [salesforceConnector({ instanceUrl: 'https://acme.my.salesforce.com', accessToken: process.env.SF_TOKEN ?? '' })],
 * });
 * ```
 */
export function salesforceConnector(config: SalesforceConnectorConfig): Connector {
  return new SalesforceConnector(parseSalesforceConfig(config));
}
