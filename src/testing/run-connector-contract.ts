import { afterEach, describe, it } from 'vitest';
import type { AccessTokenProvider } from '../connectors/connector';
import { checkSkips, contractTokenProvider } from './contract-kit';
import { connectorCases, type ConnectorContractSetup } from './connector-cases';

/** Options of {@link runConnectorContract}. */
export interface ConnectorContractOptions {
  /** Cases to skip, by name, each with the reason it does not apply. A skip without a reason is refused. */
  skip?: Record<string, string> | undefined;
}

/**
 * Registers the connector contract suite with vitest. `setup` is called once per case
 * with the suite's token provider (it hands out `token-1`, and a new token on each
 * refresh) and returns the connector under test, built with that provider and pointed at
 * a {@link ConnectorDouble} (a local HTTP server that speaks the provider's API). The
 * suite runs each case through a real engine (MemoryStore, FakeClock): success, a retry
 * after a dropped response, a rate limit, a server error, a token refresh, credentials
 * refused twice, a request refused, a cause that went away, a customer without a link.
 *
 * @example
 * ```ts
 * runConnectorContract('salesforce', async (tokens) => {
 *   const double = await startSalesforceDouble();
 *   const connector = salesforceConnector({ instanceUrl: double.url, accessToken: tokens });
 *   return { connector, double, operation: 'task', link: { accountId: '001000000000001AAA' }, close: () => double.close() };
 * });
 * ```
 */
export function runConnectorContract(name: string, setup: (tokens: AccessTokenProvider) => Promise<ConnectorContractSetup>, options: ConnectorContractOptions = {}): void {
  const skip = options.skip ?? {};
  checkSkips('runConnectorContract', connectorCases, skip);
  describe(`connector contract: ${name}`, () => {
    let current: ConnectorContractSetup | null = null;
    afterEach(async () => {
      const used = current;
      current = null;
      await used?.close?.();
    });
    for (const contractCase of connectorCases) {
      const reason = skip[contractCase.name];
      if (reason !== undefined) {
        it.skip(`${contractCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(contractCase.name, async () => {
        const { provider, tokens } = contractTokenProvider();
        current = await setup(provider);
        current.double.reset();
        await contractCase.run(current, tokens);
      });
    }
  });
}
