import type { ConnectorOperationKind } from 'tickler';
import {
  AbortedWhileWaiting,
  ConnectorError,
  isConnectorError,
  untilAborted,
  type Connector,
  type ConnectorCustomer,
  type ConnectorFieldProblem,
  type ConnectorRequest,
  type ConnectorResult,
  type ConnectorRunOptions,
} from 'tickler/adapter';
import { createMailchimpClient, type MailchimpClient, type MailchimpMember } from './mailchimp-client';
import { parseMailchimpConfig, type MailchimpConnectorConfig, type ResolvedMailchimpConfig } from './mailchimp-config';
import { mailchimpError, type MailchimpErrorContext } from './mailchimp-errors';
import { linkProblem, memberInput, readFields, subscriberHash, tagChanges } from './mailchimp-fields';
import { markerHolds, markerWith } from './mailchimp-journey';

/** The call under way, for the message of its failure. */
type Call = Pick<MailchimpErrorContext, 'what' | 'notFound'>;

/**
 * The customer's member in a Mailchimp audience, created or updated (`record`), through
 * the official `@mailchimp/mailchimp_marketing`: merge fields, tags, and a Customer
 * Journey step triggered for them.
 *
 * Idempotency, per call: the add-or-update (`PUT`, keyed by the subscriber hash) and the
 * tag changes (each tag set to a status) are idempotent by nature, so every attempt sends
 * them again. The journey trigger is not: tickler keeps the keys of the operations whose
 * trigger it made in a text merge field of the member (`TICKLER`), writes it right after
 * the trigger and reads it (in the add-or-update's answer) before triggering. An attempt
 * that ended between the trigger and that write (a dropped answer, a crash) triggers again
 * on retry. See docs/connector-mailchimp.md.
 */
class MailchimpConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['record'];
  readonly #config: ResolvedMailchimpConfig;
  #client: MailchimpClient | null = null;
  #credential: string | null = null;
  #fresh: string | null = null;

  constructor(config: ResolvedMailchimpConfig) {
    this.name = config.name;
    this.#config = config;
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>, customer?: ConnectorCustomer): string | null {
    return linkProblem(this.name, link, this.#config.listId, customer);
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): ConnectorFieldProblem[] {
    return readFields(fields, this.#config).problems;
  }

  async run(request: ConnectorRequest, { signal, now }: ConnectorRunOptions): Promise<ConnectorResult> {
    const { listId, email, hash } = this.#member(request);
    const { fields, problems } = readFields(request.work.fields, this.#config);
    if (problems.length > 0) throw new ConnectorError(`The work's Mailchimp fields cannot be sent: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`, { retryable: false });
    const client = await this.#connection();
    const inAudience = `check the audience id (links.${this.name}.listId, or the connector's listId): ${listId}`;
    let call: Call = { what: `adding or updating the member in audience ${listId}`, notFound: inAudience };
    try {
      const opts = this.#config.skipMergeValidation ? { skipMergeValidation: true } : undefined;
      const member = await untilAborted(client.lists.setListMember(listId, hash, memberInput(email, request.work, fields, this.#config), opts), signal);
      const tags = tagChanges(request.work, fields);
      if (tags.length > 0) {
        call = { what: `setting the member's tags in audience ${listId}`, notFound: inAudience };
        await untilAborted(client.lists.updateListMemberTags(listId, hash, { tags }), signal);
      }
      if (fields.journey !== null) {
        const { journeyId, stepId } = fields.journey;
        const field = this.#config.keyMergeField;
        const marker = member.merge_fields?.[field];
        if (typeof marker !== 'string') {
          throw new ConnectorError(
            `Audience ${listId} has no text audience field with merge tag ${field}, where tickler records the journeys it triggered so that a retry does not trigger one twice. Add it (type text, not required, hidden from the signup form) in Audience → Settings → Audience fields, or set keyMergeField; nothing was triggered.`,
            { retryable: false },
          );
        }
        if (!markerHolds(marker, request.idempotencyKey)) {
          call = { what: `triggering step ${stepId} of journey ${journeyId}`, notFound: "check journey_id and step_id against the URL Mailchimp gives for the journey's Customer Journeys API starting point or step, and that the journey is active" };
          await untilAborted(client.customerJourneys.trigger(journeyId, stepId, { email_address: email }), signal);
          call = { what: `recording the journey trigger in the member's ${field} field (the trigger was made)`, notFound: inAudience };
          await untilAborted(client.lists.updateListMember(listId, hash, { merge_fields: { [field]: markerWith(marker, request.idempotencyKey) } }), signal);
        }
      }
      return { externalId: typeof member.id === 'string' ? member.id : hash, url: this.#url(member) };
    } catch (error) {
      if (isConnectorError(error)) throw error;
      if (error instanceof AbortedWhileWaiting) throw new ConnectorError(`Mailchimp did not answer in time while ${call.what}; the retry sends it again.`, { retryable: true, cause: error });
      throw mailchimpError(error, { ...call, now, limitWaitMs: this.#config.limitWaitMs });
    }
  }

  async refreshCredentials(): Promise<boolean> {
    const provider = this.#config.auth.value;
    // A fixed key or token cannot be refreshed: tickler then fails the work as unauthorized at once.
    if (typeof provider !== 'function') return false;
    this.#fresh = await provider({ refresh: true });
    return true;
  }

  /** The audience, the member's address and its subscriber hash, from the customer and their link. */
  #member(request: ConnectorRequest): { listId: string; email: string; hash: string } {
    const customer = request.customer;
    if (customer === null) throw new ConnectorError('A Mailchimp record is about a customer, the audience member; this work is about no customer.', { retryable: false });
    const problem = linkProblem(this.name, customer.link, this.#config.listId, customer);
    if (problem !== null) throw new ConnectorError(`Customer ${customer.id}: ${problem}`, { retryable: false });
    const email = customer.link.email ?? (customer.email as string);
    return { listId: customer.link.listId ?? (this.#config.listId as string), email, hash: subscriberHash(email) };
  }

  /** The SDK client, carrying the credential to use now (the provider's, or the one a refresh got). */
  async #connection(): Promise<MailchimpClient> {
    const { auth, server, basePath } = this.#config;
    let credential: string;
    if (typeof auth.value === 'function') {
      try {
        credential = this.#fresh ?? (await auth.value({ refresh: false }));
      } catch (cause) {
        throw new ConnectorError(`The ${this.name} connector's ${auth.kind === 'apiKey' ? 'API key' : 'token'} provider failed: ${cause instanceof Error ? cause.message : String(cause)}`, { retryable: true, cause });
      }
      this.#fresh = null;
    } else credential = auth.value;
    if (this.#client === null || credential !== this.#credential) {
      this.#client = createMailchimpClient(auth.kind === 'apiKey' ? { apiKey: credential } : { accessToken: credential }, server, basePath);
      this.#credential = credential;
    }
    return this.#client;
  }

  /** The member in Mailchimp's app, as the API documents `web_id`; null without the server prefix. */
  #url(member: MailchimpMember): string | null {
    const { server } = this.#config;
    return server === null || typeof member.web_id !== 'number' ? null : `https://${server}.admin.mailchimp.com/lists/members/view?id=${member.web_id}`;
  }
}

/**
 * A connector that adds or updates the customer's member in a Mailchimp audience
 * (`operation: 'record'`): merge fields, tags, and a Customer Journey step triggered for
 * them, such as a re-engagement journey when an automation sees the customer inactive.
 * The audience is `links.mailchimp.listId` (or the config's `listId`); the member is the
 * customer's email (or `links.mailchimp.email`).
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { mailchimpConnector } from 'tickler/mailchimp';
 *
 * const tickler = createTickler({
 *   connectors: [mailchimpConnector({ apiKey: process.env.MAILCHIMP_API_KEY ?? '0123456789abcdef0123456789abcdef-us6', listId: '57afe96172' })],
 * });
 * ```
 */
export function mailchimpConnector(config: MailchimpConnectorConfig): Connector {
  return new MailchimpConnector(parseMailchimpConfig(config));
}
