import * as chrono from 'chrono-node';
import type { Intent, IntentContext, IntentParser } from './intent-parser';
import { INTAKE_LANGUAGES, type IntakeLanguage } from './intake-texts';
import { detectRequest, foldText, TIME_WORDS, type PartOfDay, type TimeWords } from './intent-keywords';
import { floatingMsToLocal, localToFloatingMs, type LocalDateTime } from '../time/local-date-time';
import { instantToWallTime } from '../time/wall-time';

/** Options of {@link ChronoIntentParser}. */
export interface ChronoIntentParserOptions {
  /** The languages read, among `en`, `fr`, `de`, `es`, `nl`; all five by default. Others are ignored. */
  languages?: readonly string[];
  /** The hour (0 to 23) used when the text names a day but no time; 9 by default. */
  defaultHour?: number;
}

const PART_HOURS: Readonly<Record<PartOfDay, number>> = { morning: 9, noon: 12, afternoon: 14, evening: 18 };
const MINUTE = 60_000;
const DAY = 86_400_000;
// Inbound messages are short; a longer text is read up to here so a pasted document cannot stall the inbox.
const MAX_LENGTH = 2_000;

/** A span of the text that gave part of the time. */
type Span = readonly [start: number, end: number];
interface YearMonthDay { year: number; month: number; day: number }
type Reading = { local: LocalDateTime; timeGiven: boolean; matched: string } | 'ask' | null;

/**
 * The default {@link IntentParser}: finds a reminder request by its keywords (see
 * `REQUEST_KEYWORDS`) and its time with chrono-node plus tickler's own reading of the
 * phrases chrono misses or gets wrong ("après-demain", "mañana por la mañana", "half 3",
 * parts of the day, day-first numeric dates).
 *
 * Every time is read as a wall time in the customer's zone and never depends on the zone
 * of the process; durations ("in 2 hours") are added to the instant, so a DST change in
 * between is counted. A day without a time gets `defaultHour`; a clock time without a day
 * is its next occurrence; a date without a year ("14 March", "March 14", "14/3") is its
 * next occurrence, today included; a date with its year is kept as written. A month the
 * text names without a day tickler can place ("in March at 10") is a question back, never
 * a guess. The wall time goes to the engine as it was said: one in a DST gap is moved by
 * the engine's one rule (forward by the gap), as for `reminders.create`.
 *
 * @example
 * ```ts
 * const parser = new ChronoIntentParser();
 * await parser.parse('Rappelez-moi demain à 10h', { now, zone: 'Europe/Paris', locale: 'fr-FR' });
 * // { kind: 'reminder', local: { ...tomorrow, hour: 10, minute: 0 }, timeGiven: true, language: 'fr', matched: 'demain à 10h' }
 * ```
 */
export class ChronoIntentParser implements IntentParser {
  readonly #languages: readonly IntakeLanguage[];
  readonly #defaultHour: number;

  /** @throws RangeError when `defaultHour` is not a whole hour from 0 to 23. */
  constructor(options: ChronoIntentParserOptions = {}) {
    const languages = options.languages ?? INTAKE_LANGUAGES;
    this.#languages = INTAKE_LANGUAGES.filter((l) => languages.includes(l));
    const hour = options.defaultHour ?? 9;
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`defaultHour must be an hour from 0 to 23, got ${hour}.`);
    this.#defaultHour = hour;
  }

  /** Reads `text`; never throws: anything unexpected reads as no intent. */
  async parse(text: string, context: IntentContext): Promise<Intent> {
    try {
      return this.#read(text, context);
    } catch {
      return { kind: 'none', language: null };
    }
  }

  #read(raw: string, context: IntentContext): Intent {
    const text = String(raw).normalize('NFC').slice(0, MAX_LENGTH);
    const [localeLanguage, region] = (context.locale ?? '').toLowerCase().split(/[-_]/);
    const preferred = this.#languages.find((l) => l === localeLanguage);
    const order = preferred === undefined ? this.#languages : [preferred, ...this.#languages.filter((l) => l !== preferred)];
    const requested = order.filter((l) => detectRequest(text, l));
    const options = { ...context, monthFirst: region === 'us', defaultHour: this.#defaultHour };
    if (requested.length === 0) {
      // The answer to "when should we call you?" need not ask again: a time alone is the request.
      if (context.awaitingTime === true) {
        for (const language of order) {
          const reading = readTime(text, language, options);
          if (reading !== null && reading !== 'ask') return { kind: 'reminder', ...reading, language };
        }
      }
      return { kind: 'none', language: preferred ?? null };
    }
    // The locale's language comes first; another language whose keywords also match is
    // tried when it finds no time ("send me a reminder tomorrow" from a Dutch locale).
    for (const language of requested) {
      const reading = readTime(text, language, options);
      if (reading === 'ask') return { kind: 'reminder-without-time', language };
      if (reading !== null) return { kind: 'reminder', ...reading, language };
    }
    return { kind: 'reminder-without-time', language: requested[0] as IntakeLanguage };
  }
}

