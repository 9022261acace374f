import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChronoIntentParser } from '../../src/intake/chrono-intent-parser';
import { clarifyText, INTAKE_LANGUAGES } from '../../src/intake/intake-texts';
import type { Intent } from '../../src/intake/intent-parser';
import { formatLocalDateTime, localToFloatingMs } from '../../src/time/local-date-time';
import { instantToWallTime, wallTimeToInstant } from '../../src/time/wall-time';

/**
 * Realistic inbound messages and what a person reading them would schedule. Every
 * expected wall time below was worked out on the calendar (23 November 2026 is a Monday;
 * Europe springs forward on 28 March 2027, the US on 14 March 2027 and falls back on
 * 1 November 2026; Sydney falls back on 4 April 2027), not taken from the parser.
 */
interface Row {
  now: string;
  zone: string;
  locale: string | null;
  text: string;
  kind: Intent['kind'];
  language: string | null;
  /** The wall time expected, `YYYY-MM-DDTHH:mm`, for reminders. */
  local?: string;
  /** False when the text gives a day and the parser chooses the hour. */
  timeGiven?: boolean;
  /** For DST rows: the instant the engine makes of the wall time with tickler's DST rule. */
  utc?: string;
}

/** A customer somewhere at some instant; rows are written from their point of view. */
function customer(now: string, zone: string, locale: string | null) {
  return {
    reminder: (text: string, language: string, local: string, more: Pick<Row, 'timeGiven' | 'utc'> = {}): Row => ({ now, zone, locale, text, kind: 'reminder', language, local, ...more }),
    withoutTime: (text: string, language: string): Row => ({ now, zone, locale, text, kind: 'reminder-without-time', language }),
    none: (text: string): Row => ({ now, zone, locale, text, kind: 'none', language: null }),
  };
}

// Monday 23 November 2026 at 14:00 in Paris, Berlin, Madrid, Amsterdam, Brussels, Vienna, Zurich (UTC+1).
const MON_1300Z = '2026-11-23T13:00:00Z';
// Wednesday 25 November 2026 at 14:00 in the same zones.
const WED_1300Z = '2026-11-25T13:00:00Z';

const paris = customer(MON_1300Z, 'Europe/Paris', 'fr-FR');
const parisEn = customer(MON_1300Z, 'Europe/Paris', 'en-GB');
const london = customer('2026-11-23T14:00:00Z', 'Europe/London', 'en-GB'); // 14:00 GMT
const newYork = customer('2026-11-23T15:00:00Z', 'America/New_York', 'en-US'); // 10:00 EST
const losAngeles = customer('2026-11-23T18:30:00Z', 'America/Los_Angeles', 'en-US'); // 10:30 PST
const chicago = customer('2026-11-23T20:00:00Z', 'America/Chicago', 'en-US'); // 14:00 CST
const tokyo = customer('2026-11-23T01:00:00Z', 'Asia/Tokyo', null); // 10:00 JST, no locale known
const sydney = customer('2026-11-23T01:00:00Z', 'Australia/Sydney', 'en-AU'); // 12:00 AEDT
const auckland = customer('2026-11-22T21:00:00Z', 'Pacific/Auckland', 'en-NZ'); // Monday 10:00 NZDT
const saoPaulo = customer('2026-11-23T17:00:00Z', 'America/Sao_Paulo', 'en'); // 14:00 BRT
const kolkata = customer('2026-11-23T08:00:00Z', 'Asia/Kolkata', 'en-IN'); // 13:30 IST

