import type { ConnectorOperationKind } from 'tickler';
import { type AccessTokenProvider, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, ConnectorError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';
import { createAirtableClient, type AirtableClient } from './airtable-client';
import { parseAirtableConfig, RECORD_ID, type AirtableConnectorConfig, type ResolvedAirtableConfig } from './airtable-config';
import { airtableError } from './airtable-errors';
import { fieldProblems, recordFields } from './airtable-record';

const TABLE_ID = /^tbl[A-Za-z0-9]{14}$/;

/**
 * A record in one Airtable table, through the official airtable.js client.
 *
 * Idempotency: the record is upserted (`PATCH /v0/{baseId}/{table}` with
 * `performUpsert: { fieldsToMergeOn: [keyField] }`) with the operation's idempotency key
 * in the key field, so a retry after an unknown outcome finds and updates the record the
 * first attempt made instead of creating a second.
 */
class AirtableConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['record'];
  readonly #config: ResolvedAirtableConfig;
  readonly #token: AccessTokenProvider | null;
  #client: { token: string; client: AirtableClient } | null = null;
  #fresh: string | null = null;

  constructor(config: ResolvedAirtableConfig) {
    this.name = config.name;
    this.#config = config;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
  }

  /** The link is optional; a `recordId` given must be an Airtable record id. */
  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    const recordId = link.recordId;
    if (recordId === undefined || RECORD_ID.test(recordId)) return null;
    return `links.${this.name}.recordId "${recordId}" is not an Airtable record id (rec and 14 letters and digits, such as recA1b2C3d4E5f6G7h).`;
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return fieldProblems(fields, this.#config);
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const { baseId, table, keyField, typecast } = this.#config;
    const fields = recordFields(request, this.#config);
    const client = await this.#connection();
    try {
      const records = await untilAborted(client.base(baseId).table(table).update([{ fields }], { performUpsert: { fieldsToMergeOn: [keyField] }, typecast }), signal);
      const id = records[0]?.id;
      if (typeof id !== 'string' || id === '') throw new ConnectorError('Airtable answered the upsert without a record id.', { retryable: true });
      return { externalId: id, url: TABLE_ID.test(table) ? `https://airtable.com/${baseId}/${table}/${id}` : null };
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (error instanceof AbortedWhileWaiting) throw new ConnectorError('Airtable did not answer in time; the record may exist, and the retry upserts the same one.', { retryable: true, cause: error });
      throw airtableError(error, this.#config);
    }
  }

  async refreshCredentials(): Promise<void> {
    if (this.#token === null) return;
    this.#fresh = await this.#token({ refresh: true });
  }

  /** The client for the current token: airtable.js fixes the token when the client is made, so a new token makes a new client. */
  async #connection(): Promise<AirtableClient> {
    const { client, accessToken, endpointUrl, timeoutMs } = this.#config;
    if (client !== null) return client;
    let token: string;
    if (this.#token === null) token = accessToken as string;
    else {
      token = this.#fresh ?? (await this.#token({ refresh: false }));
      this.#fresh = null;
    }
    if (this.#client?.token !== token) this.#client = { token, client: createAirtableClient(token, endpointUrl, timeoutMs) };
    return this.#client.client;
  }
}

/**
 * A connector that creates or updates one record in an Airtable table
 * (`operation: 'record'`): the work's subject, body, due date, owner, customer, priority
 * and tags in fields you name, plus provider fields, upserted on a key field that holds
 * tickler's idempotency key.
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { airtableConnector } from 'tickler/airtable';
 *
 * const tickler = createTickler({
 *   connectors: [airtableConnector({ baseId: 'appA1b2C3d4E5f6G7h', table: 'Follow-ups', accessToken: process.env.AIRTABLE_TOKEN ?? '' })],
 * });
 * ```
 */
export function airtableConnector(config: AirtableConnectorConfig): Connector {
  return new AirtableConnector(parseAirtableConfig(config));
}
