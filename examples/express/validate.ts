import { z } from 'zod';
import { issuesFromZod, validationFailed } from './errors';
import { findUser } from './users';

/**
 * Parses a request body or query with a zod schema before tickler sees it; a failure is a
 * 400 whose issues name each field. (tickler validates again: both map to the same 400.)
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, basePath = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesFromZod(result.error, basePath));
  return result.data;
}

/** A whole number in a query string (`?limit=20`), within bounds. */
export function intParam(min: number, max: number) {
  return z
    .string({ error: `Give a whole number from ${min} to ${max}.` })
    .regex(/^\d+$/, { error: `Give a whole number from ${min} to ${max}.` })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `At least ${min}.` }).max(max, { error: `At most ${max}.` }));
}

/** A text filter in a query string; empty means no filter. */
export const textParam = z
  .string({ error: 'Give one value.' })
  .max(200, { error: 'At most 200 characters.' })
  .transform((s) => (s.trim() === '' ? undefined : s.trim()));

/** An id in a body. */
export const idField = z.string({ error: 'Give an id as a string.' }).trim().min(1, { error: 'The id is empty.' }).max(200, { error: 'An id is at most 200 characters.' });

/** A demo user's id in a body (an assignee); `typeError` when it is not a string. */
export function demoUserId(typeError: string) {
  return z.string({ error: typeError }).refine((id) => findUser(id) !== undefined, { error: 'Not a demo user; use u-alice, u-bob or u-carol.' });
}

/**
 * Any JSON object, for a definition whose shape and meaning are tickler's to judge (its
 * errors name each field): here only that it is an object, with `message` otherwise.
 */
export function jsonObjectBody(message: string) {
  return z.record(z.string(), z.unknown(), { error: message });
}