const english: Row[] = [
  parisEn.reminder('Can you call me tomorrow at 10am?', 'en', '2026-11-24T10:00'),
  london.reminder('Please call me back in 2 hours', 'en', '2026-11-23T16:00'),
  // A clock time alone that has passed today means tomorrow.
  newYork.reminder('call me at 9', 'en', '2026-11-24T09:00'),
  // An explicit today that has passed stays in the past: the engine asks for a later time.
  newYork.reminder('Call me today at 9am', 'en', '2026-11-23T09:00'),
  // "Next Monday" said on a Monday is a week later; a day without a time is called at 09:00.
  losAngeles.reminder('Give me a call next Monday', 'en', '2026-11-30T09:00', { timeGiven: false }),
  tokyo.reminder('Remind me on Friday at 3pm', 'en', '2026-11-27T15:00'),
  sydney.reminder('Can you call me back on 3 December at 15:00?', 'en', '2026-12-03T15:00'),
  auckland.reminder('call me tomorrow morning please', 'en', '2026-11-24T09:00'),
  saoPaulo.reminder('Call me this evening', 'en', '2026-11-23T18:00'),
  customer('2026-11-22T23:30:00Z', 'Pacific/Auckland', 'en-NZ').reminder('Ring me in 45 minutes', 'en', '2026-11-23T13:15'),
  // A bare 1 to 6 o'clock is read as the afternoon: nobody asks for a 3 am callback.
  london.reminder('call me at 3', 'en', '2026-11-23T15:00'),
  // US English writes the month first, British English the day.
  chicago.reminder('Please call me on 12/1 at 11am', 'en', '2026-12-01T11:00'),
  london.reminder('Could you call me on 1/12 at 11:00', 'en', '2026-12-01T11:00'),
  newYork.reminder('Remind me on Wednesday', 'en', '2026-11-25T09:00', { timeGiven: false }),
  tokyo.reminder('call me in the afternoon', 'en', '2026-11-23T14:00'),
  // A part of the day without a day that has passed means tomorrow's.
  saoPaulo.reminder('call me in the morning', 'en', '2026-11-24T09:00'),
  // A date without a year that has passed this year is next year's.
  parisEn.reminder('Please call me back on 20 November at 10:00', 'en', '2027-11-20T10:00'),
  losAngeles.reminder('call me at noon', 'en', '2026-11-23T12:00'),
  customer(MON_1300Z, 'Europe/Paris', 'en-IE').reminder('Can you follow up with me the day after tomorrow at 4pm?', 'en', '2026-11-25T16:00'),
  parisEn.reminder('Remind me in 3 days', 'en', '2026-11-26T09:00', { timeGiven: false }),
  parisEn.reminder('call me tonight', 'en', '2026-11-23T18:00'),
  sydney.reminder('call me at 5:30pm tomorrow', 'en', '2026-11-24T17:30'),
  tokyo.reminder('text me tomorrow at 08:15', 'en', '2026-11-24T08:15'),
  london.reminder('call me at half past 4', 'en', '2026-11-23T16:30'),
  newYork.reminder('Please call me back on Thursday afternoon', 'en', '2026-11-26T14:00'),
  kolkata.reminder('call me in 90 minutes', 'en', '2026-11-23T15:00'),
  // The weekday named is today and its time is still ahead: today.
  newYork.reminder('call me Monday at 11', 'en', '2026-11-23T11:00'),
  // A date without a year is its next occurrence: 2 January is next year's.
  auckland.reminder('remind me on 2 January at 9:30', 'en', '2027-01-02T09:30'),
  // The message language wins over the locale when only its keywords match.
  paris.reminder('Please call me tomorrow at 10', 'en', '2026-11-24T10:00'),
];

