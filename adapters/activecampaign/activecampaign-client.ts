import { untilAborted, type FetchResponseLike } from 'tickler/adapter';

/** The request the ActiveCampaign connector makes, as a fetch `init`. */
export interface ActiveCampaignFetchInit {
  /** `GET` for look-ups, `POST` and `PUT` to write, `DELETE` to remove a tag from a contact. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Every header, lower-case: `api-token`, `accept`, and `content-type` when there is a body. */
  headers: Record<string, string>;
  /** The JSON body of a POST or PUT. */
  body?: string | undefined;
  /** Aborted when the operation's time is up. */
  signal: AbortSignal;
}

/** The part of a fetch `Response` the ActiveCampaign connector reads. */
export type ActiveCampaignFetchResponse = FetchResponseLike;

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type ActiveCampaignFetch = (url: string, init: ActiveCampaignFetchInit) => Promise<ActiveCampaignFetchResponse>;

/** A contact as API v3 answers it: the fields the connector reads (ids are strings). */
export interface AcContact {
  id: string;
  email?: string | null;
}

/** A tag as `GET /api/3/tags` answers it. */
export interface AcTag {
  id: string;
  tag: string;
  tagType?: string | null;
}

/** A contact's tag: the association `DELETE /api/3/contactTags/{id}` removes. */
export interface AcContactTag {
  id: string;
  contact: string;
  tag: string;
}

/** A contact's passage through an automation, as `GET /api/3/contacts/{id}/contactAutomations` lists it. */
export interface AcContactAutomation {
  id: string;
  contact: string;
  automation: string;
  /** `1` while the contact is in the automation, `2` once it ended. */
  status: string;
  /** When the contact entered, with the account's offset (`2022-03-01T08:51:57-06:00`). */
  adddate: string | null;
  /** When the contact left the automation, or null while it is in it. */
  remdate?: string | null;
}

/** A custom contact field as `GET /api/3/fields` answers it. */
export interface AcField {
  id: string;
  title: string;
  /** The personalization tag, such as `REGION` (`%REGION%` in messages). */
  perstag: string;
}

/** One custom field value as `contact/sync` and `PUT /contacts/{id}` take it. */
export interface AcFieldValue {
  field: string;
  value: string;
}

/** The standard contact fields tickler writes, by API v3's names. */
export interface AcContactInput {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  phone?: string | undefined;
  fieldValues?: AcFieldValue[] | undefined;
}

/** A non-2xx answer, kept whole so the connector can read ActiveCampaign's own error body and headers. */
export class ActiveCampaignHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: ActiveCampaignFetchResponse['headers'],
    readonly action: string,
  ) {
    super(`ActiveCampaign answered HTTP ${status} to ${action}`);
    this.name = 'ActiveCampaignHttpError';
  }
}

/** Who calls and until when: every request carries the token and the operation's signal. */
export interface ActiveCampaignCall {
  token: string;
  signal: AbortSignal;
}

/** Page size of the list look-ups: API v3's maximum `limit`. */
export const PAGE = 100;

type Query = Record<string, string>;

/**
 * The slice of ActiveCampaign's API v3 the connector uses, over plain HTTP: the npm
 * package `activecampaign` wraps the old v1 API, and ActiveCampaign keeps no Node SDK for
 * v3. It never retries: tickler does, durably.
 */
export class ActiveCampaignClient {
  constructor(
    readonly baseUrl: string,
    readonly fetch: ActiveCampaignFetch,
  ) {}

  /** `POST /api/3/contact/sync`: creates the contact with that email, or updates the one that has it. */
  async syncContact(contact: AcContactInput, call: ActiveCampaignCall): Promise<AcContact> {
    const answer = await this.#send<{ contact?: AcContact }>('POST', '/contact/sync', null, { contact }, call, 'the contact sync');
    return contactOf(answer.contact, 'the contact sync');
  }

  /** `PUT /api/3/contacts/{id}`: updates a known contact. */
  async updateContact(id: string, contact: AcContactInput, call: ActiveCampaignCall): Promise<AcContact> {
    const answer = await this.#send<{ contact?: AcContact }>('PUT', `/contacts/${id}`, null, { contact }, call, `the update of contact ${id}`);
    return contactOf(answer.contact, `the update of contact ${id}`);
  }

  /** `GET /api/3/contacts/{id}`: the contact, or a 404. */
  async getContact(id: string, call: ActiveCampaignCall): Promise<AcContact> {
    const answer = await this.#send<{ contact?: AcContact }>('GET', `/contacts/${id}`, null, null, call, `the look-up of contact ${id}`);
    return contactOf(answer.contact, `the look-up of contact ${id}`);
  }

  /** `GET /api/3/contacts/{id}/contactTags`: the contact's tags, as associations. */
  async contactTags(contactId: string, call: ActiveCampaignCall): Promise<AcContactTag[]> {
    const answer = await this.#send<{ contactTags?: AcContactTag[] }>('GET', `/contacts/${contactId}/contactTags`, null, null, call, `the tags of contact ${contactId}`);
    return answer.contactTags ?? [];
  }

