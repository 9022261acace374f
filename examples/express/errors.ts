import type { ErrorRequestHandler } from 'express';
import { isTicklerError } from 'tickler';
import type { z } from 'zod';

/** One field at fault: a dotted path (`at.zone`, `ids.0`) and what is wrong. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[] };
}

/** An error the host itself answers with (a tickler error is mapped by {@link toHttpError}). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: readonly ApiIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A 400 naming the fields at fault. */
export function validationFailed(issues: readonly ApiIssue[]): HttpError {
  const message = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ') || 'The request is invalid.';
  return new HttpError(400, 'VALIDATION_FAILED', message, issues);
}

/** zod's issues as the API's, with dotted paths; an unknown key is named by its own path. */
export function issuesFromZod(error: z.ZodError, basePath = ''): ApiIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [basePath, ...issue.path.map(String)].filter((p) => p !== '');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: `Unknown field "${key}".` }));
    return [{ path: base.join('.'), message: issue.message }];
  });
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = { VALIDATION_FAILED: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

function hasIssues(error: object): error is { issues: readonly { path: string; message: string }[] } {
  return 'issues' in error && Array.isArray(error.issues);
}

/**
 * The HTTP answer for an error, or null for an unexpected one (a 500). tickler's errors
 * are recognised by `isTicklerError` and their stable `code`, never by message or class.
 */
export function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (isTicklerError(error)) {
    const status = STATUS_BY_CODE[error.code];
    if (status === undefined) return null;
    if (error.code === 'VALIDATION_FAILED') {
      const issues = hasIssues(error) ? error.issues.map((i) => ({ path: i.path, message: i.message })) : [{ path: error.path ?? '', message: error.message }];
      return new HttpError(400, error.code, error.message, issues);
    }
    return new HttpError(status, error.code, error.message);
  }
  // express.json(): a body that is not JSON, or too large.
  if (typeof error === 'object' && error !== null && 'type' in error) {
    if (error.type === 'entity.parse.failed') return validationFailed([{ path: '', message: 'The body is not valid JSON.' }]);
    if (error.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The body is too large.');
  }
  return null;
}

/**
 * Runs a tickler call whose validation paths name its own parameters (`approvalIds.0`,
 * `options.customerId`), and renames their first segment to the request's field
 * (`ids.0`, `customerId`); an empty name drops the segment.
 */
export async function renamingPaths<T>(work: Promise<T>, rename: Readonly<Record<string, string>>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const mapped = toHttpError(error);
    if (mapped === null || mapped.status !== 400 || mapped.issues === undefined) throw error;
    const issues = mapped.issues.map((issue) => {
      const [first = '', ...rest] = issue.path.split('.');
      const to = rename[first];
      return to === undefined ? issue : { ...issue, path: [to, ...rest].filter((p) => p !== '').join('.') };
    });
    throw validationFailed(issues);
  }
}

/** The JSON body of an error. */
export function errorBody(error: HttpError): ApiErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.issues === undefined ? {} : { issues: [...error.issues] }) } };
}

/** The last middleware: every error becomes `{ error: { code, message, issues? } }`. */
export function errorHandler(log: (error: unknown) => void = (error) => console.error('[example] unexpected error', error)): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const mapped = toHttpError(error);
    if (mapped === null) {
      log(error);
      res.status(500).json({ error: { code: 'INTERNAL', message: 'Something went wrong on the server; it was logged.' } } satisfies ApiErrorBody);
      return;
    }
    res.status(mapped.status).json(errorBody(mapped));
  };
}
