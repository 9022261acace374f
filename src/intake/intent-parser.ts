import type { LocalDateTime } from '../time/local-date-time';

/** What an {@link IntentParser} is told about the message it reads. */
export interface IntentContext {
  /** The instant the message was received. Relative words ("tomorrow", "in 2 hours") count from it. */
  now: Date;
  /** The IANA zone the customer lives in: every wall time in the text is read in it. */
  zone: string;
  /** The customer's BCP 47 locale, if known: a hint for the language, never a limit. */
  locale: string | null;
  /**
   * True when tickler just asked this customer when to call (a clarifying question in
   * the last 24 hours): a message that only gives a time ("tomorrow at 10") is then the
   * request itself.
   */
  awaitingTime?: boolean | undefined;
}

/**
 * A reminder request with a usable time. The time is a wall time in the context's zone,
 * never an instant: the engine converts it with its one DST rule, so every parser gets
 * gaps and overlaps right the same way.
 */
export interface ReminderIntent {
  /** A reminder was asked for. */
  kind: 'reminder';
  /** The wall time asked for, in the context's zone. */
  local: LocalDateTime;
  /** Whether the text named a time of day; false when the parser chose one (a date alone). */
  timeGiven: boolean;
  /** The language the text was read in (`en`, `fr`, `de`, `es`, `nl`…). */
  language: string;
  /** The part of the text that gave the time, as written. */
  matched: string;
}

/** A reminder request without a time the parser could use: the customer gets a question back. */
export interface ReminderWithoutTime {
  /** A reminder was asked for, but not when. */
  kind: 'reminder-without-time';
  /** The language the text was read in. */
  language: string;
}

/** No reminder request: the host routes the message elsewhere. */
export interface NoIntent {
  /** Nothing for tickler to do. */
  kind: 'none';
  /** The language the text seemed to be in, if the parser could tell. */
  language: string | null;
}

/** What an {@link IntentParser} found in a message. */
export type Intent = ReminderIntent | ReminderWithoutTime | NoIntent;

/**
 * The intent parser port: reads a customer's message and says whether it asks to be
 * reminded or called back, and when. The default understands English, French, German,
 * Spanish and Dutch with chrono-node; a host can plug in anything (an LLM call, say) that
 * passes `runIntentParserContract` from `tickler/testing`.
 */
export interface IntentParser {
  /** Reads `text`. MUST NOT throw for any text; MAY be slow (it runs outside any transaction). */
  parse(text: string, context: IntentContext): Promise<Intent>;
}
