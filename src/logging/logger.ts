/**
 * The slice of a pino-compatible logger tickler calls: structured fields first, then a
 * message. Pass a pino logger as is, or anything with these four methods.
 */
export interface Logger {
  /** Detail for diagnosing. */
  debug(fields: Record<string, unknown>, message: string): void;
  /** Normal operation worth recording. */
  info(fields: Record<string, unknown>, message: string): void;
  /** Something went wrong but was handled. */
  warn(fields: Record<string, unknown>, message: string): void;
  /** Something failed. */
  error(fields: Record<string, unknown>, message: string): void;
}

const noop = (): void => undefined;

/** The default logger: says nothing. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