const french: Row[] = [
  paris.reminder('Rappelez-moi demain à 10h', 'fr', '2026-11-24T10:00'),
  paris.reminder('Pouvez-vous me rappeler le 3 décembre à 15h ?', 'fr', '2026-12-03T15:00'),
  paris.reminder('rappelez-moi dans 3 heures svp', 'fr', '2026-11-23T17:00'),
  // "Lundi" said on Monday afternoon: next Monday.
  customer(MON_1300Z, 'Europe/Brussels', 'fr-BE').reminder('Rappelez-moi lundi', 'fr', '2026-11-30T09:00', { timeGiven: false }),
  paris.reminder('Appelez-moi vendredi à 9h30', 'fr', '2026-11-27T09:30'),
  customer('2026-11-23T10:00:00Z', 'Europe/Paris', 'fr-FR').reminder('Vous pouvez me rappeler cet après-midi ?', 'fr', '2026-11-23T14:00'),
  customer('2026-11-23T15:00:00Z', 'America/Toronto', 'fr-CA').reminder('Rappelle-moi à 15h30', 'fr', '2026-11-23T15:30'),
  paris.reminder('Vous pourriez me rappeler après-demain matin ?', 'fr', '2026-11-25T09:00'),
  paris.reminder('rappelez-moi à 9h', 'fr', '2026-11-24T09:00'),
  paris.reminder("Rappelez-moi aujourd'hui à 9h", 'fr', '2026-11-23T09:00'),
  customer(WED_1300Z, 'Europe/Paris', 'fr-FR').reminder('Merci de me recontacter lundi prochain à 11h', 'fr', '2026-11-30T11:00'),
  paris.reminder('rappelez-moi ce soir vers 19h', 'fr', '2026-11-23T19:00'),
  paris.reminder('Relancez-moi le 02/12 à 11h', 'fr', '2026-12-02T11:00'),
  customer('2026-11-23T01:00:00Z', 'Pacific/Noumea', 'fr-NC').reminder('Rappelez-moi demain à midi', 'fr', '2026-11-24T12:00'),
  // A Belgian customer with a Dutch locale writing in French.
  customer(MON_1300Z, 'Europe/Brussels', 'nl-BE').reminder('Pouvez-vous me rappeler demain matin ?', 'fr', '2026-11-24T09:00'),
];

const german: Row[] = [
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich morgen um 10 Uhr an', 'de', '2026-11-24T10:00'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Bitte rufen Sie mich morgen früh an', 'de', '2026-11-24T09:00'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Erinnern Sie mich in 20 Minuten', 'de', '2026-11-23T14:20'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Können Sie mich am 3. Dezember um 15 Uhr zurückrufen?', 'de', '2026-12-03T15:00'),
  customer(MON_1300Z, 'Europe/Vienna', 'de-AT').reminder('Bitte um Rückruf am Donnerstag Nachmittag', 'de', '2026-11-26T14:00'),
  // "Halb 3" is half an hour before 3, read in the afternoon.
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich um halb 3 an', 'de', '2026-11-23T14:30'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich heute Abend an', 'de', '2026-11-23T18:00'),
  customer(MON_1300Z, 'Europe/Zurich', 'de-CH').reminder('Rufen Sie mich übermorgen Vormittag an', 'de', '2026-11-25T09:00'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rückruf bitte am 03.12. um 10 Uhr', 'de', '2026-12-03T10:00'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich um 9 Uhr an', 'de', '2026-11-24T09:00'),
  customer(WED_1300Z, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich nächsten Montag an', 'de', '2026-11-30T09:00', { timeGiven: false }),
  customer('2026-11-23T17:00:00Z', 'America/Sao_Paulo', 'de-DE').reminder('Rufen Sie mich in einer halben Stunde an', 'de', '2026-11-23T14:30'),
];

