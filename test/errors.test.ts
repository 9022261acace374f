import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, ERROR_CODES, ForbiddenError, isTicklerError, NotFoundError, TicklerError, ValidationError } from 'tickler';

describe('errors', () => {
  it('carry a stable code, the path and the cause', () => {
    const cause = new Error('driver said no');
    const e = new ConflictError('Reminder "r-1" changed concurrently; read it again and retry.', { path: 'at', cause });
    expect(e.code).toBe('CONFLICT');
    expect(e.path).toBe('at');
    expect(e.cause).toBe(cause);
    expect(e.stack).toContain('ConflictError');
    expect(e).toBeInstanceOf(TicklerError);
  });

  it('each subclass has its code', () => {
    expect(new NotFoundError('customer', 'c-1').code).toBe(ERROR_CODES.NOT_FOUND);
    expect(new NotFoundError('customer', 'c-1').message).toBe('No customer with id "c-1" exists in this tenant.');
    expect(new ForbiddenError('reminder.update').code).toBe(ERROR_CODES.FORBIDDEN);
    expect(ValidationError.field('note', 'The note is empty.').code).toBe(ERROR_CODES.VALIDATION_FAILED);
  });

  it('ValidationError turns zod issues into field paths', () => {
    const schema = z.object({ at: z.object({ local: z.string() }), tags: z.array(z.string()) });
    const result = schema.safeParse({ at: { local: 5 }, tags: ['ok', 7] });
    if (result.success) throw new Error('should fail');
    const e = ValidationError.fromZod(result.error);
    expect(e.issues.map((i) => i.path)).toEqual(['at.local', 'tags.1']);
    expect(e.path).toBe('at.local');
    expect(e.message).toContain('at.local:');
    expect(ValidationError.fromZod(result.error, 'input').issues[0]?.path).toBe('input.at.local');
  });

  it('isTicklerError recognises tickler errors by code, even from another copy of the class', () => {
    expect(isTicklerError(new NotFoundError('x', 'y'))).toBe(true);
    const foreign = Object.assign(new Error('copy'), { code: 'NOT_FOUND' });
    expect(isTicklerError(foreign)).toBe(true);
    expect(isTicklerError(Object.assign(new Error('other'), { code: 'ENOENT' }))).toBe(false);
    expect(isTicklerError({ code: 'NOT_FOUND' })).toBe(false);
    expect(isTicklerError(null)).toBe(false);
  });
});
