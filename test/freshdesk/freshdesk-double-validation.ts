// Freshdesk's validation of POST /api/v2/tickets, as its API reference and its own
// TicketValidation / ApiTicketConstants / api/lib/error_messages.yml state it: one
// `{ field, nested_field?, message, code }` per problem, in a 400 `Validation failed`.

/** One entry of a Freshdesk 400's `errors`. */
export interface FreshdeskFieldError {
  field: string;
  nested_field?: string;
  message: string;
  code: string;
}

/** What the double's account holds that a ticket may refer to. */
export interface TicketContext {
  contactIds: ReadonlySet<number>;
  agentIds: ReadonlySet<number>;
  groupIds: ReadonlySet<number>;
  /** Custom ticket fields by API name, with their kind. */
  customFields: ReadonlyMap<string, 'text' | 'number' | 'checkbox'>;
  ticketTypes: readonly string[];
}

/** The fields POST /api/v2/tickets takes (ApiTicketConstants::FIELDS and the attributes of the reference's "Create a Ticket"). */
export const CREATE_FIELDS = new Set([
  'cc_emails', 'description', 'due_by', 'email_config_id', 'fr_due_by', 'group_id', 'priority', 'email', 'phone', 'twitter_id', 'facebook_id',
  'requester_id', 'name', 'responder_id', 'source', 'status', 'subject', 'type', 'product_id', 'tags', 'custom_fields', 'company_id', 'parent_id', 'unique_external_id',
]);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LENGTH = 255;
const TAG_MAX_LENGTH = 32;
const STATUSES = [2, 3, 4, 5];
const PRIORITIES = [1, 2, 3, 4];
const SOURCES = [1, 2, 3, 7, 9];
// ISO 8601 combined date and time, as Freshdesk's date_time validator accepts it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const blank = (field: string): FreshdeskFieldError => ({ field, message: 'It should not be blank as this is a mandatory field', code: 'missing_field' });
const invalid = (field: string, message: string, code = 'invalid_value'): FreshdeskFieldError => ({ field, message, code });
const notIncluded = (field: string, list: readonly (string | number)[]): FreshdeskFieldError => invalid(field, `It should be one of these values: '${list.join(',')}'`);

