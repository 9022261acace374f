import { afterEach, describe, it } from 'vitest';
import type { ChannelContractCase, ChannelContractSetup } from '../messaging/contract/channel-contract-case';
import { channelOutboxCases } from './channel-outbox-cases';
import { channelSendCases } from '../messaging/contract/channel-send-cases';
import { channelWebhookCases } from '../messaging/contract/channel-webhook-cases';
import { channelWebhookOutboxCases } from './channel-webhook-outbox-cases';

/** Every case of the channel contract, in the order they run. */
export const CHANNEL_CONTRACT_CASES: readonly ChannelContractCase[] = [...channelSendCases, ...channelOutboxCases, ...channelWebhookCases, ...channelWebhookOutboxCases];

/** Options of {@link runChannelContract}. */
export interface ChannelContractOptions {
  /** Cases to skip, by name, each with the reason it does not apply. A skip without a reason is refused. */
  skip?: Record<string, string> | undefined;
}

/**
 * Registers the channel contract suite with vitest. `setup` is called once per case and
 * returns the channel under test, pointed at a {@link ScriptedProvider} (a local HTTP
 * server that speaks the provider's API).
 *
 * @example
 * ```ts
 * runChannelContract('twilio sms', async () => {
 *   const provider = await startTwilioDouble();
 *   const channel = twilioSms({ accountSid: 'AC…', authToken: 'secret', from: '+15005550006', apiBaseUrl: provider.url });
 *   return { channel, provider, address: '+33612345678', close: () => provider.close() };
 * });
 * ```
 */
export function runChannelContract(name: string, setup: () => Promise<ChannelContractSetup>, options: ChannelContractOptions = {}): void {
  const skip = options.skip ?? {};
  for (const [caseName, reason] of Object.entries(skip)) {
    if (!CHANNEL_CONTRACT_CASES.some((c) => c.name === caseName)) throw new Error(`runChannelContract: no case named "${caseName}" to skip.`);
    if (reason.trim() === '') throw new Error(`runChannelContract: skipping "${caseName}" needs a reason.`);
  }
  describe(`channel contract: ${name}`, () => {
    let current: ChannelContractSetup | null = null;
    afterEach(async () => {
      const used = current;
      current = null;
      await used?.close?.();
    });
    for (const contractCase of CHANNEL_CONTRACT_CASES) {
      const reason = skip[contractCase.name];
      if (reason !== undefined) {
        it.skip(`${contractCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(contractCase.name, async () => {
        current = await setup();
        current.provider.reset();
        await contractCase.run(current);
      });
    }
  });
}
