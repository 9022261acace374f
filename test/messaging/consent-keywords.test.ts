import { describe, expect, it } from 'vitest';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, consentKeyword } from 'tickler';

describe('consentKeyword', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['stop', 'opt-out'],
    [' Stop. ', 'opt-out'],
    ['Stop!!!', 'opt-out'],
    ['\tSTOP\n', 'opt-out'],
    ['ARRÊT', 'opt-out'],
    ['arret !', 'opt-out'],
    ['« Arrêt »', 'opt-out'],
    ['Arrêter', 'opt-out'],
    ['désinscrire', 'opt-out'],
    ['UNSUBSCRIBE', 'opt-out'],
    ['STOP ALL', 'opt-out'],
    ['stop   all', 'opt-out'],
    ['StopAll', 'opt-out'],
    ['opt-out', 'opt-out'],
    ['Opt out', 'opt-out'],
    ['OPTOUT', 'opt-out'],
    ['opt_out', 'opt-out'],
    ['cancel', 'opt-out'],
    ['End', 'opt-out'],
    ['quit.', 'opt-out'],
    ['revoke', 'opt-out'],
    ['START', 'opt-in'],
    ['start', 'opt-in'],
    ['yes', 'opt-in'],
    ['Yes!', 'opt-in'],
    ['UNSTOP', 'opt-in'],
    ['unstop', 'opt-in'],
    ['opt-in', 'opt-in'],
    ['OPTIN', 'opt-in'],
  ] as const)('%j is %s', (text, expected) => {
    expect(consentKeyword(text)).toBe(expected);
  });

  it.each([
    'please don\'t stop calling',
    'stopped',
    'stop it',
    'STOP calling me',
    'unstoppable',
    'yes please',
    'yesterday',
    'restart',
    'starting',
    'arrêtez',
    's t o p',
    '',
    '   ',
    '!!!',
    '.',
  ])('%j is not a keyword', (text) => {
    expect(consentKeyword(text)).toBeNull();
  });

  it('every listed keyword is recognised as written, in lower case and with surrounding punctuation', () => {
    for (const word of OPT_OUT_KEYWORDS) {
      expect(consentKeyword(word)).toBe('opt-out');
      expect(consentKeyword(` ${word.toLowerCase()}. `)).toBe('opt-out');
    }
    for (const word of OPT_IN_KEYWORDS) {
      expect(consentKeyword(word)).toBe('opt-in');
      expect(consentKeyword(`${word.toLowerCase()}!`)).toBe('opt-in');
    }
  });

  it('no word is both an opt-out and an opt-in keyword', () => {
    expect(OPT_OUT_KEYWORDS.filter((w) => OPT_IN_KEYWORDS.includes(w))).toEqual([]);
  });
});
