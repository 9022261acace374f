import { DateTime } from 'luxon';

/** The languages tickler answers inbound messages in, and the default intent parser reads. */
export const INTAKE_LANGUAGES = ['en', 'fr', 'de', 'es', 'nl'] as const;

/** One of {@link INTAKE_LANGUAGES}. */
export type IntakeLanguage = (typeof INTAKE_LANGUAGES)[number];

/** Why the customer is asked again for a time: none was given, or the one given has passed. */
export type ClarifyReason = 'no-time' | 'past';

/** True when `language` is one of {@link INTAKE_LANGUAGES}. */
export function isIntakeLanguage(language: string): language is IntakeLanguage {
  return (INTAKE_LANGUAGES as readonly string[]).includes(language);
}

/**
 * The intake language of a BCP 47 locale: `fr-BE` is `fr`. Anything tickler does not
 * answer in, and a missing locale, is `en`, the language every reply falls back to.
 *
 * @example
 * ```ts
 * languageOf('nl-BE'); // 'nl'
 * languageOf('pt-BR'); // 'en'
 * ```
 */
export function languageOf(locale: string | null): IntakeLanguage {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isIntakeLanguage(language) ? language : 'en';
}

interface ConfirmationFormat {
  /** luxon pattern of the date part; the words in quotes are part of the sentence. */
  date: string;
  /** luxon pattern added to `date` when the day is in another year than today. */
  year: string;
  sentence: (date: string, time: string, hour: number) => string;
}

// The date pattern and the sentence are written together per language because word
// order and the article before the weekday differ ("le lundi", "am Montag", "el lunes").
const CONFIRMATIONS: Record<IntakeLanguage, ConfirmationFormat> = {
  en: { date: 'EEEE d MMMM', year: ' yyyy', sentence: (date, time) => `Done: we will call you on ${date} at ${time}.` },
  fr: { date: 'EEEE d MMMM', year: ' yyyy', sentence: (date, time) => `C'est noté : nous vous rappellerons le ${date} à ${time}.` },
  de: { date: 'EEEE, d. MMMM', year: ' yyyy', sentence: (date, time) => `Erledigt: Wir rufen Sie am ${date} um ${time} an.` },
  // Spanish says "a la 1:00" but "a las 2:00": the article agrees with the hour.
  es: { date: "EEEE d 'de' MMMM", year: " 'de' yyyy", sentence: (date, time, hour) => `Hecho: le llamaremos el ${date} ${hour === 1 || hour === 13 ? 'a la' : 'a las'} ${time}.` },
  nl: { date: 'EEEE d MMMM', year: ' yyyy', sentence: (date, time) => `Genoteerd: we bellen u op ${date} om ${time}.` },
};

/**
 * The reply confirming a reminder, with the date and time as the customer's clock shows
 * them in `zone`, on a 24-hour clock. With `now`, a day in another year than now's says
 * its year. An unknown language gets the English text.
 *
 * @example
 * ```ts
 * confirmationText('fr', new Date('2026-11-23T09:00:00Z'), 'Europe/Paris');
 * // "C'est noté : nous vous rappellerons le lundi 23 novembre à 10:00."
 * ```
 */
export function confirmationText(language: string, instant: Date, zone: string, now?: Date): string {
  const lang = isIntakeLanguage(language) ? language : 'en';
  const format = CONFIRMATIONS[lang];
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(lang);
  // A date rolled to next year ("14 March" said in November) says its year, so a customer who meant otherwise sees it.
  const otherYear = now !== undefined && DateTime.fromJSDate(now, { zone }).year !== local.year;
  return format.sentence(local.toFormat(otherYear ? format.date + format.year : format.date), local.toFormat('HH:mm'), local.hour);
}

// Each question carries an example the default parser reads, so a customer who copies
// its shape is understood.
const CLARIFICATIONS: Record<IntakeLanguage, Record<ClarifyReason, string>> = {
  en: {
    'no-time': 'When should we call you? Please reply with a day and a time, for example "call me tomorrow at 10:00".',
    past: 'That time has already passed. When should we call you instead? For example "call me tomorrow at 10:00".',
  },
  fr: {
    'no-time': 'Quand souhaitez-vous être rappelé ? Indiquez un jour et une heure, par exemple « rappelez-moi demain à 10h00 ».',
    past: 'Cette heure est déjà passée. Quand souhaitez-vous être rappelé ? Par exemple « rappelez-moi demain à 10h00 ».',
  },
  de: {
    'no-time': 'Wann dürfen wir Sie anrufen? Bitte nennen Sie einen Tag und eine Uhrzeit, zum Beispiel „Rufen Sie mich morgen um 10:00 an“.',
    past: 'Dieser Zeitpunkt ist schon vorbei. Wann dürfen wir Sie stattdessen anrufen? Zum Beispiel „Rufen Sie mich morgen um 10:00 an“.',
  },
  es: {
    'no-time': '¿Cuándo quiere que le llamemos? Indíquenos un día y una hora, por ejemplo «llámeme mañana a las 10:00».',
    past: 'Esa hora ya ha pasado. ¿Cuándo quiere que le llamemos? Por ejemplo «llámeme mañana a las 10:00».',
  },
  nl: {
    'no-time': 'Wanneer mogen we u bellen? Geef een dag en een tijd, bijvoorbeeld "bel me morgen om 10:00".',
    past: 'Dat tijdstip is al voorbij. Wanneer mogen we u dan bellen? Bijvoorbeeld "bel me morgen om 10:00".',
  },
};

/**
 * The question sent back when a reminder request cannot be scheduled: `no-time` when the
 * message gave no usable time, `past` when the time it gave has passed. An unknown
 * language gets the English text.
 */
export function clarifyText(language: string, reason: ClarifyReason): string {
  return CLARIFICATIONS[isIntakeLanguage(language) ? language : 'en'][reason];
}

const SUBJECTS: Readonly<Record<IntakeLanguage, string>> = {
  en: 'Your call-back request',
  fr: 'Votre demande de rappel',
  de: 'Ihr Rückrufwunsch',
  es: 'Su solicitud de llamada',
  nl: 'Uw terugbelverzoek',
};

/** The subject of an email reply to a call-back request. An unknown language gets the English one. */
export function replySubject(language: string): string {
  return SUBJECTS[isIntakeLanguage(language) ? language : 'en'];
}
