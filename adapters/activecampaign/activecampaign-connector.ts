import type { ConnectorOperationKind } from 'tickler';
import { AbortedWhileWaiting, ConnectorError, type Connector, type ConnectorCustomer, type ConnectorFieldProblem, type ConnectorRequest, type ConnectorResult, type ConnectorRunOptions } from 'tickler/adapter';
import { ActiveCampaignClient, ActiveCampaignHttpError, type AcFieldValue, type ActiveCampaignCall } from './activecampaign-client';
import { parseActiveCampaignConfig, type ActiveCampaignConnectorConfig, type ResolvedActiveCampaignConfig } from './activecampaign-config';
import { addToAutomation } from './activecampaign-automation';
import { activeCampaignError, activeCampaignMessage } from './activecampaign-errors';
import { planOf, recordFieldProblems, tagProblem, type ActiveCampaignPlan } from './activecampaign-fields';
import { syncContactTags } from './activecampaign-tags';

const LINK_KEYS = new Set(['contactId', 'email']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CONTACT_ID = /^[1-9]\d{0,15}$/;

/** Whom the record is about: a known contact, or the address ActiveCampaign syncs a contact by. */
type Who = { contactId: string } | { email: string };

/**
 * A customer's contact in ActiveCampaign, through API v3 over `fetch`: synced (created or
 * updated) with custom field values, tagged and untagged, and added to an automation.
 *
 * Idempotency, step by step: the contact sync is an upsert by email (`contact/sync`), a
 * known contact is updated in place (`PUT`); tags are compared with the contact's tags
 * before any is added, and a removal of a tag the contact no longer has is a no-op; the
 * contact's automation history is read before adding it to an automation, and an entry
 * still running or made since the operation was queued counts as done.
 */
class ActiveCampaignConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[] = ['record'];
  readonly #config: ResolvedActiveCampaignConfig;
  readonly #client: ActiveCampaignClient;
  /** Personalization tags (upper case) to custom field ids: the account's fields change rarely. */
  readonly #fieldIds = new Map<string, string>();
  #fresh: string | null = null;

  constructor(config: ResolvedActiveCampaignConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = new ActiveCampaignClient(config.apiUrl, config.fetch);
  }

  checkLink(_operation: ConnectorOperationKind, link: Readonly<Record<string, string>>, customer?: ConnectorCustomer): string | null {
    const stray = Object.keys(link).find((k) => !LINK_KEYS.has(k));
    if (stray !== undefined) return `links.${this.name}.${stray} is not an ActiveCampaign link key; use contactId (the contact's id) or email.`;
    const { contactId, email } = link;
    if (contactId !== undefined && !CONTACT_ID.test(contactId)) return `links.${this.name}.contactId "${contactId}" is not an ActiveCampaign contact id (a positive whole number, from the contact's URL /app/contacts/<id>).`;
    if (email !== undefined && !EMAIL.test(email)) return `links.${this.name}.email "${email}" is not an email address.`;
    if (contactId !== undefined || email !== undefined) return null;
    if (!this.#config.useCustomerEmail) return `set links.${this.name}.contactId (the ActiveCampaign contact id) or email (the address the contact is synced by).`;
    if (customer !== undefined && (customer.email === null || !EMAIL.test(customer.email))) return `set links.${this.name}.contactId or email, or give the customer an email address: ActiveCampaign finds and creates contacts by email.`;
    return null;
  }

  checkFields(_operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>): ConnectorFieldProblem[] {
    return recordFieldProblems(fields, this.name);
  }

  async refreshCredentials(): Promise<boolean> {
    const provider = this.#config.apiToken;
    // A fixed key cannot be refreshed: tickler then fails the work as unauthorized at once.
    if (typeof provider !== 'function') return false;
    this.#fresh = await provider({ refresh: true });
    return true;
  }

  async run(request: ConnectorRequest, { signal, now }: ConnectorRunOptions): Promise<ConnectorResult> {
    const plan = this.#plan(request);
    const who = this.#who(request);
    // Outside the try: a failing key provider is the host's error, not ActiveCampaign's silence.
    const call: ActiveCampaignCall = { token: await this.#token(), signal };
    try {
      const fieldValues = await this.#fieldValues(plan, call);
      const contactId = await this.#contact(who, plan, fieldValues, call);
      await syncContactTags(this.#client, contactId, { add: plan.addTags, remove: plan.removeTags, description: this.#config.tagDescription }, call);
      if (plan.automation !== null) {
        await addToAutomation(this.#client, contactId, plan.automation, { queuedAt: request.queuedAt, clockSkewMs: this.#config.clockSkewMs, pages: this.#config.automationPages }, call);
      }
      return { externalId: contactId, url: this.#config.appUrl === null ? null : `${this.#config.appUrl}/app/contacts/${contactId}` };
    } catch (error) {
      if (error instanceof AbortedWhileWaiting || signal.aborted) {
        throw new ConnectorError('ActiveCampaign did not answer in time; every step is safe to run again, and the retry checks the tags and automations before adding any.', { retryable: true, providerCode: 'timeout', cause: error });
      }
      throw activeCampaignError(error, { limitWaitMs: this.#config.limitWaitMs, now });
    }
  }

  /** The plan of the work; fields that cannot work are refused before anything is written. */
  #plan(request: ConnectorRequest): ActiveCampaignPlan {
    const refuse = (problems: ConnectorFieldProblem[]): never => {
      throw new ConnectorError(`The ActiveCampaign record cannot be written: ${problems.map((p) => `${p.path}: ${p.message}`).join(' ')}`, { retryable: false, providerCode: 'invalid_fields' });
    };
    const problems = recordFieldProblems(request.work.fields, this.name);
    const tag = request.work.tags.map(tagProblem).find((p) => p !== null);
    if (tag !== undefined) problems.push({ path: 'tags', message: `a tag ${tag}.` });
    if (problems.length > 0) refuse(problems);
    const plan = planOf(request);
    const both = plan.addTags.find((t) => plan.removeTags.some((r) => r.toLowerCase() === t.toLowerCase()));
    if (both !== undefined) refuse([{ path: 'removeTags', message: `"${both}" is both added (tags) and removed (removeTags).` }]);
    return plan;
  }

  #who(request: ConnectorRequest): Who {
    const link = request.customer?.link ?? {};
    if (link.contactId !== undefined) return { contactId: link.contactId };
    if (link.email !== undefined) return { email: link.email };
    const email = request.customer?.email ?? null;
    if (this.#config.useCustomerEmail && email !== null && email !== '') return { email };
    const who = request.customer === null ? 'work about no customer' : `customer ${request.customer.id}`;
    throw new ConnectorError(`An ActiveCampaign record needs a contact, and ${who} has none: set links.${this.name}.contactId or email${this.#config.useCustomerEmail ? ', or give the customer an email address' : ''}.`, { retryable: false });
  }

  async #token(): Promise<string> {
    const key = this.#config.apiToken;
    if (typeof key === 'string') return key;
    // The refreshed key serves the next call; later runs ask the provider, which caches as it sees fit.
    const fresh = this.#fresh;
    this.#fresh = null;
    return fresh ?? (await key({ refresh: false }));
  }

  /** The custom field values by field id: personalization tags are looked up in the account's fields (once per process). */
  async #fieldValues(plan: ActiveCampaignPlan, call: ActiveCampaignCall): Promise<AcFieldValue[]> {
    const unknown: string[] = [];
    for (const { key } of plan.fieldValues) {
      if (!('perstag' in key) || this.#fieldIds.has(key.perstag)) continue;
      const field = (await this.#client.fieldsByPerstag(key.perstag, call)).find((f) => f.perstag.toUpperCase() === key.perstag);
      if (field === undefined) unknown.push(`%${key.perstag}%`);
      else this.#fieldIds.set(key.perstag, String(field.id));
    }
    if (unknown.length > 0) {
      throw new ConnectorError(`ActiveCampaign has no custom contact field with the personalization tag ${unknown.join(', ')}: create it (Contacts → Fields) or give the field's id (fieldValues.<id>).`, { retryable: false, providerCode: 'field_not_exist' });
    }
    return plan.fieldValues.map((v) => ({ field: 'id' in v.key ? v.key.id : (this.#fieldIds.get(v.key.perstag) as string), value: v.value }));
  }

  /** The contact's id: synced by email (created when ActiveCampaign has no contact with it), or the linked contact, updated or checked. */
  async #contact(who: Who, plan: ActiveCampaignPlan, fieldValues: AcFieldValue[], call: ActiveCampaignCall): Promise<string> {
    const changes = { ...plan.contact, ...(fieldValues.length === 0 ? {} : { fieldValues }) };
    if ('email' in who) return (await this.#client.syncContact({ email: who.email, ...changes }, call)).id;
    try {
      const contact = Object.keys(changes).length === 0 ? await this.#client.getContact(who.contactId, call) : await this.#client.updateContact(who.contactId, changes, call);
      return contact.id;
    } catch (error) {
      if (error instanceof ActiveCampaignHttpError && error.status === 404) {
        throw new ConnectorError(`ActiveCampaign has no contact ${who.contactId} (${activeCampaignMessage(error.body)}): it was deleted or merged; fix links.${this.name}.contactId.`, { retryable: false, status: 404, cause: error });
      }
      throw error;
    }
  }
}

/**
 * A connector that creates or updates a customer's contact in ActiveCampaign
 * (`operation: 'record'`): synced by email (or the linked contact id), with custom field
 * values, tags added and removed, and the contact added to an automation, such as a
 * re-engagement automation when tickler sees the customer inactive.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { activeCampaignConnector } from 'tickler/activecampaign';
 *
 * const tickler = createTickler({
 *   connectors: [activeCampaignConnector({ apiUrl: 'https://acme.api-us1.com', apiToken: process.env.ACTIVECAMPAIGN_API_TOKEN ?? '' })],
 * });
 * ```
 */
export function activeCampaignConnector(config: ActiveCampaignConnectorConfig): Connector {
  return new ActiveCampaignConnector(parseActiveCampaignConfig(config));
}