/** The problems Freshdesk finds in a ticket to create, in its own words. */
export function ticketErrors(body: Record<string, unknown>, ctx: TicketContext): FreshdeskFieldError[] {
  const errors: FreshdeskFieldError[] = [];
  for (const key of Object.keys(body)) if (!CREATE_FIELDS.has(key)) errors.push(invalid(key, 'Unexpected/invalid field in request', 'invalid_field'));

  const requesterFields = ['requester_id', 'phone', 'email', 'twitter_id', 'facebook_id'];
  if (requesterFields.every((f) => body[f] === undefined || body[f] === null || body[f] === '')) {
    errors.push(invalid('requester_id', `Please fill at least 1 of ${requesterFields.join(', ')} fields`, 'missing_field'));
  }
  if (body.requester_id !== undefined) {
    if (!isPositiveInt(body.requester_id)) errors.push(invalid('requester_id', 'It should be a/an Positive Integer', 'datatype_mismatch'));
    else if (!ctx.contactIds.has(body.requester_id)) errors.push(invalid('requester_id', 'There is no contact matching the given requester_id'));
  }
  if (body.email !== undefined) {
    if (typeof body.email !== 'string') errors.push(invalid('email', 'It should be a/an String', 'datatype_mismatch'));
    else if (!EMAIL.test(body.email) || body.email.length > MAX_LENGTH) errors.push(invalid('email', "It should be in the 'valid email address' format"));
  }

  if (body.subject === undefined) errors.push(blank('subject'));
  else if (typeof body.subject !== 'string') errors.push(invalid('subject', 'It should be a/an String', 'datatype_mismatch'));
  else if (body.subject.length > MAX_LENGTH) errors.push(invalid('subject', `Has ${body.subject.length} characters, it can have maximum of ${MAX_LENGTH} characters`));
  if (body.description === undefined) errors.push(blank('description'));
  else if (typeof body.description !== 'string') errors.push(invalid('description', 'It should be a/an String', 'datatype_mismatch'));

  if (body.status !== undefined && !STATUSES.includes(body.status as number)) errors.push(notIncluded('status', STATUSES));
  if (body.priority !== undefined && !PRIORITIES.includes(body.priority as number)) errors.push(notIncluded('priority', PRIORITIES));
  if (body.source !== undefined && !SOURCES.includes(body.source as number)) errors.push(notIncluded('source', SOURCES));
  if (body.type !== undefined && !ctx.ticketTypes.includes(body.type as string)) errors.push(notIncluded('type', ctx.ticketTypes));
  for (const [field, ids, resource] of [['group_id', ctx.groupIds, 'group'], ['responder_id', ctx.agentIds, 'agent']] as const) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!isPositiveInt(value)) errors.push(invalid(field, 'It should be a/an Positive Integer', 'datatype_mismatch'));
    else if (!ids.has(value)) errors.push(invalid(field, `There is no ${resource} matching the given ${field}`));
  }

  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string')) errors.push(invalid('tags', 'It should contain elements of type String only', 'datatype_mismatch'));
    else if (body.tags.some((t: string) => t.length > TAG_MAX_LENGTH)) errors.push(invalid('tags', `It should only contain elements that have maximum of ${TAG_MAX_LENGTH} characters`));
    else if (body.tags.some((t: string) => t.includes(','))) errors.push(invalid('tags', "It should not have strings containing the special characters: ','"));
  }
  if (body.cc_emails !== undefined && (!Array.isArray(body.cc_emails) || body.cc_emails.some((e) => typeof e !== 'string' || !EMAIL.test(e)))) {
    errors.push(invalid('cc_emails', "It should contain elements that are in the 'valid email address' format"));
  }

  errors.push(...dueErrors(body));
  errors.push(...customFieldErrors(body.custom_fields, ctx));
  return errors;
}

/** due_by and fr_due_by: both or neither, valid date-times, the first response no later than the resolution. */
function dueErrors(body: Record<string, unknown>): FreshdeskFieldError[] {
  const { due_by: due, fr_due_by: fr } = body;
  if (due === undefined && fr === undefined) return [];
  if (due === undefined) return [invalid('due_by', 'It should not be blank if fr_due_by is given', 'missing_field')];
  if (fr === undefined) return [invalid('fr_due_by', 'It should not be blank if due_by is given', 'missing_field')];
  const bad = (['due_by', 'fr_due_by'] as const).filter((f) => typeof body[f] !== 'string' || !DATE_TIME.test(body[f]) || Number.isNaN(Date.parse(body[f])));
  if (bad.length > 0) return bad.map((f) => invalid(f, "It should be a valid date in the 'combined date and time ISO8601' format"));
  return Date.parse(fr as string) > Date.parse(due as string) ? [invalid('fr_due_by', "fr_due_by should be lesser than the ticket's due_by")] : [];
}

function customFieldErrors(value: unknown, ctx: TicketContext): FreshdeskFieldError[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [invalid('custom_fields', 'It should be a/an key/value pair', 'datatype_mismatch')];
  const errors: FreshdeskFieldError[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const kind = ctx.customFields.get(name);
    const at = { field: 'custom_fields', nested_field: `custom_fields.${name}` };
    if (kind === undefined) errors.push({ ...at, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    else if (v === null) continue;
    else if (kind === 'text' && (typeof v !== 'string' || v.length > MAX_LENGTH)) errors.push({ ...at, message: typeof v === 'string' ? `Has ${v.length} characters, it can have maximum of ${MAX_LENGTH} characters` : 'It should be a/an String', code: typeof v === 'string' ? 'invalid_value' : 'datatype_mismatch' });
    else if (kind === 'number' && !Number.isInteger(v)) errors.push({ ...at, message: 'It should be a/an Integer', code: 'datatype_mismatch' });
    else if (kind === 'checkbox' && typeof v !== 'boolean') errors.push({ ...at, message: 'It should be a/an Boolean', code: 'datatype_mismatch' });
  }
  return errors;
}
