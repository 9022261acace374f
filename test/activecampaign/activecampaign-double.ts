import type { ConnectorScript } from 'tickler/testing';
import { startConnectorDouble, type DoubleReply, type DoubleRequest, type ProviderSpec, type RunningDouble } from '../support/connector-double';

// A double of one ActiveCampaign account's API v3 (`/api/3/…`) as its reference describes
// it: developers.activecampaign.com/reference (authentication, errors, rate-limits, url,
// pagination) and ActiveCampaign's OpenAPI document of v3 (api-evangelist/activecampaign,
// openapi/_original/activecampaign-v3.json, the readme.io export of the reference):
// - the `Api-Token` header on every request; a refused one is a 403 (`{ message:
//   "Forbidden" }`, the reference's 403 body for a user without permission);
// - 429 with `Retry-After` in seconds and `RateLimit-Limit` / `RateLimit-Remaining`
//   (5 requests a second per account); 422 `{ errors: [{ title, detail, code, source:
//   { pointer } }] }`; 404 `{ message: "No Result found for <Entity> with id <id>" }`;
// - POST /contact/sync (an upsert by email, `{ fieldValues, contact }` back), GET and PUT
//   /contacts/{id}, GET /contacts/{id}/contactTags (the contact's `links.contactTags`);
// - GET /tags?search= ("contains", `orders[search]=weight` puts exact matches first),
//   POST /tags `{ tag: { tag, tagType, description } }`; POST /contactTags `{ contactTag:
//   { contact, tag } }` (404 `{ errors: [{ status, title: "Not Found", detail: "Contact not
//   found" }] }`, 422 "Missing attribute"), DELETE /contactTags/{id} (404 SubscriberTag);
// - POST /contactAutomations `{ contactAutomation: { contact, automation } }` (201 `{
//   contacts, contactAutomation }`, 403 `{ message: "Could not create SubscriberSeries" }`),
//   GET /contacts/{id}/contactAutomations (status 1 while in it, 2 once ended; adddate with
//   the account's offset);
// - GET /fields?filters[perstag]= (default limit 100); lists page with `limit` (default 20,
//   at most 100) and `offset`.
// Chosen here where the reference says nothing: which causes give the 403 of
// POST /contactAutomations (here an unknown contact or automation, or an inactive
// automation); the 422 of contact/sync for an invalid email (the body API users report,
// code email_invalid) and for an unknown custom field; the 422 for a duplicate or comma'd
// tag name; the 404 of POST /contactTags for an unknown tag; what a second POST
// /contactTags of the same pair answers (the existing association). Adding a contact to an
// automation it is already in makes a second entry here: the worst case, which the
// adapter's look-up must prevent.

/** A contact as the double keeps it. */
export interface StoredContact {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  cdate: string;
  udate: string;
  /** Custom field values by field id. */
  fieldValues: Map<string, string>;
}

/** A tag of the account. */
export interface StoredTag {
  id: string;
  tag: string;
  tagType: 'contact' | 'template';
  description: string;
}

/** A contact's entry into an automation. */
export interface StoredContactAutomation {
  id: string;
  contact: string;
  automation: string;
  /** `1` while the contact is in the automation, `2` once it ended. */
  status: string;
  adddate: string;
  remdate: string | null;
}

/** A custom contact field. */
export interface DoubleField {
  id: string;
  title: string;
  perstag: string;
  type: 'text' | 'textarea' | 'date' | 'dropdown' | 'multiselect' | 'radio' | 'checkbox' | 'hidden' | 'datetime';
}

/** An automation of the account: status 1 active, 2 inactive. */
export interface DoubleAutomation {
  id: string;
  name: string;
  status: '1' | '2';
}

