/** Words that opt a customer out when they are the whole message (Twilio's and carriers' list, plus French ARRET). */
export const OPT_OUT_KEYWORDS: readonly string[] = ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'OPT OUT', 'REVOKE', 'ARRET', 'ARRETER', 'DESINSCRIRE'];

/** Words that opt a customer back in when they are the whole message. */
export const OPT_IN_KEYWORDS: readonly string[] = ['START', 'UNSTOP', 'YES', 'OPTIN', 'OPT IN'];

/** Upper case, no accents, no surrounding punctuation, single spaces, hyphens as spaces. */
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[-_]/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/**
 * Whether an inbound text is a consent keyword. Only a message that is the keyword
 * alone counts ("Stop", "ARRÊT !"), so "please don't stop calling" is an ordinary message.
 */
export function consentKeyword(text: string): 'opt-out' | 'opt-in' | null {
  const word = normalize(text);
  if (OPT_OUT_KEYWORDS.includes(word)) return 'opt-out';
  if (OPT_IN_KEYWORDS.includes(word)) return 'opt-in';
  return null;
}
