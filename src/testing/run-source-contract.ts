import { afterEach, describe, it } from 'vitest';
import type { AccessTokenProvider } from '../connectors/connector';
import { checkSkips, contractTokenProvider } from './contract-kit';
import { sourceCases, type SourceContractSetup } from './source-cases';

/** Options of {@link runSourceContract}. */
export interface SourceContractOptions {
  /** Cases to skip, by name, each with the reason it does not apply. A skip without a reason is refused. */
  skip?: Record<string, string> | undefined;
}

/**
 * Registers the source contract suite with vitest. `setup` is called once per case with
 * the suite's token provider (it hands out `token-1`, and a new token on each refresh) and
 * returns the source under test, built with that provider and pointed at a
 * {@link SourceDouble} (a local HTTP server that speaks the provider's API). Each case
 * runs through a real engine (MemoryStore, FakeClock): the initial load, incremental
 * changes, a replayed page, a crash between fetch and cursor commit, a rate limit and a
 * server error retried, a refused token refreshed, a voided invoice ending its dunning,
 * exact minor units (JPY, BHD), bad records reported one by one, and, where the source
 * has them, re-reads, failed payments, activity and webhooks. A case about a kind of
 * change the source does not yield is skipped with that reason.
 *
 * @example
 * ```ts
 * runSourceContract('quickbooks', async (tokens) => {
 *   const double = await startQuickBooksDouble();
 *   const source = quickbooksSource({ baseUrl: double.url, realmId: '9130', accessToken: tokens });
 *   return { source, double, close: () => double.close() };
 * });
 * ```
 */
export function runSourceContract(name: string, setup: (tokens: AccessTokenProvider) => Promise<SourceContractSetup>, options: SourceContractOptions = {}): void {
  const skip = options.skip ?? {};
  checkSkips('runSourceContract', sourceCases, skip);
  describe(`source contract: ${name}`, () => {
    let current: SourceContractSetup | null = null;
    afterEach(async () => {
      const used = current;
      current = null;
      await used?.close?.();
    });
    for (const contractCase of sourceCases) {
      const reason = skip[contractCase.name];
      if (reason !== undefined) {
        it.skip(`${contractCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(contractCase.name, async (context) => {
        const { provider, tokens } = contractTokenProvider();
        current = await setup(provider);
        current.double.reset();
        const missing = contractCase.needs?.(current.source, current.double) ?? null;
        if (missing !== null) {
          context.skip(missing);
          return;
        }
        await contractCase.run(current, tokens);
      });
    }
  });
}