/** What the double's account holds before a test writes, and how it behaves. */
export interface ActiveCampaignDoubleOptions {
  contacts?: { id: string; email: string; firstName?: string; lastName?: string }[] | undefined;
  tags?: StoredTag[] | undefined;
  fields?: DoubleField[] | undefined;
  automations?: DoubleAutomation[] | undefined;
  /** The double's clock for dates it stamps (adddate, cdate). Default: the wall clock. */
  now?: (() => Date) | undefined;
  /** Automations end as soon as a contact enters them (status 2), as a one-step automation does. Default false: the contact stays in them. */
  completeAutomations?: boolean | undefined;
}

/** An outcome forced on the next request that matches, whatever it is (the suite's `script` reaches writes only). */
export type ForcedOutcome = Extract<ConnectorScript, 'rate-limit' | 'server-error' | 'unauthorized' | 'reject'>;

/** An ActiveCampaign API v3 double: contacts, tags, custom fields and automations of one account. */
export interface ActiveCampaignDouble extends RunningDouble {
  readonly contacts: Map<string, StoredContact>;
  readonly tags: Map<string, StoredTag>;
  readonly contactTags: Map<string, { id: string; contact: string; tag: string }>;
  readonly contactAutomations: Map<string, StoredContactAutomation>;
  /** Answers the next request with this method and path with `outcome` instead. */
  failNext(method: string, path: string, outcome: ForcedOutcome): void;
  /** Adds an entry of a contact into an automation, as if made in the app (no request). */
  seedContactAutomation(entry: Omit<StoredContactAutomation, 'id'>): void;
}

export const DEFAULT_CONTACT = { id: '1', email: 'accounts@dupont.example', firstName: 'Claire', lastName: 'Dupont' };
export const DEFAULT_TAGS: StoredTag[] = [
  { id: '1', tag: 'Customer', tagType: 'contact', description: '' },
  { id: '2', tag: 'active', tagType: 'contact', description: 'Bought in the last 60 days' },
  // A template tag of the same name as a contact tag tickler needs: not the one to use.
  { id: '3', tag: 'inactive', tagType: 'template', description: 'Templates nobody uses' },
];
export const DEFAULT_FIELDS: DoubleField[] = [
  { id: '1', title: 'Region', perstag: 'REGION', type: 'text' },
  { id: '2', title: 'Plan', perstag: 'PLAN', type: 'dropdown' },
  { id: '3', title: 'Interests', perstag: 'INTERESTS', type: 'checkbox' },
  { id: '4', title: 'Last order', perstag: 'LAST_ORDER', type: 'date' },
];
export const WIN_BACK: DoubleAutomation = { id: '3', name: 'Win back inactive customers', status: '1' };
export const RETIRED: DoubleAutomation = { id: '4', name: 'Spring newsletter 2024', status: '2' };
/** The reference's refusal of POST /contactAutomations (403), and the double's answer to `reject`. */
export const REJECT = 'Could not create SubscriberSeries';
const AUTH_MESSAGE = 'Forbidden';
const RETRY_AFTER_SECONDS = 30;
const OFFSET = '-05:00';

