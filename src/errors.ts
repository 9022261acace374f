import type { ZodError } from 'zod';

/**
 * The stable error codes tickler throws. Hosts switch on these, never on messages,
 * which may be reworded between versions.
 */
export const ERROR_CODES = {
  /** Input failed validation; `issues` lists every field that was wrong. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** The entity does not exist in the actor's tenant (or at all). */
  NOT_FOUND: 'NOT_FOUND',
  /** The access policy denied the actor this action. */
  FORBIDDEN: 'FORBIDDEN',
  /** The entity is in a state that does not allow the change, or changed concurrently. */
  CONFLICT: 'CONFLICT',
  /** A channel could not deliver a message (thrown by channel adapters, recorded on the message). */
  CHANNEL_FAILED: 'CHANNEL_FAILED',
  /** A connector could not do its work in the external system (thrown by connector adapters, recorded on the operation). */
  CONNECTOR_FAILED: 'CONNECTOR_FAILED',
  /** A source could not be read (thrown by source adapters; the pull is retried from its last cursor). */
  SOURCE_FAILED: 'SOURCE_FAILED',
  /** A record a source yielded was refused (a negative amount, an unknown currency, a missing customer); the rest of its page was applied. */
  SOURCE_RECORD_REJECTED: 'SOURCE_RECORD_REJECTED',
  /** A webhook request failed its provider's verification (forged, tampered or stale): nothing was recorded. */
  WEBHOOK_REFUSED: 'WEBHOOK_REFUSED',
  /** A store or channel misbehaved; the message says which and why. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the values of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Options shared by every {@link TicklerError} constructor. */
export interface TicklerErrorOptions {
  /** The dotted path of the input field at fault, such as `at.zone`. */
  path?: string;
  /** The underlying error, kept so the original stack is never lost. */
  cause?: unknown;
}

/**
 * Base class of every error tickler throws on purpose.
 *
 * Prefer {@link isTicklerError} over `instanceof`: a class can be duplicated when a
 * CommonJS bundle and an ESM bundle are both loaded, and `instanceof` then fails.
 */
export class TicklerError extends Error {
  /** Stable, machine-readable code. */
  readonly code: ErrorCode;
  /** The dotted path of the field at fault, when one field is. */
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, options: TicklerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TicklerError';
    this.code = code;
    this.path = options.path;
  }
}

/** One field that failed validation. */
export interface ValidationIssue {
  /** Dotted path of the field, such as `at.local` or `tags.2`; empty for the whole input. */
  path: string;
  /** What is wrong and what would be accepted. */
  message: string;
}

/** Input was rejected before anything was read or written. */
export class ValidationError extends TicklerError {
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: { cause?: unknown } = {}) {
    const first = issues[0] ?? { path: '', message: 'Input is invalid.' };
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(ERROR_CODES.VALIDATION_FAILED, summary || first.message, { path: first.path, cause: options.cause });
    this.name = 'ValidationError';
    this.issues = issues;
  }

  /** A validation error about one field. */
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }

  /** Turns zod's issues into tickler's, prefixing each path with `basePath` when given. */
  static fromZod(error: ZodError, basePath = ''): ValidationError {
    const issues = error.issues.map((issue) => {
      const path = [basePath, ...issue.path.map(String)].filter((p) => p !== '').join('.');
      return { path, message: issue.message };
    });
    return new ValidationError(issues, { cause: error });
  }
}

/** The entity does not exist, or exists only in another tenant. */
export class NotFoundError extends TicklerError {
  /** The kind of entity looked for, such as `customer`. */
  readonly entity: string;
  /** The id looked for. */
  readonly id: string;

  constructor(entity: string, id: string, options: TicklerErrorOptions = {}) {
    super(ERROR_CODES.NOT_FOUND, `No ${entity} with id "${id}" exists in this tenant.`, options);
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

/** The access policy refused the action; nothing was changed. */
export class ForbiddenError extends TicklerError {
  /** The action that was refused, such as `reminder.update`. */
  readonly action: string;

  constructor(action: string, message?: string, options: TicklerErrorOptions = {}) {
    super(ERROR_CODES.FORBIDDEN, message ?? `You are not allowed to perform "${action}".`, options);
    this.name = 'ForbiddenError';
    this.action = action;
  }
}

/** The change clashes with the entity's state or with a concurrent change; nothing was changed. */
export class ConflictError extends TicklerError {
  constructor(message: string, options: TicklerErrorOptions = {}) {
    super(ERROR_CODES.CONFLICT, message, options);
    this.name = 'ConflictError';
  }
}

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES));

/**
 * True when `value` is an error thrown by tickler, checked by its `code` so it works
 * across duplicated module copies where `instanceof` would not.
 *
 * @example
 * ```ts
 * try { await acme.reminders.get('nope'); }
 * catch (e) { if (isTicklerError(e) && e.code === 'NOT_FOUND') { ... } }
 * ```
 */
export function isTicklerError(value: unknown): value is TicklerError {
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return value instanceof Error && typeof code === 'string' && KNOWN_CODES.has(code);
}