/**
 * A new {@link ChronoIntentParser}.
 *
 * @example
 * ```ts
 * // A Belgian host: French and Dutch only, and a day without a time means 10:00.
 * const tickler = createTickler({ store, intentParser: chronoIntentParser({ languages: ['fr', 'nl'], defaultHour: 10 }) });
 * ```
 */
export function chronoIntentParser(options?: ChronoIntentParserOptions): ChronoIntentParser {
  return new ChronoIntentParser(options);
}

interface ReadOptions extends IntentContext {
  monthFirst: boolean;
  defaultHour: number;
}

/** The text being read, with the phrases already understood blanked out, in both spellings. */
class Work {
  source: string;
  folded: string;
  readonly #spans: Span[] = [];
  readonly #rewritten: Span[] = [];
  constructor(readonly original: string) {
    this.source = original;
    this.folded = foldText(original);
  }
  /** Replaces a span with `text` padded to the same length, so indexes keep pointing at the original. */
  write(start: number, end: number, text = ''): void {
    if (text.length > end - start) return;
    if (text !== '') this.#rewritten.push([start, end]);
    const padded = text.padEnd(end - start, ' ');
    this.source = this.source.slice(0, start) + padded + this.source.slice(end);
    this.folded = this.folded.slice(0, start) + padded + this.folded.slice(end);
  }
  /** Blanks every match of `pattern` and returns the first one. */
  take(pattern: RegExp): RegExpMatchArray | null {
    const matches = [...this.folded.matchAll(pattern)];
    for (const m of matches) this.write(m.index, m.index + m[0].length);
    return matches[0] ?? null;
  }
  /** Marks a span as giving the time; a rewritten phrase it touches ("halb 3") counts whole. */
  used(span: Span): void {
    const touched = this.#rewritten.filter(([s, e]) => s < span[1] && e > span[0]);
    this.#spans.push(span, ...touched);
  }
  matched(): string {
    const start = Math.min(...this.#spans.map((s) => s[0]));
    const end = Math.max(...this.#spans.map((s) => s[1]));
    return this.original.slice(start, end).trim();
  }
}

function readTime(text: string, language: IntakeLanguage, options: ReadOptions): Reading {
  const words = TIME_WORDS[language];
  const nowWall = instantToWallTime(options.now, options.zone);
  const work = new Work(text);
  work.take(words.greetings);
  rewriteClockTimes(work, words);
  if (language === 'en') rewriteMonthFirstDates(work);
  const duration = findDuration(work, words);
  if (duration !== null) return relative(work, duration.span, duration.minutes, options);
  const numericDate = takeNumericDate(work, options.monthFirst, nowWall);
  const part = takeFirst(work, words.parts.map((rule) => [rule.pattern, rule] as const));
  const dayOffset = takeFirst(work, words.days);
  const results = parseWithChrono(work, language, options.monthFirst, nowWall);
  const now = results.find((r) => r.start.tags().has('casualReference/now'));
  if (now !== undefined) return relative(work, spanOf(now), 0, options);

  // A month alone ("in December", "Feb 30" read as February 2030) is not a day to call on.
  const dated = results.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday'));
  // The most explicit day wins: a numeric date, a date chrono read, "tomorrow", a weekday.
  let date = numericDate;
  let weekdayOnly = false;
  if (date === null && dated !== undefined && (dated.start.isCertain('day') || (dayOffset === null && part?.today !== true))) {
    date = ymdOf(dated.start);
    // A day and month without a year is the next one, even when chrono picked a past year.
    if (dated.start.isCertain('day') && !dated.start.isCertain('year')) date = nextOccurrence(date.day, date.month, nowWall);
    weekdayOnly = !dated.start.isCertain('day') && !words.past.test(foldText(dated.text));
    work.used(spanOf(dated));
  }
  if (date === null && (dayOffset !== null || part?.today === true)) date = ymdOf(addDays(nowWall, dayOffset ?? 0));
  // The text named a month but no day that could be placed ("March 14" read as a year,
  // "in March", "30 February"): asking beats a time on the wrong day.
  if (date === null && results.some((r) => r.start.isCertain('month'))) return 'ask';
  if (date === null && mentionsMonth(work.original, language)) return 'ask';

  const timed = results.find((r) => r.start.isCertain('hour'));
  let time: { hour: number; minute: number; timeGiven: boolean };
  if (timed !== undefined) {
    work.used(spanOf(timed));
    time = { ...clockTime(timed, part?.part ?? null), timeGiven: true };
  } else if (part !== null) time = { hour: PART_HOURS[part.part], minute: 0, timeGiven: true };
  else if (date !== null) time = { hour: options.defaultHour, minute: 0, timeGiven: false };
  else return null;

  let local: LocalDateTime = { ...(date ?? ymdOf(nowWall)), hour: time.hour, minute: time.minute, second: 0, millisecond: 0 };
  if (!plausible(local, nowWall)) return null;
  const nowMs = localToFloatingMs(nowWall);
  const before = (l: LocalDateTime): boolean => localToFloatingMs(l) < nowMs;
  // A clock time alone means its next occurrence; a weekday alone means the coming one.
  if (date === null && before(local)) local = addDays(local, 1);
  if (weekdayOnly) while (before(local)) local = addDays(local, 7);
  // "Call me today" or "this afternoon" after the hour the parser would pick: ask rather than guess.
  if (timed === undefined && sameDay(local, nowWall) && before(local)) return 'ask';
  return { local, timeGiven: time.timeGiven, matched: work.matched() };
}

/** A time counted from now: the instant moves on the time line, then shows on the customer's clock. */
function relative(work: Work, span: Span, minutes: number, options: ReadOptions): Reading {
  work.used(span);
  // Rounded up to a whole minute, and always after now, so the engine never finds it past.
  const target = Math.ceil((options.now.getTime() + minutes * MINUTE) / MINUTE) * MINUTE;
  const instant = target > options.now.getTime() ? target : target + MINUTE;
  return { local: instantToWallTime(new Date(instant), options.zone), timeGiven: true, matched: work.matched() };
}

/** Blanks every phrase of `rules` and returns the value of the first rule that matched. */
function takeFirst<T>(work: Work, rules: readonly (readonly [RegExp, T])[]): T | null {
  let found: T | null = null;
  for (const [pattern, value] of rules) {
    const m = work.take(pattern);
    if (m !== null && found === null) {
      found = value;
      work.used([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    }
  }
  return found;
}

/** The hour and minute chrono read, with the meridiem a part of the day or common sense gives it. */
function clockTime(timed: chrono.ParsedResult, part: PartOfDay | null): { hour: number; minute: number } {
  let hour = timed.start.get('hour') ?? 0;
  if (!timed.start.isCertain('meridiem') && hour < 12) {
    if (part === 'afternoon' || part === 'evening') hour += 12;
    // "Call me at 3" means the afternoon: nobody asks for a 3 am callback. A leading zero ("03:00") is meant.
    else if (part === null && hour >= 1 && hour <= 6 && !/(?<!\d)0\d/.test(timed.text)) hour += 12;
  }
  return { hour, minute: timed.start.get('minute') ?? 0 };
}

function plausible(local: LocalDateTime, nowWall: LocalDateTime): boolean {
  const exists = floatingMsToLocal(localToFloatingMs(local)).day === local.day;
  return exists && local.year >= nowWall.year - 5 && local.year <= nowWall.year + 10;
}

const spanOf = (r: chrono.ParsedResult): Span => [r.index, r.index + r.text.length];

function rewriteClockTimes(work: Work, words: TimeWords): void {
  for (const rule of words.clock) {
    for (const m of work.folded.matchAll(rule.pattern)) {
      const said = m[1] ?? '';
      const named = /^\d+$/.test(said) ? Number(said) : words.numbers[said];
      if (named === undefined || named < 1 || named > 24 || (rule.minute === null && /^\d/.test(said))) continue;
      const hour = named + rule.hourShift === 0 ? 12 : named + rule.hourShift;
      const start = rule.minute === null ? m.index + m[0].indexOf(said) : m.index;
      const end = rule.minute === null ? start + said.length : m.index + m[0].length;
      const minute = m[2] === undefined ? rule.minute : Number(m[2]);
      work.write(start, end, minute === null ? String(hour) : words.clockText(hour, minute));
    }
  }
}

function findDuration(work: Work, words: TimeWords): { minutes: number; span: Span } | null {
  for (const m of work.folded.matchAll(words.duration)) {
    const groups = m.groups ?? {};
    let minutes: number | undefined;
    if (groups.phrase !== undefined) minutes = words.durationPhrases[groups.phrase.replace(/-/g, ' ')];
    else if (groups.num !== undefined) {
      const n = /^\d/.test(groups.num) ? Number(groups.num.replace(',', '.')) : words.numbers[groups.num.replace(/-/g, ' ')];
      if (n !== undefined) minutes = groups.hours !== undefined ? n * 60 + Number(groups.extra ?? 0) : n;
    }
    if (minutes !== undefined && Number.isFinite(minutes) && minutes >= 0 && minutes <= 366 * 24 * 60) {
      return { minutes: Math.round(minutes), span: [m.index, m.index + m[0].length] };
    }
  }
  return null;
}

const NUMERIC_DATE = /(?<![\d/.:-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.?)(?![\d/:-]|\.\d|\s*(?:uhr|uur|h|am|pm)\b)/g;

/** Day-first (or month-first for US English) numeric dates, which chrono reads in only some languages. */
function takeNumericDate(work: Work, monthFirst: boolean, nowWall: LocalDateTime): YearMonthDay | null {
  for (const m of work.folded.matchAll(NUMERIC_DATE)) {
    const [, a, separator, b, y, trailingDot] = m;
    // "15.30" is a time in German and Dutch: a dotted date needs its year or a closing dot ("3.12.").
    if (separator === '.' && y === undefined && trailingDot !== '.') continue;
    const [day, month] = monthFirst ? [Number(b), Number(a)] : [Number(a), Number(b)];
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    const year = y === undefined ? nextOccurrence(day, month, nowWall).year : y.length === 2 ? 2000 + Number(y) : Number(y);
    work.write(m.index, m.index + m[0].length);
    work.used([m.index, m.index + m[0].length]);
    return { year, month, day };
  }
  return null;
}

/**
 * The first day with this day and month on or after today's date: this year's, or the
 * next year's once it has passed (29 February: the next leap year's). A date that exists
 * in no year (31 April) keeps this year, and `plausible` turns it down.
 */
function nextOccurrence(day: number, month: number, nowWall: LocalDateTime): YearMonthDay {
  const today = Date.UTC(nowWall.year, nowWall.month - 1, nowWall.day);
  for (let year = nowWall.year; year <= nowWall.year + 8; year++) {
    const at = new Date(Date.UTC(year, month - 1, day));
    if (at.getUTCDate() === day && at.getTime() >= today) return { year, month, day };
  }
  return { year: nowWall.year, month, day };
}

const EN_MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
// "March 14" (and "Mar. 14th"), not "March 14:30" or "March 14 2pm"'s hour.
const MONTH_FIRST = new RegExp(String.raw`\b${EN_MONTH}(\.?)(\s+)(\d{1,2})(st|nd|rd|th)?(?![\d:]|\s*(?:am|pm|h)\b)`, 'g');

/**
 * Rewrites "March 14" as "14 March", the same length: chrono's British parser reads a
 * number after a month as its year ("March 14" as March 2014), which dropped the date.
 */
function rewriteMonthFirstDates(work: Work): void {
  for (const m of work.folded.matchAll(MONTH_FIRST)) {
    const [whole, month = '', dot = '', , day = '', suffix = ''] = m;
    work.write(m.index, m.index + whole.length, `${day}${suffix} ${month}${dot}`);
  }
}

const MONTH_NAMES: Readonly<Record<IntakeLanguage, RegExp>> = {
  en: new RegExp(String.raw`\b(?:january|february|march|april|june|july|august|september|october|november|december)\b`),
  fr: /\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b/,
  de: /\b(?:januar|janner|februar|marz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember)\b/,
  es: /\b(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\b/,
  nl: /\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b/,
};

/** Whether the text names a month in full (a short name such as "mar" or "mai" may be another word). */
function mentionsMonth(text: string, language: IntakeLanguage): boolean {
  return MONTH_NAMES[language].test(foldText(text));
}

const CHRONOS: Readonly<Record<IntakeLanguage, chrono.Chrono>> = {
  en: chrono.en.GB,
  fr: chrono.fr.casual,
  de: chrono.de.casual,
  es: chrono.es.casual,
  nl: chrono.nl.casual,
};

function parseWithChrono(work: Work, language: IntakeLanguage, monthFirst: boolean, nowWall: LocalDateTime): chrono.ParsedResult[] {
  const parser = language === 'en' && monthFirst ? chrono.en.casual : CHRONOS[language];
  const reference = chronoReference(nowWall);
  // Some parsers only know the accented spelling and some only the plain one ("Marz").
  let results = parser.parse(work.source, reference);
  if (results.length === 0 && work.folded !== work.source) results = parser.parse(work.folded, reference);
  // A match glued to more digits is part of a phone or invoice number, not a time.
  return results.filter((r) => !/\d/.test(work.source.charAt(r.index - 1) + work.source.charAt(r.index + r.text.length)));
}

/**
 * chrono computes every relative date ("Monday", the year of "3 March") with the getters
 * of the process zone, some of them on the reference instant itself rather than on its
 * zone-adjusted copy. So the reference handed to it is the `Date` that shows the
 * customer's wall clock in the process zone: every computation then happens on the
 * customer's calendar, whatever the process zone is. When the customer's time falls in a
 * DST gap of the process zone that `Date` does not exist, and noon of the same day is
 * used instead: nothing read from chrono depends on the reference's time of day.
 */
function chronoReference(wall: LocalDateTime): Date {
  const exact = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  if (exact.getDate() === wall.day && exact.getHours() === wall.hour && exact.getMinutes() === wall.minute) return exact;
  return new Date(wall.year, wall.month - 1, wall.day, 12);
}

function ymdOf(source: { get(c: 'year' | 'month' | 'day'): number | null } | LocalDateTime): YearMonthDay {
  if ('get' in source) return { year: source.get('year') ?? 0, month: source.get('month') ?? 0, day: source.get('day') ?? 0 };
  return { year: source.year, month: source.month, day: source.day };
}

function addDays(local: LocalDateTime, days: number): LocalDateTime {
  return floatingMsToLocal(localToFloatingMs(local) + days * DAY);
}

function sameDay(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

