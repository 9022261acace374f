import type { ConnectorOperationKind } from 'tickler';
import { type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, AbortedWhileWaiting, ConnectorError, isConnectorError, untilAborted } from 'tickler/adapter';
import { ZohoRestClient, type ZohoAnswer } from './zoho-client';
import { parseZohoConfig, type ResolvedZohoConfig, type ZohoConnectorConfig } from './zoho-config';
import { zohoAnswerError, zohoRecordError, zohoUnreachable, type ZohoErrorItem } from './zoho-errors';
import { zohoFieldProblems, zohoLinkProblem, zohoTaskRecord } from './zoho-task';

/** Active users read per page of the Users API (its maximum). */
const USERS_PER_PAGE = 200;
/** Pages of users read at most when looking an owner up by email. */
const MAX_USER_PAGES = 50;

interface DataItem extends ZohoErrorItem {
  details?: { id?: unknown; api_name?: unknown; duplicate_record?: { id?: unknown } } | undefined;
}

const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
const dataOf = (answer: ZohoAnswer): unknown[] | null => {
  const data = (answer.body as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? data : null;
};

/**
 * A Zoho CRM task for the relationship manager, on the customer's Account or Deal
 * (`What_Id`) and Contact (`Who_Id`), through the REST API v6.
 *
 * Idempotency: the task carries the operation's idempotency key in a unique field
 * (`Tickler_Key`, "Do not allow duplicate values"). Zoho checks unique fields on every
 * insert, so inserting the same key again is refused with `DUPLICATE_DATA` naming the
 * first task, which is the result. A retry (attempt 2 on) also searches the key first.
 */
class ZohoConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['task'];
  readonly #config: ResolvedZohoConfig;
  readonly #client: ZohoRestClient;
  /** Active users' ids by lower-case email, as the Users API listed them. */
  readonly #users = new Map<string, string>();
  #fresh: string | null = null;

  constructor(config: ResolvedZohoConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = new ZohoRestClient(`${config.apiDomain}/crm/${config.apiVersion}`, config.fetch);
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    return zohoLinkProblem(this.name, link);
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return zohoFieldProblems(fields, this.#config.keyField);
  }

  async run(request: ConnectorRequest, { signal, now }: ConnectorRunOptions): Promise<ConnectorResult> {
    const token = await this.#token();
    let step = 'the search for the task';
    try {
      // Only an earlier attempt can have made a task with this key.
      const found = request.attempt > 1 ? await this.#findByKey(request.idempotencyKey, token, signal, now) : null;
      if (found !== null) return this.#result(found);
      step = 'the look-up of the owner';
      const owner = await this.#owner(request, token, signal, now);
      const record = zohoTaskRecord(request.work, request.customer?.link ?? {}, owner, { field: this.#config.keyField, value: request.idempotencyKey });
      step = 'the insert of the task';
      const answer = await untilAborted(this.#client.post('/Tasks', { data: [record] }, token, signal), signal);
      return this.#result(this.#insertedId(answer, now));
    } catch (error) {
      if (isConnectorError(error)) throw error;
      if (error instanceof AbortedWhileWaiting || signal.aborted) {
        throw new ConnectorError(`Zoho CRM did not answer ${step} in time; the task may exist, and the retry finds it by its ${this.#config.keyField}.`, { retryable: true, cause: error });
      }
      throw zohoUnreachable(error, step);
    }
  }

  async refreshCredentials(): Promise<void> {
    // A fixed token cannot be renewed: the next refusal fails the operation as unauthorized.
    if (typeof this.#config.accessToken === 'string') return;
    this.#fresh = await this.#config.accessToken({ refresh: true });
  }

  async #token(): Promise<string> {
    const source = this.#config.accessToken;
    if (typeof source === 'string') return source;
    const token = this.#fresh ?? (await source({ refresh: false }));
    this.#fresh = null;
    return token;
  }

  #result(id: string): ConnectorResult {
    return { externalId: id, url: this.#config.appUrl === null ? null : `${this.#config.appUrl}/tab/Tasks/${id}` };
  }

  /** `now` is the run's: an HTTP-date Retry-After counts from it, never from the wall clock. */
  #error(answer: ZohoAnswer, what: string, now: Date): ConnectorError {
    return zohoAnswerError(answer, what, { rateLimitWaitMs: this.#config.rateLimitWaitMs, now });
  }

  /** The id of the task an insert made, or of the task that already holds the key; a ConnectorError otherwise. */
  #insertedId(answer: ZohoAnswer, now: Date): string {
    const item = dataOf(answer)?.[0] as DataItem | undefined;
    if (item === undefined || typeof item !== 'object' || item === null) {
      if (answer.status >= 200 && answer.status < 300) throw new ConnectorError(`Zoho CRM answered ${answer.status} without the task's id; the retry finds it if it was made.`, { retryable: true, status: answer.status });
      throw this.#error(answer, 'refused the task', now);
    }
    if (item.status === 'success') {
      const id = idOf(item.details?.id);
      if (id !== null) return id;
      throw new ConnectorError('Zoho CRM reported the task added but gave no id; the retry finds it by its key.', { retryable: true, status: answer.status });
    }
    if (item.code === 'DUPLICATE_DATA' && item.details?.api_name === this.#config.keyField) {
      // The unique key field clashed: an earlier attempt made the task, and Zoho names it.
      const id = idOf(item.details.duplicate_record?.id) ?? idOf(item.details.id);
      if (id !== null) return id;
    }
    throw zohoRecordError(item, 'refused the task', answer.status);
  }

  /** The task holding `key`, by Zoho's search API (204 when none); null when there is none. */
  async #findByKey(key: string, token: string, signal: AbortSignal, now: Date): Promise<string | null> {
    const value = key.replace(/[\\(),]/g, '\\$&');
    const answer = await untilAborted(this.#client.get('/Tasks/search', { criteria: `(${this.#config.keyField}:equals:${value})` }, token, signal), signal);
    if (answer.status === 204) return null;
    const records = dataOf(answer);
    if (answer.status !== 200 || records === null) throw this.#error(answer, 'refused the search for the task', now);
    for (const r of records as { id?: unknown }[]) {
      if ((r as Record<string, unknown>)[this.#config.keyField] === key && idOf(r.id) !== null) return idOf(r.id);
    }
    return null;
  }

  /** The Zoho user for the work's assignee: from `owners`, else by email among active users; null leaves the token's user as owner. */
  async #owner(request: ConnectorRequest, token: string, signal: AbortSignal, now: Date): Promise<string | null> {
    const assignee = request.work.assignee;
    if (assignee === null) return null;
    const mapped = this.#config.owners[assignee.userId];
    if (mapped !== undefined) return mapped;
    if (assignee.email === null) return null;
    const email = assignee.email.toLowerCase();
    const known = this.#users.get(email);
    if (known !== undefined) return known;
    for (let page = 1; page <= MAX_USER_PAGES; page++) {
      const answer = await untilAborted(this.#client.get('/users', { type: 'ActiveUsers', page: String(page), per_page: String(USERS_PER_PAGE) }, token, signal), signal);
      if (answer.status === 204) break;
      const body = answer.body as { users?: unknown; info?: { more_records?: unknown } } | null;
      if (answer.status !== 200 || !Array.isArray(body?.users)) throw this.#error(answer, 'refused the look-up of users', now);
      for (const user of body.users as { id?: unknown; email?: unknown }[]) {
        const id = idOf(user.id);
        if (id !== null && typeof user.email === 'string') this.#users.set(user.email.toLowerCase(), id);
      }
      if (this.#users.has(email) || body.info?.more_records !== true) break;
    }
    return this.#users.get(email) ?? null;
  }
}

/**
 * A connector that makes Zoho CRM Tasks for the customer's relationship manager
 * (`operation: 'task'`), on the Account or Deal and the Contact the customer's link
 * names (`links.zoho: { accountId, contactId }` or `{ dealId }`), through Zoho CRM's REST
 * API v6 on the org's data centre.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { zohoConnector } from 'tickler/zoho';
 *
 * declare function zohoAccessToken(options: { refresh: boolean }): Promise<string>;
 * const tickler = createTickler({
 *   connectors: [zohoConnector({ apiDomain: 'https://www.zohoapis.eu', accessToken: zohoAccessToken })],
 * });
 * ```
 */
export function zohoConnector(config: ZohoConnectorConfig): Connector {
  return new ZohoConnector(parseZohoConfig(config));
}
