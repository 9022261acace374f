import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses `input` with `schema`, turning zod's issues into a ValidationError whose paths start at `basePath`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, basePath = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error, basePath);
  return result.data;
}