const spanish: Row[] = [
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Llámeme mañana a las 10', 'es', '2026-11-24T10:00'),
  // "Mañana por la mañana": tomorrow, in the morning.
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('¿Me puede llamar mañana por la mañana?', 'es', '2026-11-24T09:00'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Recuérdame en 2 horas', 'es', '2026-11-23T16:00'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Llámeme el 3 de diciembre a las 15:00', 'es', '2026-12-03T15:00'),
  customer('2026-11-23T20:00:00Z', 'America/Mexico_City', 'es-MX').reminder('llámame a las 5 de la tarde', 'es', '2026-11-23T17:00'),
  customer('2026-11-23T17:00:00Z', 'America/Argentina/Buenos_Aires', 'es-AR').reminder('Llamame el viernes por la tarde', 'es', '2026-11-27T14:00'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Llámeme pasado mañana a las 9 y media', 'es', '2026-11-25T09:30'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Llámame esta noche', 'es', '2026-11-23T18:00'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').reminder('Llámeme a las 10 de la mañana', 'es', '2026-11-24T10:00'),
  customer(WED_1300Z, 'Europe/Madrid', 'es-ES').reminder('¿Pueden llamarme el lunes?', 'es', '2026-11-30T09:00', { timeGiven: false }),
  customer('2026-11-23T15:00:00Z', 'America/Bogota', 'es-CO').reminder('Recuérdeme el 1 de diciembre a las 8:00', 'es', '2026-12-01T08:00'),
];

const dutch: Row[] = [
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me morgen om 10 uur', 'nl', '2026-11-24T10:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Kunt u mij morgenochtend terugbellen?', 'nl', '2026-11-24T09:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Herinner me over 2 uur', 'nl', '2026-11-23T16:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Kunt u mij op 3 december om 15:00 bellen?', 'nl', '2026-12-03T15:00'),
  // "Half 4" is half an hour before 4.
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me om half 4', 'nl', '2026-11-23T15:30'),
  customer(MON_1300Z, 'Europe/Brussels', 'nl-BE').reminder('Gelieve mij vrijdagmiddag terug te bellen', 'nl', '2026-11-27T14:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me vanavond', 'nl', '2026-11-23T18:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Kunt u me overmorgen om 11 uur bellen?', 'nl', '2026-11-25T11:00'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me op 2-12 om 9.30 uur', 'nl', '2026-12-02T09:30'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me om 9 uur', 'nl', '2026-11-24T09:00'),
  customer(WED_1300Z, 'Europe/Amsterdam', 'nl-NL').reminder('Kunt u maandag contact met mij opnemen?', 'nl', '2026-11-30T09:00', { timeGiven: false }),
  customer('2026-11-23T17:00:00Z', 'America/Paramaribo', 'nl-SR').reminder('Herinner mij morgen om 8 uur', 'nl', '2026-11-24T08:00'),
];

const dst: Row[] = [
  // New York springs forward at 02:00 on 14 March 2027: 02:30 does not exist and becomes 03:30 EDT.
  customer('2027-03-13T20:00:00Z', 'America/New_York', 'en-US').reminder('call me tomorrow at 2:30am', 'en', '2027-03-14T02:30', { utc: '2027-03-14T07:30:00.000Z' }),
  // Twelve hours from 15:00 EST is 04:00 EDT, not 03:00: the hour skipped is not counted twice.
  customer('2027-03-13T20:00:00Z', 'America/New_York', 'en-US').reminder('call me in 12 hours', 'en', '2027-03-14T04:00', { utc: '2027-03-14T08:00:00.000Z' }),
  // New York falls back at 02:00 on 1 November 2026: 01:30 happens twice and the earlier (EDT) is taken.
  customer('2026-10-31T16:00:00Z', 'America/New_York', 'en-US').reminder('call me tomorrow at 1:30am', 'en', '2026-11-01T01:30', { utc: '2026-11-01T05:30:00.000Z' }),
  // Two hours from 01:00 EDT on the fall-back night is 02:00 EST (the clock shows only one hour more).
  customer('2026-11-01T05:00:00Z', 'America/New_York', 'en-US').reminder('call me in 2 hours', 'en', '2026-11-01T02:00', { utc: '2026-11-01T07:00:00.000Z' }),
  // Sydney falls back at 03:00 on 4 April 2027: 02:30 happens twice, the earlier is AEDT.
  customer('2027-04-03T01:00:00Z', 'Australia/Sydney', 'en-AU').reminder('call me tomorrow at 2:30am', 'en', '2027-04-04T02:30', { utc: '2027-04-03T15:30:00.000Z' }),
  // Paris springs forward at 02:00 on 28 March 2027: 02:30 becomes 03:30 CEST.
  customer('2027-03-27T10:00:00Z', 'Europe/Paris', 'fr-FR').reminder('Rappelez-moi demain à 2h30 du matin', 'fr', '2027-03-28T02:30', { utc: '2027-03-28T01:30:00.000Z' }),
  // Three hours from 00:30 CET that night is 04:30 CEST.
  customer('2027-03-27T23:30:00Z', 'Europe/Paris', 'fr-FR').reminder('rappelez-moi dans 3 heures', 'fr', '2027-03-28T04:30', { utc: '2027-03-28T02:30:00.000Z' }),
  customer('2027-03-27T10:00:00Z', 'Europe/Berlin', 'de-DE').reminder('Erinnern Sie mich morgen um 02:30', 'de', '2027-03-28T02:30', { utc: '2027-03-28T01:30:00.000Z' }),
];

// Dates written with a month name, with and without a year, on Wednesday 18 November 2026
// (15:00 UTC), in both hemispheres and next to their DST transitions (worked out on the
// calendar: New York springs forward on 14 March 2027, Paris, Berlin and Amsterdam on
// 28 March, Sydney falls back on 4 April and springs forward on 3 October, Santiago falls
// back at midnight on 3/4 April and springs forward at midnight on 4/5 September).
const WED_18 = '2026-11-18T15:00:00Z';
const newYorkEn = customer(WED_18, 'America/New_York', 'en');
const explicitDates: Row[] = [
  // The reported case: the date was dropped and the reminder landed the next morning.
  // 02:30 does not exist that night; the engine's gap rule makes it 03:30 EDT.
  newYorkEn.reminder('remind me on March 14 at 2:30am', 'en', '2027-03-14T02:30', { utc: '2027-03-14T07:30:00.000Z' }),
  customer(WED_18, 'America/New_York', 'en-US').reminder('remind me on March 14 at 2:30am', 'en', '2027-03-14T02:30', { utc: '2027-03-14T07:30:00.000Z' }),
  customer(WED_18, 'America/New_York', null).reminder('Call me March 14th', 'en', '2027-03-14T09:00', { timeGiven: false }),
  newYorkEn.reminder('Please call me on Mar. 14 at 10am', 'en', '2027-03-14T10:00'),
  // Passed this year (10 November): the next one.
  newYorkEn.reminder('call me on November 10 at 4pm', 'en', '2027-11-10T16:00'),
  customer(WED_18, 'Europe/London', 'en-GB').reminder('Could you call me on 14 March 2027 at 10:00?', 'en', '2027-03-14T10:00'),
  // A year written is kept, past or not (the engine then asks for a later time).
  customer(WED_18, 'Europe/London', 'en-GB').reminder('call me on 14 March 2026 at 10:00', 'en', '2026-03-14T10:00'),
  // Today's date is not "passed": it stays today.
  customer(WED_18, 'Europe/London', 'en-GB').reminder('call me on 18 November at 5pm', 'en', '2026-11-18T17:00'),
  // Sydney springs forward at 02:00 on 3 October 2027: 02:30 becomes 03:30 AEDT.
  customer(WED_18, 'Australia/Sydney', 'en-AU').reminder('call me on 3 October at 2:30am', 'en', '2027-10-03T02:30', { utc: '2027-10-02T16:30:00.000Z' }),
  // Sydney falls back at 03:00 on 4 April 2027: 02:30 happens twice, the earlier is AEDT.
  customer(WED_18, 'Australia/Sydney', 'en-AU').reminder('Ring me on April 4 at 2:30am', 'en', '2027-04-04T02:30', { utc: '2027-04-03T15:30:00.000Z' }),

  customer(WED_18, 'Europe/Paris', 'fr-FR').reminder('Rappelez-moi le 14 mars', 'fr', '2027-03-14T09:00', { timeGiven: false }),
  customer(WED_18, 'Europe/Paris', 'fr-FR').reminder('Rappelez-moi le 14 mars 2027 à 10h', 'fr', '2027-03-14T10:00'),
  customer(WED_18, 'Europe/Paris', 'fr-FR').reminder('rappelez-moi le 10 novembre à 11h', 'fr', '2027-11-10T11:00'),
  customer(WED_18, 'Europe/Paris', 'fr-FR').reminder('Rappelez-moi le 28 mars à 2h30 du matin', 'fr', '2027-03-28T02:30', { utc: '2027-03-28T01:30:00.000Z' }),

  customer(WED_18, 'Europe/Berlin', 'de-DE').reminder('Erinnern Sie mich am 14. März', 'de', '2027-03-14T09:00', { timeGiven: false }),
  customer(WED_18, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich am 14. März 2027 um 10 Uhr an', 'de', '2027-03-14T10:00'),
  customer(WED_18, 'Europe/Berlin', 'de-DE').reminder('Erinnern Sie mich am 10. November um 11 Uhr', 'de', '2027-11-10T11:00'),
  customer(WED_18, 'Europe/Berlin', 'de-DE').reminder('Rufen Sie mich am 28. März um 02:30 an', 'de', '2027-03-28T02:30', { utc: '2027-03-28T01:30:00.000Z' }),

  customer(WED_18, 'Europe/Madrid', 'es-ES').reminder('Recuérdeme el 14 de marzo', 'es', '2027-03-14T09:00', { timeGiven: false }),
  customer(WED_18, 'Europe/Madrid', 'es-ES').reminder('Llámeme el 14 de marzo de 2027 a las 10', 'es', '2027-03-14T10:00'),
  customer(WED_18, 'Europe/Madrid', 'es-ES').reminder('Llámeme el 10 de noviembre a las 11', 'es', '2027-11-10T11:00'),
  // Santiago springs forward at midnight on 5 September 2027: 00:30 becomes 01:30 -03.
  customer(WED_18, 'America/Santiago', 'es-CL').reminder('Llámeme el 5 de septiembre a las 00:30', 'es', '2027-09-05T00:30', { utc: '2027-09-05T04:30:00.000Z' }),
  // Santiago falls back at midnight on 3/4 April 2027: 23:30 on the 3rd happens twice, the earlier is -03.
  customer(WED_18, 'America/Santiago', 'es-CL').reminder('Llámeme el 3 de abril a las 23:30', 'es', '2027-04-03T23:30', { utc: '2027-04-04T02:30:00.000Z' }),

  customer(WED_18, 'Europe/Amsterdam', 'nl-NL').reminder('Herinner me op 14 maart', 'nl', '2027-03-14T09:00', { timeGiven: false }),
  customer(WED_18, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me op 14 maart 2027 om 10 uur', 'nl', '2027-03-14T10:00'),
  customer(WED_18, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me op 10 november om 11 uur', 'nl', '2027-11-10T11:00'),
  customer(WED_18, 'Europe/Amsterdam', 'nl-NL').reminder('Bel me op 28 maart om 02:30', 'nl', '2027-03-28T02:30', { utc: '2027-03-28T01:30:00.000Z' }),

  // A date the parser saw but cannot place is a question, never a reminder on another day.
  newYorkEn.withoutTime('Call me on February 30 at 10am', 'en'),
  newYorkEn.withoutTime('call me in March at 10am', 'en'),
  customer(WED_18, 'Europe/Paris', 'fr-FR').withoutTime('Rappelez-moi le 31 avril à 10h', 'fr'),
  customer(WED_18, 'Europe/Berlin', 'de-DE').withoutTime('Rufen Sie mich im März um 10 Uhr an', 'de'),
  customer(WED_18, 'Europe/Madrid', 'es-ES').withoutTime('Llámeme el 30 de febrero a las 10', 'es'),
  customer(WED_18, 'Europe/Amsterdam', 'nl-NL').withoutTime('Bel me in maart om 10 uur', 'nl'),
];

const withoutTime: Row[] = [
  parisEn.withoutTime('Please call me back', 'en'),
  london.withoutTime('Good morning, could you call me back?', 'en'),
  // "Today" with no time, after the hour the parser would pick: it asks instead of guessing.
  newYork.withoutTime('call me today', 'en'),
  paris.withoutTime('Rappelez-moi svp', 'fr'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').withoutTime('Bitte um Rückruf', 'de'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').withoutTime('¿Me pueden llamar?', 'es'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').withoutTime('Kunt u mij terugbellen?', 'nl'),
];

const noIntent: Row[] = [
  parisEn.none('How much do I owe?'),
  parisEn.none('Thanks!'),
  parisEn.none('ok'),
  parisEn.none(''),
  newYork.none("I'll pay on Friday"),
  london.none('Good morning'),
  newYork.none("Don't call me tomorrow, I'm at work"),
  paris.none('Je paierai vendredi'),
  paris.none('Merci beaucoup'),
  paris.none("Ne m'appelez pas demain"),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').none('Danke, ich habe gestern bezahlt'),
  customer(MON_1300Z, 'Europe/Berlin', 'de-DE').none('Ich zahle morgen'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').none('Gracias'),
  customer(MON_1300Z, 'Europe/Madrid', 'es-ES').none('Pagaré el lunes'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').none('Bedankt, ik heb betaald'),
  customer(MON_1300Z, 'Europe/Amsterdam', 'nl-NL').none('Ik betaal morgen'),
];

const CORPUS: readonly Row[] = [...english, ...french, ...german, ...spanish, ...dutch, ...dst, ...explicitDates, ...withoutTime, ...noIntent];

describe('intent corpus: its shape', () => {
  it('covers enough messages, languages and zones', () => {
    const reminders = CORPUS.filter((r) => r.kind === 'reminder');
    expect(CORPUS.length).toBeGreaterThanOrEqual(70);
    expect(reminders.length).toBeGreaterThanOrEqual(60);
    for (const language of ['fr', 'de', 'es', 'nl']) expect(reminders.filter((r) => r.language === language).length).toBeGreaterThanOrEqual(8);
    expect(noIntent.length).toBeGreaterThanOrEqual(10);
    // Zones on both sides of UTC: the wall clock is ahead of UTC for some rows, behind for others.
    const sides = new Set(CORPUS.map((r) => Math.sign(localToFloatingMs(instantToWallTime(new Date(r.now), r.zone)) - Date.parse(r.now))));
    expect(sides).toEqual(new Set([-1, 0, 1]));
  });
});

// Rows are run with the process in zones far apart (UTC+14 and UTC-10/-9, with DST) to
// show the parser never reads the process zone.
const PROCESS_ZONES = [
  { zone: 'Pacific/Kiritimati', offsetInNovember: -840 },
  { zone: 'America/Adak', offsetInNovember: 600 },
] as const;

describe.each(PROCESS_ZONES)('intent corpus, process zone $zone', ({ zone: processZone, offsetInNovember }) => {
  const parser = new ChronoIntentParser();
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.TZ;
    process.env.TZ = processZone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('really runs in that zone', () => {
    expect(new Date(Date.UTC(2026, 10, 23)).getTimezoneOffset()).toBe(offsetInNovember);
  });

  it.each(CORPUS)('$zone $locale: $text', async (row) => {
    const intent = await parser.parse(row.text, { now: new Date(row.now), zone: row.zone, locale: row.locale });
    expect(intent.kind).toBe(row.kind);
    if (row.kind !== 'none') expect(intent.language).toBe(row.language);
    if (intent.kind !== 'reminder') return;
    expect(formatLocalDateTime(intent.local)).toBe(row.local);
    expect(intent.timeGiven).toBe(row.timeGiven ?? true);
    expect(intent.matched.length).toBeGreaterThan(0);
    expect(row.text).toContain(intent.matched);
    if (row.utc !== undefined) expect(wallTimeToInstant(intent.local, row.zone).toISOString()).toBe(row.utc);
  });
});

describe('intent corpus: around the process zone', () => {
  it("reads a customer whose clock shows a time the process zone skips", async () => {
    // 02:30 UTC on 14 March 2027 is 02:30 in London, a wall time New York skips that night.
    const ctx = { now: new Date('2027-03-14T02:30:00Z'), zone: 'Europe/London', locale: 'en-GB' };
    const parser = new ChronoIntentParser();
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const bare = await parser.parse('call me at 9', ctx);
      const tomorrow = await parser.parse('call me tomorrow at 10', ctx);
      const weekday = await parser.parse('call me on Tuesday', ctx);
      expect(bare.kind === 'reminder' && formatLocalDateTime(bare.local)).toBe('2027-03-14T09:00');
      expect(tomorrow.kind === 'reminder' && formatLocalDateTime(tomorrow.local)).toBe('2027-03-15T10:00');
      expect(weekday.kind === 'reminder' && formatLocalDateTime(weekday.local)).toBe('2027-03-16T09:00');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('intent corpus: the examples of the clarifying questions', () => {
  it.each(INTAKE_LANGUAGES)('%s: the example is understood', async (language) => {
    const example = /["«„]\s*([^"»“]+?)\s*["»“]/.exec(clarifyText(language, 'no-time'))?.[1];
    expect(example).toBeDefined();
    const intent = await new ChronoIntentParser().parse(example ?? '', { now: new Date(MON_1300Z), zone: 'Europe/Paris', locale: null });
    expect(intent.kind === 'reminder' && [intent.language, formatLocalDateTime(intent.local)]).toEqual([language, '2026-11-24T10:00']);
  });
});
