import { describe, expect, it } from 'vitest';
import { clarifyText, confirmationText, INTAKE_LANGUAGES, languageOf } from '../../src/intake/intake-texts';

// Monday 23 November 2026, 10:00 in Paris (CET, UTC+1).
const MONDAY_10_PARIS = new Date('2026-11-23T09:00:00Z');

describe('confirmationText', () => {
  it.each([
    ['en', 'Done: we will call you on Monday 23 November at 10:00.'],
    ['fr', "C'est noté : nous vous rappellerons le lundi 23 novembre à 10:00."],
    ['de', 'Erledigt: Wir rufen Sie am Montag, 23. November um 10:00 an.'],
    ['es', 'Hecho: le llamaremos el lunes 23 de noviembre a las 10:00.'],
    ['nl', 'Genoteerd: we bellen u op maandag 23 november om 10:00.'],
  ])('%s', (language, text) => {
    expect(confirmationText(language, MONDAY_10_PARIS, 'Europe/Paris')).toBe(text);
  });

  it('shows the time of the zone given, not of the process or UTC', () => {
    // 09:00 UTC is 18:00 the same day in Tokyo and 04:00 in New York.
    expect(confirmationText('en', MONDAY_10_PARIS, 'Asia/Tokyo')).toBe('Done: we will call you on Monday 23 November at 18:00.');
    expect(confirmationText('en', MONDAY_10_PARIS, 'America/New_York')).toBe('Done: we will call you on Monday 23 November at 04:00.');
    // 23:30 UTC on the 23rd is already Tuesday the 24th in Paris.
    expect(confirmationText('fr', new Date('2026-11-23T23:30:00Z'), 'Europe/Paris')).toBe("C'est noté : nous vous rappellerons le mardi 24 novembre à 00:30.");
  });

  it('uses a 24-hour clock', () => {
    expect(confirmationText('en', new Date('2026-11-23T14:05:00Z'), 'Europe/Paris')).toBe('Done: we will call you on Monday 23 November at 15:05.');
  });

  it('says "a la" before one o\'clock in Spanish', () => {
    expect(confirmationText('es', new Date('2026-11-23T12:30:00Z'), 'Europe/Madrid')).toBe('Hecho: le llamaremos el lunes 23 de noviembre a la 13:30.');
  });

  it('falls back to English for a language it does not know', () => {
    expect(confirmationText('pt', MONDAY_10_PARIS, 'Europe/Paris')).toBe('Done: we will call you on Monday 23 November at 10:00.');
    expect(confirmationText('', MONDAY_10_PARIS, 'Europe/Paris')).toBe('Done: we will call you on Monday 23 November at 10:00.');
  });
});

describe('clarifyText', () => {
  it('has a question for each language and reason, distinct per language', () => {
    for (const reason of ['no-time', 'past'] as const) {
      const texts = INTAKE_LANGUAGES.map((language) => clarifyText(language, reason));
      for (const text of texts) expect(text.length).toBeGreaterThan(20);
      expect(new Set(texts).size).toBe(INTAKE_LANGUAGES.length);
    }
    for (const language of INTAKE_LANGUAGES) expect(clarifyText(language, 'past')).not.toBe(clarifyText(language, 'no-time'));
  });

  it('gives an example with a time, and says a past time has passed', () => {
    expect(clarifyText('en', 'no-time')).toContain('tomorrow at 10:00');
    expect(clarifyText('en', 'past')).toContain('passed');
    expect(clarifyText('fr', 'past')).toContain('passée');
    expect(clarifyText('de', 'past')).toContain('vorbei');
    expect(clarifyText('es', 'past')).toContain('pasado');
    expect(clarifyText('nl', 'past')).toContain('voorbij');
  });

  it('falls back to English for a language it does not know', () => {
    expect(clarifyText('it', 'no-time')).toBe(clarifyText('en', 'no-time'));
    expect(clarifyText('it', 'past')).toBe(clarifyText('en', 'past'));
  });
});

describe('languageOf', () => {
  it.each([
    ['fr-BE', 'fr'],
    ['nl_BE', 'nl'],
    ['DE-ch', 'de'],
    ['es', 'es'],
    ['en-US', 'en'],
    ['pt-BR', 'en'],
    ['', 'en'],
    [null, 'en'],
  ])('%s is %s', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});
