// The contract suite is shipped in tickler/testing like the store and channel suites; it is
// the one file of src/intake that may import vitest.
import { describe, expect, it } from 'vitest';
import type { Intent, IntentContext, IntentParser } from '../intent-parser';
import { formatLocalDateTime } from '../../time/local-date-time';

/** One case of the intent parser contract. */
export interface IntentParserContractCase {
  /** Unique name, used in reports and in the `skip` option. */
  name: string;
  /** Runs the case against a fresh parser; fails by throwing (vitest `expect`). */
  run(parser: IntentParser): Promise<void>;
}

/** Options of {@link runIntentParserContract}. */
export interface IntentParserContractOptions {
  /** Cases to skip, by name, each with the reason it does not apply; a skip without a reason is refused. */
  skip?: Record<string, string> | undefined;
}

const context = (now: string, zone: string, locale: string | null = 'en-US'): IntentContext => ({ now: new Date(now), zone, locale });

async function expectReminder(parser: IntentParser, text: string, ctx: IntentContext, local: string): Promise<void> {
  const intent = await parser.parse(text, ctx);
  expect(intent.kind, `"${text}" in ${ctx.zone}`).toBe('reminder');
  if (intent.kind !== 'reminder') return;
  expect(formatLocalDateTime({ ...intent.local, second: 0, millisecond: 0 }), `"${text}" in ${ctx.zone}`).toBe(local);
  expect(intent.language).toBe('en');
}

/** Runs `fn` with the process in `zone`, restoring the previous zone afterwards. */
async function inProcessZone<T>(zone: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

// 13:00 UTC on Monday 23 November 2026 is 22:00 in Tokyo; 03:00 UTC on the 24th is still
// the 23rd (19:00) in Los Angeles: a parser that reads the UTC date gets both wrong.
const TOKYO = context('2026-11-23T13:00:00Z', 'Asia/Tokyo');
const LOS_ANGELES = context('2026-11-24T03:00:00Z', 'America/Los_Angeles');

const KINDS: readonly Intent['kind'][] = ['reminder', 'reminder-without-time', 'none'];

/** Every case of the intent parser contract, in the order they run. English only: every parser must read English. */
export const INTENT_PARSER_CONTRACT_CASES: readonly IntentParserContractCase[] = [
  {
    name: 'a request with a day and a time is that wall time in the customer zone',
    async run(parser) {
      await expectReminder(parser, 'Please call me tomorrow at 10am', TOKYO, '2026-11-24T10:00');
      await expectReminder(parser, 'Please call me tomorrow at 10am', LOS_ANGELES, '2026-11-24T10:00');
      await expectReminder(parser, 'Can you call me back on 3 December at 15:00?', TOKYO, '2026-12-03T15:00');
    },
  },
  {
    name: 'a duration counts from now on the time line',
    async run(parser) {
      await expectReminder(parser, 'call me in 2 hours', LOS_ANGELES, '2026-11-23T21:00');
      // 01:00 EDT on the night New York falls back: two hours later the clock shows 02:00 EST.
      await expectReminder(parser, 'call me in 2 hours', context('2026-11-01T05:00:00Z', 'America/New_York'), '2026-11-01T02:00');
    },
  },
  {
    name: 'a message without a request is none',
    async run(parser) {
      for (const text of ['How much do I owe?', 'Thanks!', 'ok', "I'll pay on Friday"]) {
        expect((await parser.parse(text, TOKYO)).kind, text).toBe('none');
      }
    },
  },
  {
    name: 'a request without a time is reminder-without-time',
    async run(parser) {
      const intent = await parser.parse('Please call me back', TOKYO);
      expect(intent).toEqual({ kind: 'reminder-without-time', language: 'en' });
    },
  },
  {
    name: 'the result does not depend on the process time zone',
    async run(parser) {
      const read = async (): Promise<Intent[]> => [
        await parser.parse('Please call me tomorrow at 10am', TOKYO),
        await parser.parse('Please call me tomorrow at 10am', LOS_ANGELES),
        await parser.parse('call me on Friday at 9:30am', LOS_ANGELES),
      ];
      const east = await inProcessZone('Pacific/Kiritimati', read);
      const west = await inProcessZone('America/Adak', read);
      expect(west).toEqual(east);
      expect(east[0]?.kind).toBe('reminder');
    },
  },
  {
    name: 'never throws, whatever the text',
    async run(parser) {
      const odd = ['', ' ', 'x'.repeat(10_000), `call me ${'tomorrow '.repeat(1_000)}`, '📞📞 call me 🙏', '0123456789', '9'.repeat(400), '\u0000\uD800', 'اتصل بي غدا'];
      for (const text of odd) {
        const intent = await parser.parse(text, TOKYO);
        expect(KINDS, JSON.stringify(text.slice(0, 40))).toContain(intent.kind);
      }
    },
  },
];

/**
 * Registers the intent parser contract with vitest. Call it at the top level of a test
 * file; `makeParser` is called once per case.
 *
 * @example
 * ```ts
 * import { runIntentParserContract } from 'tickler/testing';
 *
 * runIntentParserContract('llm', () => new MyLlmIntentParser(client), {
 *   skip: { 'never throws, whatever the text': 'the model rejects 10k-character prompts; the host trims first' },
 * });
 * ```
 */
export function runIntentParserContract(name: string, makeParser: () => IntentParser, options: IntentParserContractOptions = {}): void {
  const skip = options.skip ?? {};
  for (const [caseName, reason] of Object.entries(skip)) {
    if (!INTENT_PARSER_CONTRACT_CASES.some((c) => c.name === caseName)) throw new Error(`runIntentParserContract: no case named "${caseName}" to skip.`);
    if (reason.trim() === '') throw new Error(`runIntentParserContract: skipping "${caseName}" needs a reason.`);
  }
  describe(`intent parser contract: ${name}`, () => {
    for (const contractCase of INTENT_PARSER_CONTRACT_CASES) {
      const reason = skip[contractCase.name];
      if (reason !== undefined) {
        it.skip(`${contractCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(contractCase.name, () => contractCase.run(makeParser()));
    }
  });
}
