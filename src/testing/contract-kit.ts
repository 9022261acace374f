import type { AccessTokenProvider } from '../connectors/connector';

/** Refuses a skip list naming a case that does not exist, or skipping one without a reason. */
export function checkSkips(runner: string, cases: readonly { name: string }[], skip: Record<string, string>): void {
  for (const [caseName, reason] of Object.entries(skip)) {
    if (!cases.some((c) => c.name === caseName)) throw new Error(`${runner}: no case named "${caseName}" to skip.`);
    if (reason.trim() === '') throw new Error(`${runner}: skipping "${caseName}" needs a reason.`);
  }
}

/**
 * The contract suites' token provider: `token-1`, then a new token on each refresh,
 * counting the refreshes in the returned `tokens`.
 */
export function contractTokenProvider(): { provider: AccessTokenProvider; tokens: { refreshes: number } } {
  const tokens = { refreshes: 0 };
  let issued = 1;
  const provider: AccessTokenProvider = ({ refresh }) => {
    if (refresh) {
      tokens.refreshes += 1;
      issued += 1;
    }
    return Promise.resolve(`token-${issued}`);
  };
  return { provider, tokens };
}
