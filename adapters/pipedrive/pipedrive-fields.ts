/** Activity fields tickler sets from the work and the link: provider fields may not set them. */
const MANAGED: Readonly<Record<string, string>> = {
  subject: 'the work\'s subject',
  note: 'the work\'s body (tickler also keeps its marker there)',
  due_date: 'dueAt',
  due_time: 'dueAt',
  duration: 'durationMinutes',
  owner_id: 'the assignee (and the owners option)',
  user_id: 'the assignee (and the owners option)',
  deal_id: 'the customer\'s links.<name>.dealId',
  person_id: 'the customer\'s links.<name>.personId',
  org_id: 'the customer\'s links.<name>.orgId',
  priority: 'priority (and the priorities option)',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The other fields of an activity (API v2's `AddActivityRequest`), each with what makes a value valid. */
const ALLOWED: Readonly<Record<string, { valid: (v: unknown) => boolean; expected: string }>> = {
  type: { valid: (v) => typeof v === 'string' && /^[A-Za-z0-9_]{1,100}$/.test(v), expected: 'an activity type key such as call or meeting' },
  busy: { valid: (v) => typeof v === 'boolean', expected: 'true or false' },
  done: { valid: (v) => typeof v === 'boolean', expected: 'true or false' },
  public_description: { valid: (v) => typeof v === 'string', expected: 'text' },
  location: { valid: (v) => isObject(v) && (v.value === undefined || typeof v.value === 'string'), expected: 'an object such as { value: "12 rue de la Paix, Paris" }' },
  participants: {
    valid: (v) => Array.isArray(v) && v.every((p) => isObject(p) && isId(p.person_id) && (p.primary === undefined || typeof p.primary === 'boolean')),
    expected: 'a list of { person_id, primary? }',
  },
  attendees: { valid: (v) => Array.isArray(v) && v.every((a) => isObject(a) && (isId(a.person_id) || isId(a.user_id) || typeof a.email === 'string')), expected: 'a list of { email } or { person_id } or { user_id }' },
  project_id: { valid: isId, expected: 'a project id (a whole number)' },
  lead_id: { valid: (v) => typeof v === 'string' && UUID.test(v), expected: 'a lead id (a UUID)' },
  outcome: { valid: (v) => v === null || isId(v), expected: 'an outcome option id (a whole number) or null' },
};

/**
 * Problems with provider fields for an activity: a field tickler sets itself, a field
 * API v2 activities do not have (a typo, or a v1 name such as `user_id`), or a value of
 * the wrong kind: refused when the work is defined, rather than sent at the first attempt.
 */
export function activityFieldProblems(name: string, fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const managed = MANAGED[key];
    if (managed !== undefined) return [{ path: key, message: `${key} is set by tickler from ${managed.replace('<name>', name)}.` }];
    const allowed = ALLOWED[key];
    if (allowed === undefined) return [{ path: key, message: `"${key}" is not a field of a Pipedrive activity; use ${Object.keys(ALLOWED).join(', ')}.` }];
    return allowed.valid(value) ? [] : [{ path: key, message: `${key} is ${allowed.expected}.` }];
  });
}
