import type { JsonValue } from '../../model/json';

/** Variables tickler gives every template, and the fields each may be read at. Anything under `fields` is free. */
export const BUILT_IN_VARIABLES: Readonly<Record<string, readonly string[] | null>> = {
  customer: ['id', 'name', 'email', 'phone', 'whatsapp', 'locale', 'timezone', 'status', 'folder', 'tags', 'assignees', 'fields'],
  recipient: ['name', 'address', 'locale', 'timezone'],
  tenant: ['id', 'locale', 'timezone'],
  now: null,
};

type Segment = string | number | unknown[];

/**
 * Why the variable at `segments` may not be used in a template declaring `declared`, or
 * null when it may. Indexes and dynamic keys (`items[0]`, `a[b]`) match any name.
 */
export function unknownVariableReason(segments: readonly Segment[], declared: readonly string[]): string | null {
  const names: string[] = [];
  for (const s of segments) {
    if (typeof s !== 'string') break; // an index or a dynamic key: what follows cannot be checked statically
    names.push(s);
  }
  const root = names[0];
  if (root === undefined) return null;
  const path = names.join('.');
  if (root in BUILT_IN_VARIABLES) {
    const fields = BUILT_IN_VARIABLES[root];
    const field = names[1];
    if (fields === null || field === undefined || fields === undefined) return fields === null && field !== undefined ? `"${path}": ${root} has no fields.` : null;
    if (!fields.includes(field)) return `"${path}" is not a field of ${root}; use one of ${fields.join(', ')}.`;
    return null;
  }
  const ok = declared.some((d) => path === d || path.startsWith(`${d}.`) || d.startsWith(`${path}.`));
  if (ok) return null;
  const hint = declared.length === 0 ? 'This template declares no variables' : `It declares ${declared.join(', ')}`;
  return `Unknown variable "${path}". ${hint}; add it to the template's variables, or use customer, recipient, tenant or now.`;
}

/** What a template is rendered with. */
export interface TemplateScope {
  /** The customer the message is about, as JSON, or null. */
  customer: JsonValue;
  /** Who receives this copy. */
  recipient: { name: string | null; address: string; locale: string; timezone: string };
  /** The tenant. */
  tenant: { id: string; locale: string; timezone: string };
  /** When the message was queued, ISO. */
  now: string;
  /** The caller's variables. */
  variables: Record<string, JsonValue>;
  /** The locale `money` and `date` format in, when not the recipient's (the template's, when it fell back to another language). */
  formatLocale?: string | undefined;
}
