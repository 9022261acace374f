import type { IntakeLanguage } from './intake-texts';

/**
 * Phrases that ask to be reminded or called back, per language. They are written in lower
 * case without accents and match whole words of a message folded the same way, so
 * "Rappelez-moi", "rappelez moi" and "RAPPELEZ-MOI" all match `rappelez moi`.
 */
export const REQUEST_KEYWORDS: Readonly<Record<IntakeLanguage, readonly string[]>> = {
  en: [
    'remind', 'remind me', 'reminder', 'reminders', 'call me', 'call us', 'call back', 'callback',
    'give me a call', 'give us a call', 'give me a ring', 'ring me', 'phone me', 'text me', 'message me',
    'contact me', 'reach me', 'reach out', 'follow up', 'followup', 'get back to me', 'get back to us',
    'please call', 'can you call', 'could you call',
  ],
  fr: [
    'rappel', 'rappels', 'rappelle moi', 'rappelez moi', 'rappeler', 'rappelez', 'rappellerez', 'appelle moi',
    'appelez moi', 'appeler', 'appelez', 'recontacter', 'recontactez', 'contactez moi', 'me contacter',
    'relancer', 'relancez moi', 'me joindre',
  ],
  de: [
    'erinner', 'erinnere', 'erinnern', 'erinnerung', 'ruf mich', 'rufe mich', 'rufen sie', 'rufen mich',
    'ruft mich', 'anrufen', 'anruf', 'ruckruf', 'ruckrufen', 'zuruckrufen', 'melden sie sich', 'melde dich',
    'meld dich', 'kontaktieren', 'kontaktieren sie mich', 'reminder',
  ],
  es: [
    'recuerdame', 'recuerdeme', 'recuerdenme', 'recordar', 'recordarme', 'recordatorio', 'llamame', 'llameme',
    'llamenme', 'llamar', 'llamarme', 'llamadme', 'me llame', 'me llamen', 'me llamas', 'devolver la llamada',
    'devuelva la llamada', 'devuelvan la llamada', 'contactar', 'contactarme', 'contactame', 'contacteme',
    'me contacte', 'me contacten',
  ],
  nl: [
    'herinner', 'herinner me', 'herinnering', 'herinneren', 'bel', 'bel me', 'bel mij', 'belt u', 'bellen',
    'terugbellen', 'opbellen', 'neem contact op', 'neem contact', 'neemt u contact', 'contact opnemen', 'contact met mij',
    'contact met me', 'reminder',
  ],
};

/**
 * Phrases that refuse a call; a message holding one is never a request, even when it also
 * holds a request keyword ("don't call me before 10" carries "call me").
 */
export const REFUSAL_KEYWORDS: Readonly<Record<IntakeLanguage, readonly string[]>> = {
  en: [
    'don t call', 'dont call', 'do not call', 'don t remind', 'do not remind', 'no need to call', 'stop calling',
    'never call', 'don t contact', 'do not contact', 'don t text', 'do not text',
  ],
  fr: [
    'ne m appelez pas', 'ne m appelle pas', 'ne me rappelez pas', 'ne me rappelle pas', 'ne m appelez plus',
    'ne me rappelez plus', 'ne me contactez pas', 'ne me contactez plus', 'pas besoin de me rappeler',
    'pas la peine de me rappeler', 'arretez de m appeler',
  ],
  de: [
    'rufen sie mich nicht', 'ruf mich nicht', 'ruft mich nicht', 'mich nicht anrufen', 'nicht anrufen',
    'nicht mehr anrufen', 'nicht zuruckrufen', 'kein ruckruf', 'keinen ruckruf', 'keinen anruf',
    'erinnern sie mich nicht', 'nicht erinnern',
  ],
  es: [
    'no me llame', 'no me llames', 'no me llamen', 'no llamar', 'no me recuerde', 'no me recuerdes',
    'no me contacte', 'no me contactes', 'no me contacten', 'deje de llamar', 'dejen de llamar', 'no hace falta que me',
  ],
  nl: [
    'bel me niet', 'bel mij niet', 'belt u mij niet', 'niet bellen', 'niet meer bellen', 'niet terugbellen',
    'niet herinneren', 'geen herinnering',
  ],
};

const MARKS = /\p{M}+/gu;

/**
 * The text in lower case without accents, with curly apostrophes made straight, and
 * exactly as long as `text`, so an index found in the folded text points at the same
 * characters of the original. A character whose folding would change its length is kept.
 */
