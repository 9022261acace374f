import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ConnectorScript } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of the Mailchimp Marketing API 3.0 as Mailchimp documents it:
// - paths, bodies and answers: the official SDK (@mailchimp/mailchimp_marketing 3.0.80,
//   src/api/ListsApi.js and CustomerJourneysApi.js) and the reference generated from
//   Mailchimp's Swagger (konfig-sdks/mailchimp-java-sdk docs: ListsAddOrUpdateMemberRequest,
//   ListsAddMemberTagsRequest, MemberTag, CustomerJourneysTriggerStepActionRequest):
//   PUT /lists/{list_id}/members/{subscriber_hash} ("add or update list member":
//   email_address and status_if_new required only for a new member; the hash is the MD5 of
//   the lower-cased address, and the path also takes the address itself); PATCH of the
//   same path; POST …/tags ({ tags: [{ name, status: active | inactive }] }, 204, an
//   unknown active tag is created); POST /customer-journeys/journeys/{journey_id}/steps/
//   {step_id}/actions/trigger ({ email_address }, 204). A member answer carries every merge
//   field of the audience ('' when empty) and up to 50 tags;
// - errors: mailchimp.com/developer/marketing/docs/errors: `application/problem+json`
//   `{ type, title, status, detail, instance }`, `errors: [{ field, message }]` for a
//   validation refusal ("Invalid Resource"; "Your merge fields were invalid." with
//   "Please enter a value" for a required field left empty); 401 "API Key Missing" /
//   "API Key Invalid"; 404 "Resource Not Found"; 405 with `Allow`; 429 when the account's
//   10 simultaneous connections are taken (no Retry-After is documented);
// - auth: HTTP Basic with any user name and the API key as password, or an OAuth token as
//   `Authorization: Bearer`.
// What Mailchimp does with a merge tag the audience lacks is not documented: the double
// leaves it out of the member (its answer lists the audience's fields only).

/** An audience (merge) field: its type, and whether a new member needs a value. */
export interface AudienceField {
  type: 'text' | 'number' | 'address' | 'date' | 'phone';
  required?: boolean;
}

/** A member as the double keeps it. */
export interface StoredMember {
  id: string;
  web_id: number;
  email_address: string;
  status: string;
  contact_id: string;
  unique_email_id: string;
  merge_fields: Record<string, unknown>;
  /** Tag names, in the order they were added, with when. */
  tags: Map<string, string>;
  last_changed: string;
}

/** An audience (list). */
export interface DoubleAudience {
  id: string;
  fields: Record<string, AudienceField>;
  members: Map<string, StoredMember>;
  /** Tag ids by name, as the audience's tags are created. */
  tagIds: Map<string, number>;
}

/** A trigger Mailchimp accepted. */
export interface JourneyTrigger {
  journeyId: number;
  stepId: number;
  email: string;
}

/** A Mailchimp Marketing API double: audiences with members and tags, and journeys with a Customer Journeys API step. */
export interface MailchimpDouble extends RunningDouble {
  /** The audiences, by id. */
  readonly audiences: Map<string, DoubleAudience>;
  /** The journeys' API steps, as `journeyId/stepId`, with their audience. */
  readonly journeys: Map<string, string>;
  /** Every trigger accepted, in order. */
  readonly triggers: JourneyTrigger[];
  /** The member with `email` in audience `listId`. */
  member(listId: string, email: string): StoredMember | undefined;
}

/** The audience every double has. */
export const LIST_ID = 'a1b2c3d4e5';
/** The journey step every double has, on {@link LIST_ID}. */
export const JOURNEY = { journey_id: 1234, step_id: 5678 } as const;
/** The fields of {@link LIST_ID}: Mailchimp's defaults, a date, and the text field tickler keeps its journey keys in. */
export const DEFAULT_FIELDS: Record<string, AudienceField> = { FNAME: { type: 'text' }, LNAME: { type: 'text' }, ADDRESS: { type: 'address' }, PHONE: { type: 'phone' }, LASTSEEN: { type: 'date' }, TICKLER: { type: 'text' } };