  /** `GET /api/3/tags?search=`: tags whose name contains `name` ("contains" is the search's operator), exact matches first. */
  async searchTags(name: string, call: ActiveCampaignCall): Promise<AcTag[]> {
    const answer = await this.#send<{ tags?: AcTag[] }>('GET', '/tags', { search: name, 'orders[search]': 'weight', limit: String(PAGE) }, null, call, `the look-up of tag "${name}"`);
    return answer.tags ?? [];
  }

  /** `POST /api/3/tags`: a new contact tag. */
  async createTag(name: string, description: string, call: ActiveCampaignCall): Promise<AcTag> {
    const answer = await this.#send<{ tag?: AcTag }>('POST', '/tags', null, { tag: { tag: name, tagType: 'contact', description } }, call, `the creation of tag "${name}"`);
    if (typeof answer.tag?.id !== 'string') throw new ActiveCampaignHttpError(200, answer, EMPTY_HEADERS, `the creation of tag "${name}"`);
    return answer.tag;
  }

  /** `POST /api/3/contactTags`: puts a tag on a contact. */
  async addContactTag(contactId: string, tagId: string, call: ActiveCampaignCall): Promise<void> {
    await this.#send('POST', '/contactTags', null, { contactTag: { contact: contactId, tag: tagId } }, call, `the tagging of contact ${contactId}`);
  }

  /** `DELETE /api/3/contactTags/{id}`: takes a tag off a contact. */
  async removeContactTag(contactTagId: string, call: ActiveCampaignCall): Promise<void> {
    await this.#send('DELETE', `/contactTags/${contactTagId}`, null, null, call, `the removal of contact tag ${contactTagId}`);
  }

  /** `GET /api/3/contacts/{id}/contactAutomations`: one page of the automations the contact is or was in. */
  async contactAutomations(contactId: string, offset: number, call: ActiveCampaignCall): Promise<AcContactAutomation[]> {
    const answer = await this.#send<{ contactAutomations?: AcContactAutomation[] }>('GET', `/contacts/${contactId}/contactAutomations`, { limit: String(PAGE), offset: String(offset) }, null, call, `the automations of contact ${contactId}`);
    return answer.contactAutomations ?? [];
  }

  /** `POST /api/3/contactAutomations`: adds the contact to an automation. */
  async addContactAutomation(contactId: string, automationId: string, call: ActiveCampaignCall): Promise<void> {
    await this.#send('POST', '/contactAutomations', null, { contactAutomation: { contact: contactId, automation: automationId } }, call, `adding contact ${contactId} to automation ${automationId}`);
  }

  /** `GET /api/3/fields?filters[perstag]=`: the custom contact fields with that personalization tag (none or one). */
  async fieldsByPerstag(perstag: string, call: ActiveCampaignCall): Promise<AcField[]> {
    const answer = await this.#send<{ fields?: AcField[] }>('GET', '/fields', { 'filters[perstag]': perstag, limit: String(PAGE) }, null, call, `the look-up of custom field %${perstag}%`);
    return answer.fields ?? [];
  }

  async #send<T>(method: ActiveCampaignFetchInit['method'], path: string, query: Query | null, body: object | null, call: ActiveCampaignCall, action: string): Promise<T> {
    const url = `${this.baseUrl}/api/3${path}${query === null ? '' : `?${new URLSearchParams(query).toString()}`}`;
    const headers: Record<string, string> = { 'api-token': call.token, accept: 'application/json' };
    if (body !== null) headers['content-type'] = 'application/json';
    // The body is read under the same signal: a response that stalls midway is a timeout too.
    const exchange = async (): Promise<{ status: number; headers: ActiveCampaignFetchResponse['headers']; text: string }> => {
      const response = await this.fetch(url, { method, headers, ...(body === null ? {} : { body: JSON.stringify(body) }), signal: call.signal });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const answer = await untilAborted(exchange(), call.signal);
    const parsed = parseJson(answer.text);
    if (answer.status < 200 || answer.status >= 300) throw new ActiveCampaignHttpError(answer.status, parsed ?? answer.text, answer.headers, action);
    // A DELETE may answer with an empty body; every other answer is a JSON object.
    if (parsed === undefined && method !== 'DELETE') throw new ActiveCampaignHttpError(answer.status, answer.text, answer.headers, action);
    return (parsed ?? {}) as T;
  }
}

const EMPTY_HEADERS: ActiveCampaignFetchResponse['headers'] = { get: () => null };

/** The contact of an answer, or an error the connector reads as "an answer it cannot use" (retryable). */
function contactOf(contact: AcContact | undefined, action: string): AcContact {
  if (contact === undefined || (typeof contact.id !== 'string' && typeof contact.id !== 'number') || String(contact.id) === '') {
    throw new ActiveCampaignHttpError(200, contact ?? null, EMPTY_HEADERS, action);
  }
  return { ...contact, id: String(contact.id) };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
