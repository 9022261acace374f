import type { ConnectorOperationKind } from 'tickler';
import { type AccessTokenProvider, type Connector, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions, ConnectorError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';
import { activityInput, hasMarker } from './pipedrive-activity';
import { createPipedriveClient, type PipedriveActivity, type PipedriveAuth, type PipedriveClient } from './pipedrive-client';
import { parsePipedriveConfig, type PipedriveConnectorConfig, type ResolvedPipedriveConfig } from './pipedrive-config';
import { pipedriveError } from './pipedrive-errors';
import { activityFieldProblems } from './pipedrive-fields';
import { linkPage, linkProblem, lookupFilter, parseLink, type PipedriveLink } from './pipedrive-link';

// Pipedrive's largest page of GET /api/v2/activities.
const PAGE = 500;

/**
 * A Pipedrive activity for the relationship manager, on the customer's deal, person or
 * organization, through the official `pipedrive` SDK (API v2 activities).
 *
 * Idempotency: Pipedrive has no upsert or idempotency key for activities. tickler writes
 * a marker with the operation's idempotency key into the activity's note, and before
 * creating one lists the activities of the linked deal (else person, else organization)
 * and returns the one carrying the marker, if an earlier attempt made it.
 */
class PipedriveConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['task'];
  readonly #config: ResolvedPipedriveConfig;
  readonly #token: AccessTokenProvider | null;
  #fresh: string | null = null;

  constructor(config: ResolvedPipedriveConfig) {
    this.name = config.name;
    this.#config = config;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>): string | null {
    return linkProblem(this.name, link);
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
    return activityFieldProblems(this.name, fields);
  }

  async run(request: ConnectorRequest, { signal }: ConnectorRunOptions): Promise<ConnectorResult> {
    const problem = linkProblem(this.name, request.customer?.link ?? {});
    if (problem !== null) throw new ConnectorError(problem, { retryable: false });
    const link = parseLink(request.customer?.link ?? {});
    try {
      const client = createPipedriveClient(this.#config.apiDomain, await this.#auth(), signal);
      const found = await this.#earlier(client, link, request.idempotencyKey, signal);
      if (found !== null) return this.#result(found, link);
      const owner = await this.#owner(client, request, signal);
      const made = await untilAborted(client.addActivity(activityInput(request.work, link, owner, request.idempotencyKey, this.#config)), signal);
      // An answer without an id leaves the outcome unknown: the retry looks the activity up first.
      if (typeof made.data?.id !== 'number') throw new ConnectorError('Pipedrive answered without the activity; the retry looks for it before creating one.', { retryable: true });
      return this.#result(made.data, link);
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      if (error instanceof AbortedWhileWaiting) throw new ConnectorError('Pipedrive did not answer in time; the activity may exist, and the retry finds it by its marker before creating one.', { retryable: true, cause: error });
      throw pipedriveError(error, this.#config);
    }
  }

  async refreshCredentials(): Promise<void> {
    // A personal API token cannot be refreshed: the next attempt is refused again and fails as unauthorized.
    if (this.#token === null) return;
    this.#fresh = await this.#token({ refresh: true });
  }

  async #auth(): Promise<PipedriveAuth> {
    if (this.#config.apiToken !== null) return { apiToken: this.#config.apiToken };
    if (this.#token === null) return { accessToken: this.#config.accessToken as string };
    const token = this.#fresh ?? (await this.#token({ refresh: false }));
    this.#fresh = null;
    return { accessToken: token };
  }

  /** The activity an earlier attempt made (it carries the marker), or null: every page of the linked object's activities, newest first. */
  async #earlier(client: PipedriveClient, link: PipedriveLink, key: string, signal: AbortSignal): Promise<PipedriveActivity | null> {
    const filter = lookupFilter(link);
    let cursor: string | undefined;
    for (;;) {
      const page = await untilAborted(client.getActivities({ ...filter, sort_by: 'id', sort_direction: 'desc', limit: PAGE, cursor }), signal);
      const found = (page.data ?? []).find((a) => typeof a.id === 'number' && hasMarker(a, key));
      if (found !== undefined) return found;
      const next = page.additional_data?.next_cursor;
      if (typeof next !== 'string' || next === '') return null;
      cursor = next;
    }
  }

  /** The Pipedrive user who owns the activity: from `owners`, else the active user with the assignee's email; null leaves Pipedrive's default (the token's user). */
  async #owner(client: PipedriveClient, request: ConnectorRequest, signal: AbortSignal): Promise<number | null> {
    const assignee = request.work.assignee;
    if (assignee === null) return null;
    const mapped = this.#config.owners[assignee.userId];
    if (mapped !== undefined) return mapped;
    if (assignee.email === null) return null;
    const email = assignee.email.toLowerCase();
    // The search matches parts of addresses: keep the exact one.
    const users = (await untilAborted(client.findUsersByEmail(assignee.email), signal)).data ?? [];
    const user = users.find((u) => u.email?.toLowerCase() === email && u.active_flag !== false && typeof u.id === 'number');
    return user?.id ?? null;
  }

  #result(activity: PipedriveActivity, link: PipedriveLink): ConnectorResult {
    return { externalId: String(activity.id), url: this.#config.appUrl === null ? null : linkPage(this.#config.appUrl, link) };
  }
}

/**
 * A connector that makes Pipedrive activities for the customer's relationship manager
 * (`operation: 'task'`), on the deal, person or organization the customer's link names
 * (`links.pipedrive: { dealId, personId, orgId }`, at least one).
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { pipedriveConnector } from 'tickler/pipedrive';
 *
 * const tickler = createTickler({
 *   connectors: [pipedriveConnector({ apiDomain: 'https://acme.pipedrive.com', apiToken: process.env.PIPEDRIVE_API_TOKEN ?? '' })],
 * });
 * ```
 */
export function pipedriveConnector(config: PipedriveConnectorConfig): Connector {
  return new PipedriveConnector(parsePipedriveConfig(config));
}