const ERRORS_DOC = 'https://mailchimp.com/developer/marketing/docs/errors/';
const VALIDATION = "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";
const REJECT_MESSAGE = 'Your merge fields were invalid.';
const RETRY_AFTER_SECONDS = 10;
const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Mailchimp's problem document. */
function problem(status: number, title: string, detail: string, errors?: { field: string; message: string }[], headers: Record<string, string> = {}): DoubleReply {
  return { status, headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers }, body: { type: ERRORS_DOC, title, status, detail, instance: randomUUID(), ...(errors === undefined ? {} : { errors }) } };
}
const notFound = (): DoubleReply => problem(404, 'Resource Not Found', 'The requested resource could not be found.');
const invalid = (errors: { field: string; message: string }[], detail = VALIDATION): DoubleReply => problem(400, 'Invalid Resource', detail, errors);

/** The credential of a request: the password of HTTP Basic (any user name), or a Bearer token. */
function credential(request: DoubleRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Basic\s+/i.test(header)) {
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.slice(colon + 1);
  }
  return bearerToken(request);
}

/** Whether `value` fits a merge field of `type`, as Mailchimp validates it. */
function fits(type: AudienceField['type'], value: unknown): boolean {
  if (type === 'number') return typeof value === 'number' || (typeof value === 'string' && (value === '' || !Number.isNaN(Number(value))));
  if (type === 'address') return value === '' || (isObject(value) && ['addr1', 'city', 'state', 'zip'].every((k) => typeof value[k] === 'string') && Object.values(value).every((v) => typeof v === 'string'));
  return typeof value === 'string' || typeof value === 'number';
}