const RATE = { 'ratelimit-limit': '5', 'ratelimit-remaining': '4' };
const ok = (status: number, body: object): DoubleReply => ({ status, body, headers: RATE });
const notFound = (entity: string, id: string): DoubleReply => ({ status: 404, body: { message: `No Result found for ${entity} with id ${id}` }, headers: RATE });
const relatedNotFound = (what: string): DoubleReply => ({ status: 404, body: { errors: [{ status: 404, title: 'Not Found', detail: `${what} not found` }] }, headers: RATE });
const missingAttribute = (name: string): DoubleReply => ({ status: 422, body: { errors: [{ status: 422, title: 'Missing attribute', source: { pointer: `/data/attributes/${name}` } }] }, headers: RATE });
const couldNotCreate: DoubleReply = { status: 403, body: { message: REJECT }, headers: RATE };
const invalid = (title: string, code: string, pointer: string, error?: string): DoubleReply => ({
  status: 422,
  body: { errors: [{ title, detail: '', code, ...(error === undefined ? {} : { error }), source: { pointer } }] },
  headers: RATE,
});
const missingField: DoubleReply = invalid('The related field does not exist.', 'related_missing', '/data/attributes/fieldValues', 'field_not_exist');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An id or a value as JSON may carry it: ActiveCampaign takes numbers and strings alike. */
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** The page of a list request: `limit` (default 20, or the endpoint's, at most 100) and `offset`. */
function pageOf<T>(r: DoubleRequest, items: T[], byDefault = 20): T[] {
  const limit = Math.min(Math.max(Number(r.query.get('limit') ?? byDefault) || byDefault, 1), 100);
  const offset = Math.max(Number(r.query.get('offset') ?? 0) || 0, 0);
  return items.slice(offset, offset + limit);
}

/** Starts a double of one ActiveCampaign account's API v3. */
export async function startActiveCampaignDouble(options: ActiveCampaignDoubleOptions = {}): Promise<ActiveCampaignDouble> {
  const clock = options.now ?? (() => new Date());
  const fields = options.fields ?? DEFAULT_FIELDS;
  const automations = options.automations ?? [WIN_BACK, RETIRED];
  const contacts = new Map<string, StoredContact>();
  const tags = new Map<string, StoredTag>();
  const contactTags = new Map<string, { id: string; contact: string; tag: string }>();
  const contactAutomations = new Map<string, StoredContactAutomation>();
  const forced: { method: string; path: string; outcome: ForcedOutcome }[] = [];
  const seq = { contact: 100, tag: 100, contactTag: 0, contactAutomation: 0 };
  /** A date as ActiveCampaign writes it: the account's local time with its offset. */
  const stamp = (): string => `${new Date(clock().getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}${OFFSET}`;

  const reset = (): void => {
    contacts.clear();
    tags.clear();
    contactTags.clear();
    contactAutomations.clear();
    forced.length = 0;
    Object.assign(seq, { contact: 100, tag: 100, contactTag: 0, contactAutomation: 0 });
    for (const c of options.contacts ?? [DEFAULT_CONTACT]) {
      contacts.set(c.id, { id: c.id, email: c.email, firstName: c.firstName ?? '', lastName: c.lastName ?? '', phone: '', cdate: '2025-01-06T09:00:00-05:00', udate: '2025-01-06T09:00:00-05:00', fieldValues: new Map() });
    }
    for (const t of options.tags ?? DEFAULT_TAGS) tags.set(t.id, { ...t });
  };
  reset();

  const contactJson = (c: StoredContact): object => ({
    cdate: c.cdate,
    email: c.email,
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    orgid: '0',
    segmentio_id: '',
    bounced_hard: '0',
    bounced_soft: '0',
    deleted: '0',
    anonymized: '0',
    udate: c.udate,
    links: { contactAutomations: `/api/3/contacts/${c.id}/contactAutomations`, contactTags: `/api/3/contacts/${c.id}/contactTags`, fieldValues: `/api/3/contacts/${c.id}/fieldValues` },
    id: c.id,
  });
  const fieldValuesJson = (c: StoredContact): object[] =>
    [...c.fieldValues].map(([field, value], i) => ({ contact: c.id, field, value, cdate: c.cdate, udate: c.udate, links: { owner: `/api/3/fieldValues/${i + 1}/owner`, field: `/api/3/fieldValues/${i + 1}/field` }, id: String(i + 1), owner: c.id }));
  const contactAutomationJson = (e: StoredContactAutomation): object => ({
    contact: e.contact,
    seriesid: e.automation,
    startid: '0',
    status: e.status,
    batchid: null,
    adddate: e.adddate,
    remdate: e.remdate,
    timespan: e.remdate === null ? null : '0',
    lastblock: '1',
    lastdate: e.remdate ?? e.adddate,
    completedElements: e.status === '2' ? 1 : 0,
    totalElements: 1,
    completed: e.status === '2' ? 1 : 0,
    completeValue: e.status === '2' ? 100 : 0,
    links: { automation: `/api/3/contactAutomations/${e.id}/automation`, contact: `/api/3/contactAutomations/${e.id}/contact`, contactGoals: `/api/3/contactAutomations/${e.id}/contactGoals` },
    id: e.id,
    automation: e.automation,
  });
  const tagJson = (t: StoredTag): object => ({ tagType: t.tagType, tag: t.tag, description: t.description, cdate: '2025-01-06T09:00:00-05:00', links: { contactGoalTags: `/api/3/tags/${t.id}/contactGoalTags` }, id: t.id });

  /** The contact fields of a sync or update body, checked as ActiveCampaign checks them; a 422 otherwise. */
  const contactInput = (body: unknown, emailRequired: boolean): { input: Record<string, unknown>; values: Map<string, string> } | DoubleReply => {
    const input = (body as { contact?: unknown } | null)?.contact;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return invalid('The contact was not provided.', 'field_missing', '/data/attributes/contact');
    const c = input as Record<string, unknown>;
    if ((emailRequired || c.email !== undefined) && (typeof c.email !== 'string' || !EMAIL.test(c.email))) return invalid('Contact Email Address is not valid.', 'email_invalid', '/data/attributes/email', 'must_be_valid_email_address');
    for (const key of ['firstName', 'lastName', 'phone'] as const) if (c[key] !== undefined && typeof c[key] !== 'string') return invalid(`The contact ${key} is not valid.`, 'invalid', `/data/attributes/${key}`);
    const values = new Map<string, string>();
    if (c.fieldValues !== undefined) {
      if (!Array.isArray(c.fieldValues)) return invalid('The field values are not valid.', 'invalid', '/data/attributes/fieldValues');
      for (const v of c.fieldValues as { field?: unknown; value?: unknown }[]) {
        if (!fields.some((f) => f.id === str(v.field))) return missingField;
        values.set(str(v.field), str(v.value));
      }
    }
    return { input: c, values };
  };
  const apply = (contact: StoredContact, input: Record<string, unknown>, values: Map<string, string>): void => {
    for (const key of ['email', 'firstName', 'lastName', 'phone'] as const) if (typeof input[key] === 'string') contact[key] = input[key];
    for (const [field, value] of values) contact.fieldValues.set(field, value);
    contact.udate = stamp();
  };
  const contactByEmail = (email: string): StoredContact | undefined => [...contacts.values()].find((c) => c.email.toLowerCase() === email.toLowerCase());

  const sync = (r: DoubleRequest): DoubleReply => {
    const parsed = contactInput(r.json, true);
    if ('status' in parsed) return parsed;
    let contact = contactByEmail(parsed.input.email as string);
    const created = contact === undefined;
    if (contact === undefined) {
      const at = stamp();
      contact = { id: String(++seq.contact), email: parsed.input.email as string, firstName: '', lastName: '', phone: '', cdate: at, udate: at, fieldValues: new Map() };
      contacts.set(contact.id, contact);
    }
    apply(contact, parsed.input, parsed.values);
    return ok(created ? 201 : 200, { fieldValues: fieldValuesJson(contact), contact: contactJson(contact) });
  };

  const contactRoute = (r: DoubleRequest, id: string): DoubleReply => {
    const contact = contacts.get(id);
    if (contact === undefined) return notFound('Subscriber', id);
    if (r.method === 'GET') return ok(200, { contact: contactJson(contact), fieldValues: fieldValuesJson(contact) });
    const parsed = contactInput(r.json, false);
    if ('status' in parsed) return parsed;
    if (typeof parsed.input.email === 'string' && contactByEmail(parsed.input.email) !== undefined && contactByEmail(parsed.input.email) !== contact) {
      return invalid('Email address already exists in the system.', 'duplicate', '/data/attributes/email');
    }
    apply(contact, parsed.input, parsed.values);
    return ok(200, { fieldValues: fieldValuesJson(contact), contact: contactJson(contact) });
  };

  const createTag = (r: DoubleRequest): DoubleReply => {
    const t = (r.json as { tag?: { tag?: unknown; tagType?: unknown; description?: unknown } } | undefined)?.tag;
    if (typeof t?.tag !== 'string' || t.tag.trim() === '') return invalid('The tag name was not provided.', 'field_missing', '/data/attributes/tag');
    if (t.tag.includes(',')) return invalid('Tag names cannot contain commas.', 'invalid', '/data/attributes/tag');
    const tagType = t.tagType ?? 'contact';
    if (tagType !== 'contact' && tagType !== 'template') return invalid('The tag type must be contact or template.', 'invalid', '/data/attributes/tagType');
    if ([...tags.values()].some((x) => x.tagType === tagType && x.tag.toLowerCase() === (t.tag as string).trim().toLowerCase())) return invalid('A tag with this name already exists.', 'duplicate', '/data/attributes/tag');
    const tag: StoredTag = { id: String(++seq.tag), tag: t.tag.trim(), tagType, description: typeof t.description === 'string' ? t.description : '' };
    tags.set(tag.id, tag);
    return ok(201, { tag: tagJson(tag) });
  };

  const addContactTag = (r: DoubleRequest): DoubleReply => {
    const ct = (r.json as { contactTag?: { contact?: unknown; tag?: unknown } } | undefined)?.contactTag;
    const contact = str(ct?.contact);
    const tag = str(ct?.tag);
    if (contact === '') return missingAttribute('contact');
    if (tag === '') return missingAttribute('tag');
    if (!contacts.has(contact)) return relatedNotFound('Contact');
    if (!tags.has(tag)) return relatedNotFound('Tag');
    let entry = [...contactTags.values()].find((x) => x.contact === contact && x.tag === tag);
    if (entry === undefined) {
      entry = { id: String(++seq.contactTag), contact, tag };
      contactTags.set(entry.id, entry);
    }
    return ok(201, { contactTag: { cdate: stamp(), contact, id: entry.id, links: { contact: `/${entry.id}/contact`, tag: `/${entry.id}/tag` }, tag } });
  };

  const addContactAutomation = (r: DoubleRequest): DoubleReply => {
    const ca = (r.json as { contactAutomation?: { contact?: unknown; automation?: unknown } } | undefined)?.contactAutomation;
    if (str(ca?.contact) === '') return missingAttribute('contact');
    if (str(ca?.automation) === '') return missingAttribute('automation');
    const contact = contacts.get(str(ca?.contact));
    const automation = automations.find((a) => a.id === str(ca?.automation));
    if (contact === undefined || automation === undefined || automation.status !== '1') return couldNotCreate;
    const at = stamp();
    const entry: StoredContactAutomation = { id: String(++seq.contactAutomation), contact: contact.id, automation: automation.id, status: options.completeAutomations === true ? '2' : '1', adddate: at, remdate: options.completeAutomations === true ? at : null };
    contactAutomations.set(entry.id, entry);
    return ok(201, { contacts: [contactJson(contact)], contactAutomation: contactAutomationJson(entry) });
  };

  const route = (r: DoubleRequest): DoubleReply => {
    const p = r.path.replace(/^\/api\/3/, '');
    let m: RegExpExecArray | null;
    if (p === '/contact/sync' && r.method === 'POST') return sync(r);
    if ((m = /^\/contacts\/([^/]+)$/.exec(p)) !== null && (r.method === 'GET' || r.method === 'PUT')) return contactRoute(r, m[1] as string);
    if ((m = /^\/contacts\/([^/]+)\/contactTags$/.exec(p)) !== null && r.method === 'GET') {
      const id = m[1] as string;
      if (!contacts.has(id)) return notFound('Subscriber', id);
      return ok(200, { contactTags: [...contactTags.values()].filter((x) => x.contact === id).map((x) => ({ contact: x.contact, tag: x.tag, cdate: '2025-01-06T09:00:00-05:00', created_timestamp: '2025-01-06 09:00:00', updated_timestamp: '2025-01-06 09:00:00', created_by: null, updated_by: null, links: { tag: `/api/3/contactTags/${x.id}/tag`, contact: `/api/3/contactTags/${x.id}/contact` }, id: x.id })) });
    }
    if ((m = /^\/contacts\/([^/]+)\/contactAutomations$/.exec(p)) !== null && r.method === 'GET') {
      const id = m[1] as string;
      if (!contacts.has(id)) return notFound('Subscriber', id);
      const all = [...contactAutomations.values()].filter((e) => e.contact === id);
      return ok(200, { contactAutomations: pageOf(r, all).map(contactAutomationJson), meta: { total: String(all.length) } });
    }
    if (p === '/tags' && r.method === 'GET') {
      const search = (r.query.get('search') ?? '').toLowerCase();
      const rank = (t: StoredTag): number => (r.query.get('orders[search]') !== 'weight' ? 0 : t.tag.toLowerCase() === search ? 0 : t.tag.toLowerCase().startsWith(search) ? 1 : 2);
      const all = [...tags.values()].filter((t) => t.tag.toLowerCase().includes(search)).sort((a, b) => rank(a) - rank(b));
      return ok(200, { tags: pageOf(r, all).map(tagJson), meta: { total: String(all.length) } });
    }
    if (p === '/tags' && r.method === 'POST') return createTag(r);
    if (p === '/contactTags' && r.method === 'POST') return addContactTag(r);
    if ((m = /^\/contactTags\/([^/]+)$/.exec(p)) !== null && r.method === 'DELETE') {
      const id = m[1] as string;
      if (!contactTags.delete(id)) return notFound('SubscriberTag', id);
      return ok(200, {});
    }
    if (p === '/contactAutomations' && r.method === 'POST') return addContactAutomation(r);
    if (p === '/fields' && r.method === 'GET') {
      const perstag = r.query.get('filters[perstag]');
      const matching = fields.filter((f) => perstag === null || f.perstag.toLowerCase() === perstag.toLowerCase());
      return ok(200, { fieldOptions: [], fieldRels: [], fields: pageOf(r, matching, 100).map((f) => ({ title: f.title, descript: '', type: f.type, isrequired: '0', perstag: f.perstag, defval: '', show_in_list: '0', visible: '1', ordernum: f.id, options: [], relations: [], links: {}, id: f.id })), meta: { total: String(matching.length) } });
    }
    return { status: 404, body: { message: 'No Result found for route' }, headers: RATE };
  };

  const token = (r: DoubleRequest): string | null => {
    const value = r.headers['api-token'];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const isWrite = (r: DoubleRequest): boolean => r.method === 'POST' && r.path === '/api/3/contactAutomations';
  const answer = (r: DoubleRequest, outcome: ForcedOutcome | 'accept'): DoubleReply => {
    const key = token(r);
    if (key === null || !key.startsWith('token-') || outcome === 'unauthorized') return { status: 403, body: { message: AUTH_MESSAGE } };
    if (outcome === 'rate-limit') return { status: 429, headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'ratelimit-limit': '5', 'ratelimit-remaining': '0' }, body: { message: 'Too Many Requests' } };
    if (outcome === 'server-error') return { status: 500, body: { message: 'Internal Server Error' } };
    if (outcome === 'reject') return couldNotCreate;
    return route(r);
  };

  const spec: ProviderSpec = {
    token,
    isWrite,
    handle(r, outcome) {
      const i = forced.findIndex((f) => f.method === r.method && f.path === r.path);
      if (i >= 0) return answer(r, (forced.splice(i, 1)[0] as { outcome: ForcedOutcome }).outcome);
      return answer(r, outcome ?? 'accept');
    },
    objectCount: () => contactAutomations.size,
    clear: reset,
    rejectMessage: REJECT,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  };
  const double = await startConnectorDouble(spec);
  return Object.assign(double, {
    contacts,
    tags,
    contactTags,
    contactAutomations,
    failNext: (method: string, path: string, outcome: ForcedOutcome) => void forced.push({ method, path, outcome }),
    seedContactAutomation: (entry: Omit<StoredContactAutomation, 'id'>) => {
      const id = String(++seq.contactAutomation);
      contactAutomations.set(id, { ...entry, id });
    },
  });
}
