import type { ConnectorFieldProblem, ConnectorRequest } from 'tickler/adapter';

/** A custom field as `work.fields` names it: by its id, or by its personalization tag. */
export type AcFieldKey = { id: string } | { perstag: string };

/** What a `record` does in ActiveCampaign, read from the work. */
export interface ActiveCampaignPlan {
  /** Standard contact fields to write (`firstName`, `lastName`, `phone`). */
  contact: { firstName?: string; lastName?: string; phone?: string };
  /** Custom field values to write, by id or personalization tag. */
  fieldValues: { key: AcFieldKey; value: string }[];
  /** Tag names to put on the contact (the work's `tags`). */
  addTags: string[];
  /** Tag names to take off the contact (`fields.removeTags`). */
  removeTags: string[];
  /** The automation to add the contact to (`fields.automation`), or null. */
  automation: string | null;
}

const CONTACT_FIELDS = ['firstName', 'lastName', 'phone'] as const;
const FIELD_PREFIX = 'fieldValues.';
const FIELD_ID = /^[1-9]\d{0,9}$/;
/** A personalization tag as ActiveCampaign shows it (`REGION`), or as messages write it (`%REGION%`). */
const PERSTAG = /^%?([A-Za-z][A-Za-z0-9_-]{0,99})%?$/;
const AUTOMATION_ID = /^[1-9]\d{0,9}$/;
const KNOWN = `${CONTACT_FIELDS.join(', ')}, fieldValues.<field id or personalization tag>, removeTags or automation`;

/** Set elsewhere; fields may not set them. */
const MANAGED: Record<string, string> = {
  email: 'the customer link (links.<name>.email) or the customer\'s email address: tickler finds the contact by it and never changes a contact\'s address',
  id: 'the customer link (links.<name>.contactId)',
  contact: 'the customer link (links.<name>.contactId)',
  tags: 'the work\'s tags (tags: [...] beside fields)',
  fieldValues: 'one key per custom field, such as "fieldValues.12" or "fieldValues.REGION"',
};

/** The key of `fieldValues.<key>`: a field id or a personalization tag (upper case, without `%`), or null. */
export function fieldKeyOf(text: string): AcFieldKey | null {
  if (FIELD_ID.test(text)) return { id: text };
  const tag = PERSTAG.exec(text);
  if (tag === null || (text.startsWith('%') !== text.endsWith('%'))) return null;
  return { perstag: (tag[1] as string).toUpperCase() };
}

/** A tag name ActiveCampaign accepts: not blank, no comma, at most 255 characters. */
export function tagProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.trim() === '') return 'is a tag name, a non-empty text';
  if (name.includes(',')) return `"${name}" has a comma, which ActiveCampaign does not allow in tag names`;
  if (name.length > 255) return 'is longer than 255 characters';
  return null;
}

/** A custom field value as ActiveCampaign stores it: text; a list of options becomes `||a||b||` (checkbox and multi-select fields). */
export function fieldValueText(value: unknown): string | null {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '' && !v.includes('||'))) return value.length === 0 ? '' : `||${value.join('||')}||`;
  return null;
}

function problem(key: string, value: unknown, name: string): string | null {
  if (key.startsWith(FIELD_PREFIX)) {
    const field = key.slice(FIELD_PREFIX.length);
    if (fieldKeyOf(field) === null) return `"${field}" is neither a custom field id (digits, such as 12) nor a personalization tag (such as REGION or %REGION%).`;
    if (fieldValueText(value) === null) return `${key} is a custom field value: text, a number, a list of options (checkbox and multi-select fields) or null to clear it.`;
    return null;
  }
  if ((CONTACT_FIELDS as readonly string[]).includes(key)) {
    return typeof value === 'string' && value.length <= 255 ? null : `${key} is text of at most 255 characters.`;
  }
  if (key === 'removeTags') {
    if (!Array.isArray(value) || value.length === 0) return 'removeTags is a list of tag names, such as ["active"].';
    const bad = value.map(tagProblem).find((p) => p !== null);
    return bad === undefined ? null : `removeTags: a tag ${bad}.`;
  }
  if (key === 'automation') {
    const ok = (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) || (typeof value === 'string' && AUTOMATION_ID.test(value));
    return ok ? null : 'automation is an automation id, a positive whole number (GET /api/3/automations lists them with their ids).';
  }
  const managed = MANAGED[key];
  if (managed !== undefined) return `${key} is not set through fields; use ${managed.replace('<name>', name)}.`;
  if (key.startsWith('%') || /^[A-Z][A-Z0-9_]*$/.test(key) || FIELD_ID.test(key)) return `Custom fields go under fieldValues: write "fieldValues.${key}".`;
  return `${key} is not an ActiveCampaign contact field tickler can set; use ${KNOWN}.`;
}

/** Problems with `work.fields` for an ActiveCampaign `record`, each with the field's path inside `fields`. */
export function recordFieldProblems(fields: Readonly<Record<string, unknown>>, name: string): ConnectorFieldProblem[] {
  const problems = Object.entries(fields).flatMap(([key, value]) => {
    const message = problem(key, value, name);
    return message === null ? [] : [{ path: key, message }];
  });
  // Two keys for one field (`fieldValues.REGION` and `fieldValues.%REGION%`) would race: the second would silently win.
  const seen = new Map<string, string>();
  for (const key of Object.keys(fields)) {
    if (!key.startsWith(FIELD_PREFIX)) continue;
    const field = fieldKeyOf(key.slice(FIELD_PREFIX.length));
    if (field === null) continue;
    const id = 'id' in field ? `id:${field.id}` : `tag:${field.perstag}`;
    const first = seen.get(id);
    if (first !== undefined) problems.push({ path: key, message: `${key} names the same custom field as ${first}; give it once.` });
    else seen.set(id, key);
  }
  return problems;
}

/** The plan for a request whose fields passed {@link recordFieldProblems}. */
export function planOf(request: ConnectorRequest): ActiveCampaignPlan {
  const plan: ActiveCampaignPlan = { contact: {}, fieldValues: [], addTags: [...new Set(request.work.tags)], removeTags: [], automation: null };
  for (const [key, value] of Object.entries(request.work.fields)) {
    if (key.startsWith(FIELD_PREFIX)) plan.fieldValues.push({ key: fieldKeyOf(key.slice(FIELD_PREFIX.length)) as AcFieldKey, value: fieldValueText(value) as string });
    else if (key === 'firstName' || key === 'lastName' || key === 'phone') plan.contact[key] = value as string;
    else if (key === 'removeTags') plan.removeTags = [...new Set(value as string[])];
    else if (key === 'automation') plan.automation = typeof value === 'number' ? String(value) : (value as string);
  }
  return plan;
}