/** Starts a double of one Mailchimp account; `fields` are the audience fields of {@link LIST_ID}. */
export async function startMailchimpDouble(options: { fields?: Record<string, AudienceField> } = {}): Promise<MailchimpDouble> {
  const audiences = new Map<string, DoubleAudience>([[LIST_ID, { id: LIST_ID, fields: options.fields ?? DEFAULT_FIELDS, members: new Map(), tagIds: new Map() }]]);
  const journeys = new Map<string, string>([[`${JOURNEY.journey_id}/${JOURNEY.step_id}`, LIST_ID]]);
  const triggers: JourneyTrigger[] = [];
  let webIds = 405_000_000;
  let tagIds = 2_000;

  const find = (audience: DoubleAudience, id: string): StoredMember | undefined => audience.members.get(id.toLowerCase()) ?? audience.members.get(md5(id.toLowerCase())) ?? [...audience.members.values()].find((m) => m.contact_id === id);

  function memberJson(audience: DoubleAudience, m: StoredMember): object {
    const merge: Record<string, unknown> = {};
    for (const tag of Object.keys(audience.fields)) merge[tag] = m.merge_fields[tag] ?? '';
    const tags = [...m.tags.keys()].map((name) => ({ id: audience.tagIds.get(name), name }));
    const fullName = [m.merge_fields.FNAME, m.merge_fields.LNAME].filter((p) => typeof p === 'string' && p !== '').join(' ');
    return {
      id: m.id,
      email_address: m.email_address,
      unique_email_id: m.unique_email_id,
      contact_id: m.contact_id,
      full_name: fullName,
      web_id: m.web_id,
      email_type: 'html',
      status: m.status,
      consents_to_one_to_one_messaging: true,
      merge_fields: merge,
      interests: {},
      stats: { avg_open_rate: 0, avg_click_rate: 0 },
      ip_signup: '',
      timestamp_signup: '',
      ip_opt: '',
      timestamp_opt: m.last_changed,
      member_rating: 2,
      last_changed: m.last_changed,
      language: '',
      vip: false,
      email_client: '',
      location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '', region: '' },
      source: 'API - Generic',
      tags_count: m.tags.size,
      tags: tags.slice(0, 50),
      list_id: audience.id,
      _links: [],
    };
  }

  /** The merge fields a write may set: known tags checked against their type; unknown tags left out. */
  function mergeFields(audience: DoubleAudience, value: unknown): { set: Record<string, unknown> } | { refused: DoubleReply } {
    if (value === undefined) return { set: {} };
    if (!isObject(value)) return { refused: invalid([{ field: 'merge_fields', message: 'Schema describes object, array found instead' }]) };
    const set: Record<string, unknown> = {};
    const errors: { field: string; message: string }[] = [];
    for (const [tag, v] of Object.entries(value)) {
      const field = audience.fields[tag];
      if (field === undefined) continue;
      if (!fits(field.type, v)) errors.push({ field: `merge_fields.${tag}`, message: 'Data did not match any of the schemas described in anyOf.' });
      else set[tag] = v;
    }
    return errors.length > 0 ? { refused: invalid(errors) } : { set };
  }

  function upsert(audience: DoubleAudience, id: string, body: unknown, query: URLSearchParams): DoubleReply {
    if (!isObject(body)) return problem(400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.');
    const merge = mergeFields(audience, body.merge_fields);
    if ('refused' in merge) return merge.refused;
    const now = new Date().toISOString();
    let member = find(audience, id);
    if (member === undefined) {
      const email = body.email_address;
      if (typeof email !== 'string') return invalid([{ field: 'email_address', message: 'This value should not be blank.' }]);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return invalid([], `${email} looks fake or invalid, please enter a real email address.`);
      // The double's own check that the caller hashed the address as Mailchimp does.
      if (id !== md5(email.toLowerCase()) && id.toLowerCase() !== email.toLowerCase()) return invalid([{ field: 'email_address', message: 'The email address does not match the subscriber hash in the URL.' }]);
      const status = body.status_if_new ?? body.status;
      if (typeof status !== 'string' || !STATUSES.includes(status)) return invalid([{ field: 'status_if_new', message: 'Value is not one of enum values' }]);
      const missing = Object.entries(audience.fields).filter(([tag, f]) => f.required === true && (merge.set[tag] === undefined || merge.set[tag] === ''));
      if (missing.length > 0 && query.get('skip_merge_validation') !== 'true') return invalid(missing.map(([tag]) => ({ field: tag, message: 'Please enter a value' })), REJECT_MESSAGE);
      member = { id: md5(email.toLowerCase()), web_id: ++webIds, email_address: email, status, contact_id: randomBytes(16).toString('hex'), unique_email_id: randomBytes(5).toString('hex'), merge_fields: {}, tags: new Map(), last_changed: now };
      audience.members.set(member.id, member);
    } else if (body.status !== undefined) {
      if (typeof body.status !== 'string' || !STATUSES.includes(body.status)) return invalid([{ field: 'status', message: 'Value is not one of enum values' }]);
      member.status = body.status;
    }
    Object.assign(member.merge_fields, merge.set);
    member.last_changed = now;
    return { status: 200, body: memberJson(audience, member) };
  }

  function update(audience: DoubleAudience, id: string, body: unknown): DoubleReply {
    const member = find(audience, id);
    if (member === undefined) return notFound();
    if (!isObject(body)) return problem(400, 'JSON Parse Error', 'We encountered an unspecified JSON parsing error.');
    const merge = mergeFields(audience, body.merge_fields);
    if ('refused' in merge) return merge.refused;
    Object.assign(member.merge_fields, merge.set);
    member.last_changed = new Date().toISOString();
    return { status: 200, body: memberJson(audience, member) };
  }

  function tag(audience: DoubleAudience, id: string, body: unknown): DoubleReply {
    const member = find(audience, id);
    if (member === undefined) return notFound();
    const tags = isObject(body) ? body.tags : undefined;
    if (!Array.isArray(tags)) return invalid([{ field: 'tags', message: 'Schema describes array, NULL found instead' }]);
    const errors = tags.flatMap((t: unknown, i) => (isObject(t) && typeof t.name === 'string' && t.name !== '' && (t.status === 'active' || t.status === 'inactive') ? [] : [{ field: `tags.item:${i}`, message: 'A tag has a name and a status, active or inactive' }]));
    if (errors.length > 0) return invalid(errors);
    for (const t of tags as { name: string; status: 'active' | 'inactive' }[]) {
      if (t.status === 'inactive') member.tags.delete(t.name);
      else {
        if (!audience.tagIds.has(t.name)) audience.tagIds.set(t.name, ++tagIds);
        if (!member.tags.has(t.name)) member.tags.set(t.name, new Date().toISOString());
      }
    }
    return { status: 204 };
  }

  function trigger(journeyId: string, stepId: string, body: unknown): DoubleReply {
    const listId = journeys.get(`${journeyId}/${stepId}`);
    if (listId === undefined) return notFound();
    const email = isObject(body) ? body.email_address : undefined;
    if (typeof email !== 'string' || email === '') return invalid([{ field: 'email_address', message: 'This value should not be blank.' }]);
    triggers.push({ journeyId: Number(journeyId), stepId: Number(stepId), email });
    return { status: 204 };
  }

  const MEMBER = /^\/3\.0\/lists\/([^/]+)\/members\/([^/]+)$/;
  const TAGS = /^\/3\.0\/lists\/([^/]+)\/members\/([^/]+)\/tags$/;
  const TRIGGER = /^\/3\.0\/customer-journeys\/journeys\/([^/]+)\/steps\/([^/]+)\/actions\/trigger$/;

  const isWrite = (r: DoubleRequest): boolean => (MEMBER.test(r.path) && (r.method === 'PUT' || r.method === 'PATCH')) || ((TAGS.test(r.path) || TRIGGER.test(r.path)) && r.method === 'POST');

  function route(r: DoubleRequest): DoubleReply {
    const member = MEMBER.exec(r.path);
    const tags = TAGS.exec(r.path);
    const journey = TRIGGER.exec(r.path);
    const [, a = '', b = ''] = (member ?? tags ?? journey ?? []).map((s) => decodeURIComponent(s));
    // The methods the double answers (Mailchimp's API has more on these paths, such as DELETE).
    const allowed = member !== null ? ['GET', 'PUT', 'PATCH'] : tags !== null ? ['POST'] : journey !== null ? ['POST'] : null;
    if (allowed === null) return notFound();
    if (!allowed.includes(r.method)) return problem(405, 'Method Not Allowed', "The requested method and resource are not compatible. See the Allow header for this resource's available methods.", undefined, { allow: allowed.join(', ') });
    if (journey !== null) return trigger(a, b, r.json);
    const audience = audiences.get(a);
    if (audience === undefined) return notFound();
    if (tags !== null) return tag(audience, b, r.json);
    if (r.method === 'PUT') return upsert(audience, b, r.json, r.query);
    if (r.method === 'PATCH') return update(audience, b, r.json);
    const found = find(audience, b);
    return found === undefined ? notFound() : { status: 200, body: memberJson(audience, found) };
  }

  const handle = (r: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'> | null): DoubleReply => {
    const key = credential(r);
    if (key === null || key === '') return problem(401, 'API Key Missing', 'Your request did not include an API key.');
    if (!key.startsWith('token-') || outcome === 'unauthorized') return problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    switch (outcome) {
      case 'reject':
        return invalid([{ field: 'FNAME', message: 'Please enter a value' }], REJECT_MESSAGE);
      case 'rate-limit':
        return problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.');
      case 'server-error':
        return problem(500, 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.');
      default:
        return route(r);
    }
  };
  const double = await startConnectorDouble({
    token: credential,
    isWrite,
    handle,
    objectCount: () => [...audiences.values()].reduce((n, a) => n + a.members.size, 0),
    clear: () => {
      for (const a of audiences.values()) {
        a.members.clear();
        a.tagIds.clear();
      }
      triggers.length = 0;
    },
    rejectMessage: REJECT_MESSAGE,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  return Object.assign(double, {
    audiences,
    journeys,
    triggers,
    member: (listId: string, email: string) => audiences.get(listId)?.members.get(md5(email.toLowerCase())),
  });
}
