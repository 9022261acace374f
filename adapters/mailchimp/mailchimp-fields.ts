import { createHash } from 'node:crypto';
import type { ConnectorWork } from 'tickler';
import type { ConnectorCustomer, ConnectorFieldProblem } from 'tickler/adapter';
import { MAILCHIMP_NEW_STATUSES, type MailchimpMemberInput, type MailchimpMergeValue, type MailchimpNewStatus, type MailchimpTag } from './mailchimp-client';
import { LIST_ID, MERGE_TAG, type ResolvedMailchimpConfig } from './mailchimp-config';

/** A Customer Journey step with a "Customer Journeys API" condition, by the ids in the URL Mailchimp gives for it. */
export interface MailchimpJourneyStep {
  /** `journey_id`. */
  journeyId: number;
  /** `step_id`. */
  stepId: number;
}

/** The provider fields of a `record`, read. */
export interface MailchimpRecordFields {
  mergeFields: Record<string, MailchimpMergeValue>;
  tags: MailchimpTag[];
  journey: MailchimpJourneyStep | null;
  statusIfNew: MailchimpNewStatus | null;
}

/** The provider fields tickler sends, by Mailchimp's own names. */
export const MAILCHIMP_FIELDS = ['merge_fields', 'tags', 'journey', 'status_if_new'] as const;

const ADDRESS_PARTS = new Set(['addr1', 'addr2', 'city', 'state', 'zip', 'country']);
const ADDRESS_REQUIRED = ['addr1', 'city', 'state', 'zip'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LINK_KEYS = new Set(['listId', 'email']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The member's id in the API: the MD5 hash of the lower-cased address (Mailchimp's `subscriber_hash`). */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

/** What is missing or wrong in a customer's `links.<name>`, as a sentence, or null. */
export function linkProblem(name: string, link: Readonly<Record<string, string>>, defaultListId: string | null, customer: ConnectorCustomer | undefined): string | null {
  const stray = Object.keys(link).find((k) => !LINK_KEYS.has(k));
  if (stray !== undefined) return `links.${name}.${stray} is not a Mailchimp link key; use listId (the audience id) and, when the member's address is not the customer's, email.`;
  const { listId, email } = link;
  if (listId !== undefined && !LIST_ID.test(listId)) return `links.${name}.listId "${listId}" is not an audience id (letters and digits, such as 57afe96172, in Audience → Settings → Audience name and defaults).`;
  if (listId === undefined && defaultListId === null) return `set links.${name}.listId (the audience id, such as 57afe96172), or give the connector a default listId.`;
  if (email !== undefined && !EMAIL.test(email)) return `links.${name}.email "${email}" is not an email address.`;
  if (email === undefined && customer !== undefined && customer.email === null) return `the customer has no email address, which is the Mailchimp member: set the customer's email, or links.${name}.email.`;
  return null;
}

/** A merge field value, or why Mailchimp would refuse it. */
function mergeValue(tag: string, value: unknown): { value: MailchimpMergeValue } | { problem: string } {
  if (typeof value === 'string') return { value };
  if (typeof value === 'number') return Number.isFinite(value) ? { value } : { problem: `${tag} is not a finite number.` };
  if (value === null) return { problem: `${tag}: send '' (empty text) to clear a merge field.` };
  if (typeof value === 'boolean') return { problem: `${tag}: merge fields hold text, a number or an address, not true or false (Mailchimp refuses it); send text such as "yes".` };
  if (!isObject(value)) return { problem: `${tag}: merge fields hold text, a number or an address, not a list.` };
  const stray = Object.keys(value).find((k) => !ADDRESS_PARTS.has(k));
  if (stray !== undefined) return { problem: `${tag}: an address has addr1, addr2, city, state, zip and country, not ${stray}.` };
  const missing = ADDRESS_REQUIRED.filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length > 0) return { problem: `${tag}: an address needs ${missing.join(', ')} as text.` };
  if (Object.values(value).some((v) => typeof v !== 'string')) return { problem: `${tag}: every part of an address is text.` };
  return { value: value as unknown as MailchimpMergeValue };
}