export function foldText(text: string): string {
  let folded = '';
  for (const char of text) {
    let f = char.normalize('NFD').replace(MARKS, '').toLowerCase();
    if (f === '’' || f === '‘' || f === '`' || f === '´') f = "'";
    folded += f.length === char.length ? f : char.length === char.toLowerCase().length ? char.toLowerCase() : char;
  }
  return folded;
}

/** The folded text reduced to words separated by single spaces, for whole-word phrase matching. */
function words(text: string): string {
  return ` ${foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function matchesAny(spaced: string, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => spaced.includes(` ${phrase} `));
}

/**
 * True when `text` asks, in `language`, to be reminded or called back: it holds one of
 * the {@link REQUEST_KEYWORDS} of that language and none of its {@link REFUSAL_KEYWORDS}.
 * Case, accents, hyphens and punctuation are ignored; phrases match whole words only.
 * An unknown language never matches.
 *
 * @example
 * ```ts
 * detectRequest('Rappelez-moi demain', 'fr'); // true
 * detectRequest('Je paierai vendredi', 'fr'); // false
 * ```
 */
export function detectRequest(text: string, language: string): boolean {
  const request = (REQUEST_KEYWORDS as Readonly<Record<string, readonly string[]>>)[language];
  const refusal = (REFUSAL_KEYWORDS as Readonly<Record<string, readonly string[]>>)[language];
  if (request === undefined || refusal === undefined) return false;
  const spaced = words(text);
  return matchesAny(spaced, request) && !matchesAny(spaced, refusal);
}

/** A part of the day a customer can name instead of a clock time. */
export type PartOfDay = 'morning' | 'noon' | 'afternoon' | 'evening';

/** A phrase naming a part of the day; `today` when the phrase itself says which day ("this morning"). */
export interface PartRule {
  /** Matches the words to read and remove, on folded text. */
  pattern: RegExp;
  /** The part of the day they name. */
  part: PartOfDay;
  /** True when the phrase means today, like "tonight" or "vanavond". */
  today: boolean;
}

/** A spoken clock time chrono does not read, such as "half 3" (2:30) or "quarter to 4". */
export interface ClockRule {
  /** Matches the phrase on folded text; its first group is the hour, in digits or words, and a second one, if any, the minutes. */
  pattern: RegExp;
  /** Added to the hour named: "half 3" is half an hour before 3, so -1. */
  hourShift: number;
  /** The minute meant, or `null` when the phrase only names an hour in words ("at ten"). */
  minute: number | null;
}

/** How one language names times. Every pattern runs on text folded by {@link foldText}. */
export interface TimeWords {
  /** Greetings that hold time words but never give a time ("good morning", "guten Morgen"). */
  greetings: RegExp;
  /** Spoken clock times, rewritten to digits before chrono reads the text. */
  clock: readonly ClockRule[];
  /** "in 2 hours" and the like, with the groups `num` and either `hours` (and `extra` minutes) or `minutes`, or `phrase`. */
  duration: RegExp;
  /** Fixed duration phrases such as "half an hour", in minutes. */
  durationPhrases: Readonly<Record<string, number>>;
  /** Number words, for durations and spoken clock times. */
  numbers: Readonly<Record<string, number>>;
  /** Parts of the day, tried in order. */
  parts: readonly PartRule[];
  /** Days counted from today (tomorrow is 1), tried in order so longer phrases win. */
  days: readonly (readonly [RegExp, number])[];
  /** Words that look back ("last Monday"): a weekday with one is not moved forward. */
  past: RegExp;
  /** Writes a clock time so that the language's chrono parser reads it: `2:30` or `2h30`. */
  clockText: (hour: number, minute: number) => string;
}

const HOUR_WORDS: Readonly<Record<IntakeLanguage, readonly string[]>> = {
  en: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  fr: ['une', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze'],
  de: ['eins', 'zwei', 'drei', 'vier', 'funf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwolf'],
  es: ['una', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce'],
  nl: ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
};

const EXTRA_NUMBERS: Readonly<Record<IntakeLanguage, Readonly<Record<string, number>>>> = {
  en: { a: 1, an: 1, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty five': 45, fifty: 50, 'a couple of': 2, 'a couple': 2 },
  fr: { un: 1, quinze: 15, vingt: 20, trente: 30, quarante: 40, 'quarante cinq': 45, cinquante: 50 },
  de: { ein: 1, eine: 1, einer: 1, einem: 1, funfzehn: 15, zwanzig: 20, dreissig: 30, 'dreißig': 30, vierzig: 40, funfzig: 50 },
  es: { un: 1, quince: 15, veinte: 20, treinta: 30, cuarenta: 40, 'cuarenta y cinco': 45, cincuenta: 50 },
  nl: { twintig: 20, vijftien: 15, dertig: 30, veertig: 40, vijftig: 50 },
};

const WEEKDAYS: Readonly<Record<IntakeLanguage, string>> = {
  en: 'monday|tuesday|wednesday|thursday|friday|saturday|sunday',
  fr: 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche',
  de: 'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag',
  es: 'lunes|martes|miercoles|jueves|viernes|sabado|domingo',
  nl: 'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag',
};

const g = (source: string): RegExp => new RegExp(source, 'g');
const alt = (list: readonly string[]): string => [...list].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '[ -]')).join('|');

function numbersOf(language: IntakeLanguage): Record<string, number> {
  const numbers: Record<string, number> = { ...EXTRA_NUMBERS[language] };
  HOUR_WORDS[language].forEach((word, i) => (numbers[word] = i + 1));
  return numbers;
}

function clock(language: IntakeLanguage, rules: readonly (readonly [string, number, number | null])[]): ClockRule[] {
  const n = `(\\d{1,2}|${HOUR_WORDS[language].join('|')})`;
  return rules.map(([source, hourShift, minute]) => ({ pattern: g(source.replace('{n}', n)), hourShift, minute }));
}

function duration(language: IntakeLanguage, prefix: string, hour: string, minute: string, phrases: Record<string, number>): RegExp {
  const num = `\\d+(?:[.,]\\d+)?|${alt(Object.keys(numbersOf(language)))}`;
  const extra = `(?:\\s*(?:and |et |und |y |en )?(?<extra>\\d{1,2})(?:\\s*(?:${minute}))?)?`;
  return g(`\\b(?:${prefix})\\s+(?:(?<phrase>${alt(Object.keys(phrases))})|(?<num>${num})\\s*(?:(?<hours>${hour})${extra}|(?<minutes>${minute})))(?![a-z0-9])`);
}

function parts(rules: readonly (readonly [string, PartOfDay, boolean?])[]): PartRule[] {
  return rules.map(([source, part, today]) => ({ pattern: g(source), part, today: today === true }));
}

const DURATION_PHRASES: Readonly<Record<IntakeLanguage, Readonly<Record<string, number>>>> = {
  en: { 'half an hour': 30, 'half hour': 30, 'an hour and a half': 90, 'a quarter of an hour': 15, 'quarter of an hour': 15 },
  fr: { 'une demi heure': 30, 'une heure et demie': 90, 'un quart d\'heure': 15, 'trois quarts d\'heure': 45 },
  de: { 'einer halben stunde': 30, 'einer viertelstunde': 15, 'einer dreiviertelstunde': 45, 'anderthalb stunden': 90, 'eineinhalb stunden': 90 },
  es: { 'media hora': 30, 'una hora y media': 90, 'un cuarto de hora': 15, 'tres cuartos de hora': 45 },
  nl: { 'een half uur': 30, 'half uur': 30, 'een kwartier': 15, 'kwartier': 15, 'drie kwartier': 45, 'anderhalf uur': 90 },
};

const colon = (hour: number, minute: number): string => `${hour}:${String(minute).padStart(2, '0')}`;

/** How each intake language names times, for the default intent parser. */
export const TIME_WORDS: Readonly<Record<IntakeLanguage, TimeWords>> = {
  en: {
    greetings: g('\\bgood (?:morning|afternoon|evening|night)\\b'),
    clock: clock('en', [['\\bhalf past {n}\\b', 0, 30], ['\\b(?:a )?quarter past {n}\\b', 0, 15], ['\\b(?:a )?quarter to {n}\\b', -1, 45], ['(?<=\\b(?:at|around|by) ){n}\\b', 0, null]]),
    duration: duration('en', 'in|within', 'hours?|hrs?|h', 'minutes?|mins?|m', DURATION_PHRASES.en),
    durationPhrases: DURATION_PHRASES.en,
    numbers: numbersOf('en'),
    parts: parts([
      ['\\bthis morning\\b', 'morning', true], ['\\bthis afternoon\\b', 'afternoon', true], ['\\b(?:this evening|tonight|tonite)\\b', 'evening', true],
      ['\\b(?:in the |at |around )?(?:noon|midday|lunchtime|lunch time)\\b', 'noon'], ['\\b(?:in the )?mornings?\\b', 'morning'],
      ['\\b(?:in the )?afternoons?\\b', 'afternoon'], ['\\b(?:in the |at )?(?:evenings?|night)\\b', 'evening'],
    ]),
    days: [[g('\\b(?:the )?day after (?:tomorrow|tmrw)\\b'), 2], [g('\\bovermorrow\\b'), 2], [g('\\b(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2morrow)\\b'), 1], [g('\\btoday\\b'), 0], [g('\\byesterday\\b'), -1]],
    past: /\b(?:last|past|previous)\b/,
    clockText: colon,
  },
  fr: {
    greetings: g('\\b(?:bonne (?:journee|soiree|apres[ -]?midi|nuit)|bon apres[ -]?midi)\\b'),
    clock: clock('fr', [
      ['\\b{n} ?(?:h|heures?) et demie?\\b', 0, 30], ['\\b{n} ?(?:h|heures?) et quart\\b', 0, 15],
      ['\\b{n} ?(?:h|heures?) moins (?:le )?quart\\b', -1, 45], ['(?<=\\b(?:a|vers|pour) ){n}(?= heures?\\b)', 0, null],
      ['\\b{n} h(?: ?(\\d{2}))?(?![a-z0-9])', 0, 0],
    ]),
    duration: duration('fr', "dans|d'ici", 'heures?|h', 'minutes?|mins?|mn', DURATION_PHRASES.fr),
    durationPhrases: DURATION_PHRASES.fr,
    numbers: numbersOf('fr'),
    parts: parts([
      ['\\bce matin\\b', 'morning', true], ['\\bcet(?:te)? apres[ -]?midi\\b', 'afternoon', true], ['\\bce soir\\b', 'evening', true], ['\\bce midi\\b', 'noon', true],
      ["\\b(?:(?:dans l'|en |l'|de l'|d')\\s?)?apres[ -]?midi\\b", 'afternoon'], ['\\b(?:(?:dans la|en|le|du|au|de la) )?matin(?:ee)?\\b', 'morning'],
      ['\\b(?:(?:dans la|en|le|du|de la) )?soir(?:ee)?\\b', 'evening'], ['\\b(?:(?:a|vers) )?midi\\b', 'noon'],
    ]),
    days: [[g('\\bapres[ -]?demain\\b'), 2], [g('\\bdemain\\b'), 1], [g("\\baujourd[' ]?hui\\b"), 0], [g('\\bavant[ -]?hier\\b'), -2], [g('\\bhier\\b'), -1]],
    past: /\b(?:dernier|derniere|passe|passee)\b/,
    clockText: (hour, minute) => (minute === 0 ? `${hour}h` : `${hour}h${String(minute).padStart(2, '0')}`),
  },
  de: {
    greetings: g('\\b(?:guten (?:morgen|tag|abend)|schonen (?:abend|tag|nachmittag)|gute nacht)\\b'),
    clock: clock('de', [['\\bhalb {n}\\b', -1, 30], ['\\bviertel nach {n}\\b', 0, 15], ['\\b(?:viertel vor|dreiviertel) {n}\\b', -1, 45], ['(?<=\\b(?:um|gegen) ){n}\\b', 0, null]]),
    duration: duration('de', 'in', 'stunden?|std|h', 'minuten?|min', DURATION_PHRASES.de),
    durationPhrases: DURATION_PHRASES.de,
    numbers: numbersOf('de'),
    parts: parts([
      ['\\bheute (?:morgen|fruh|vormittag)\\b', 'morning', true], ['\\bheute mittag\\b', 'noon', true], ['\\bheute nachmittag\\b', 'afternoon', true], ['\\bheute ?abend\\b', 'evening', true],
      [`(?<=\\b(?:morgen|ubermorgen|${WEEKDAYS.de}) ?)(?:fruh|morgen|vormittag)\\b`, 'morning'], [`(?<=\\b(?:morgen|ubermorgen|${WEEKDAYS.de}) ?)mittag\\b`, 'noon'],
      [`(?<=\\b(?:morgen|ubermorgen|${WEEKDAYS.de}) ?)nachmittag\\b`, 'afternoon'], [`(?<=\\b(?:morgen|ubermorgen|${WEEKDAYS.de}) ?)abend\\b`, 'evening'],
      ['\\b(?:(?:am|jeden) morgen|morgens|(?:am |gegen )?vormittags?)\\b', 'morning'], ['\\b(?:am |gegen |zu )?mittags?\\b', 'noon'],
      ['\\b(?:am |gegen )?nachmittags?\\b', 'afternoon'], ['\\b(?:am |gegen )?abends?\\b', 'evening'],
    ]),
    days: [[g('\\bubermorgen\\b'), 2], [g('\\bmorgen\\b'), 1], [g('\\bheute\\b'), 0], [g('\\bvorgestern\\b'), -2], [g('\\bgestern\\b'), -1]],
    past: /\b(?:letzten?|letztes|vergangenen?|vorigen?)\b/,
    clockText: colon,
  },
  es: {
    greetings: g('\\b(?:buenos dias|buen dia|buenas tardes|buenas noches)\\b'),
    clock: clock('es', [['\\b{n} y media\\b', 0, 30], ['\\b{n} y cuarto\\b', 0, 15], ['\\b{n} menos cuarto\\b', -1, 45], ['(?<=\\b(?:las|la) ){n}\\b', 0, null]]),
    duration: duration('es', 'en|dentro de', 'horas?|h', 'minutos?|min', DURATION_PHRASES.es),
    durationPhrases: DURATION_PHRASES.es,
    numbers: numbersOf('es'),
    parts: parts([
      ['\\besta manana\\b', 'morning', true], ['\\besta tarde\\b', 'afternoon', true], ['\\besta noche\\b', 'evening', true], ['\\beste mediodia\\b', 'noon', true],
      ['\\b(?:por|de|en|a) la (?:manana|madrugada)\\b|(?<=\\bmanana )temprano\\b', 'morning'], ['\\b(?:por|de|en|a) la tarde\\b', 'afternoon'],
      ['\\b(?:por|de|en|a) la noche\\b', 'evening'], ['\\b(?:al |a )?mediodia\\b', 'noon'],
    ]),
    days: [[g('\\bpasado manana\\b'), 2], [g('\\bmanana\\b'), 1], [g('\\bhoy\\b'), 0], [g('\\b(?:antes de ayer|anteayer)\\b'), -2], [g('\\bayer\\b'), -1]],
    past: /\b(?:pasado|pasada|anterior)\b/,
    clockText: colon,
  },
  nl: {
    greetings: g('\\b(?:goedemorgen|goedemiddag|goedenavond|goedenacht|goede morgen|goedendag|fijne (?:avond|dag))\\b'),
    clock: clock('nl', [['\\bhalf {n}\\b', -1, 30], ['\\bkwart over {n}\\b', 0, 15], ['\\bkwart voor {n}\\b', -1, 45], ['(?<=\\b(?:om|rond|tegen) ){n}(?= uur\\b)', 0, null]]),
    duration: duration('nl', 'over|binnen', 'uur|uren|u', 'minuten|minuut|min', DURATION_PHRASES.nl),
    durationPhrases: DURATION_PHRASES.nl,
    numbers: numbersOf('nl'),
    parts: parts([
      ['\\bvan(?:ochtend|morgen)\\b', 'morning', true], ['\\bvanmiddag\\b', 'afternoon', true], ['\\bvanavond\\b', 'evening', true],
      [`(?<=\\b(?:morgen|overmorgen|${WEEKDAYS.nl}) ?)(?:ochtend|morgen)\\b`, 'morning'], [`(?<=\\b(?:morgen|overmorgen|${WEEKDAYS.nl}) ?)middag\\b`, 'afternoon'],
      [`(?<=\\b(?:morgen|overmorgen|${WEEKDAYS.nl}) ?)avond\\b`, 'evening'], ['\\btussen de middag\\b', 'noon'],
      ["(?<![a-z])'s (?:ochtends|morgens)\\b|\\b(?:in de |op de )?ochtend\\b", 'morning'], ["(?<![a-z])'s middags\\b|\\b(?:in de )?middag\\b", 'afternoon'],
      ["(?<![a-z])'s avonds\\b|\\b(?:in de |op de )?avond\\b", 'evening'],
    ]),
    days: [[g('\\bovermorgen\\b'), 2], [g('\\bmorgen\\b'), 1], [g('\\bvandaag\\b'), 0], [g('\\beergisteren\\b'), -2], [g('\\bgisteren\\b'), -1]],
    past: /\b(?:vorige|afgelopen)\b/,
    clockText: colon,
  },
};