/** A journey or step id: a positive whole number, also given as digits. */
function journeyId(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Reads provider fields for a `record`: `merge_fields` (by merge tag), `tags` (Mailchimp's
 * `{ name, status }`), `journey` (`{ journey_id, step_id }`) and `status_if_new`, with a
 * problem for each field Mailchimp would refuse or tickler sets itself.
 */
export function readFields(fields: Readonly<Record<string, unknown>>, config: ResolvedMailchimpConfig): { fields: MailchimpRecordFields; problems: ConnectorFieldProblem[] } {
  const out: MailchimpRecordFields = { mergeFields: {}, tags: [], journey: null, statusIfNew: null };
  const problems: ConnectorFieldProblem[] = [];
  const managed = new Map<string, string>([[config.keyMergeField, "holds the keys of the journeys tickler triggered (keyMergeField); tickler sets it"], ['EMAIL', `is the member's address: the customer's email, or links.${config.name}.email`]]);
  if (config.subjectMergeField !== null) managed.set(config.subjectMergeField, 'is set from the work\'s subject (subjectMergeField)');
  if (config.bodyMergeField !== null) managed.set(config.bodyMergeField, 'is set from the work\'s body (bodyMergeField)');
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'merge_fields') {
      if (!isObject(value)) {
        problems.push({ path: key, message: 'merge_fields is an object of merge tag to value, such as { "FNAME": "Ada" }.' });
        continue;
      }
      for (const [tag, v] of Object.entries(value)) {
        const path = `merge_fields.${tag}`;
        if (!MERGE_TAG.test(tag)) problems.push({ path, message: `"${tag}" is not a merge tag (upper-case letters, digits and underscores, such as FNAME or MMERGE5).` });
        else if (managed.has(tag)) problems.push({ path, message: `${tag} ${managed.get(tag) ?? ''}.` });
        else {
          const read = mergeValue(tag, v);
          if ('problem' in read) problems.push({ path, message: read.problem });
          else out.mergeFields[tag] = read.value;
        }
      }
    } else if (key === 'tags') {
      if (!Array.isArray(value)) {
        problems.push({ path: key, message: 'tags is a list of { "name": "…", "status": "active" | "inactive" } (active adds the tag, inactive removes it).' });
        continue;
      }
      value.forEach((tag: unknown, i) => {
        const name = isObject(tag) ? tag.name : undefined;
        const status = isObject(tag) ? tag.status : undefined;
        const stray = isObject(tag) ? Object.keys(tag).find((k) => k !== 'name' && k !== 'status') : undefined;
        if (!isObject(tag) || stray !== undefined) problems.push({ path: `tags.${i}`, message: 'A tag is { "name": "…", "status": "active" | "inactive" }.' });
        else if (typeof name !== 'string' || name.trim() === '') problems.push({ path: `tags.${i}.name`, message: 'A tag has a name, such as inactive-60-days.' });
        else if (status !== 'active' && status !== 'inactive') problems.push({ path: `tags.${i}.status`, message: 'A tag\'s status is active (adds it) or inactive (removes it).' });
        else out.tags.push({ name, status });
      });
    } else if (key === 'journey') {
      const stray = isObject(value) ? Object.keys(value).find((k) => k !== 'journey_id' && k !== 'step_id') : undefined;
      if (!isObject(value) || stray !== undefined) {
        problems.push({ path: stray === undefined ? key : `journey.${stray}`, message: 'journey is { "journey_id": …, "step_id": … }, the numbers in the URL Mailchimp gives for a Customer Journeys API starting point or step (…/journeys/1234/steps/5678/actions/trigger).' });
        continue;
      }
      const journey = journeyId(value.journey_id);
      const step = journeyId(value.step_id);
      if (journey === null) problems.push({ path: 'journey.journey_id', message: 'journey_id is the journey\'s number in the trigger URL (…/journeys/1234/…).' });
      if (step === null) problems.push({ path: 'journey.step_id', message: 'step_id is the step\'s number in the trigger URL (…/steps/5678/…).' });
      if (journey !== null && step !== null) out.journey = { journeyId: journey, stepId: step };
    } else if (key === 'status_if_new') {
      if (typeof value === 'string' && (MAILCHIMP_NEW_STATUSES as readonly string[]).includes(value)) out.statusIfNew = value as MailchimpNewStatus;
      else problems.push({ path: key, message: `status_if_new is ${MAILCHIMP_NEW_STATUSES.join(', ')}.` });
    } else {
      problems.push({ path: key, message: `${key} is not a field tickler sends to Mailchimp; use ${MAILCHIMP_FIELDS.join(', ')}.` });
    }
  }
  return { fields: out, problems };
}

/** The add-or-update body: the address, the status of a new member, and the merge fields (the work's subject and body in theirs, when configured). */
export function memberInput(email: string, work: ConnectorWork, fields: MailchimpRecordFields, config: ResolvedMailchimpConfig): MailchimpMemberInput {
  const merge: Record<string, MailchimpMergeValue> = { ...fields.mergeFields };
  if (config.subjectMergeField !== null) merge[config.subjectMergeField] = work.subject;
  if (config.bodyMergeField !== null && work.body !== null) merge[config.bodyMergeField] = work.body;
  return { email_address: email, status_if_new: fields.statusIfNew ?? config.statusIfNew, ...(Object.keys(merge).length > 0 ? { merge_fields: merge } : {}) };
}

/** The tag changes: the work's tags added, then the provider fields' tags (which win for a name in both). */
export function tagChanges(work: ConnectorWork, fields: MailchimpRecordFields): MailchimpTag[] {
  const byName = new Map<string, MailchimpTag>();
  for (const name of work.tags) byName.set(name, { name, status: 'active' });
  for (const tag of fields.tags) byName.set(tag.name, tag);
  return [...byName.values()];
}
