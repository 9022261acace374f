import { afterEach, beforeEach, describe, it } from 'vitest';
import type { Store } from '../storage/store';
import { auditCases } from '../audit/contract/audit-cases';
import { auditSealingCases } from '../audit/contract/audit-sealing-cases';
import { automationCases } from '../automations/contract/automation-cases';
import { connectorOperationCases } from '../connectors/contract/connector-operation-cases';
import type { ContractCase } from '../storage/contract/contract-case';
import { consentCases } from '../messaging/contract/consent-cases';
import { customerCases } from '../customers/contract/customer-cases';
import { eventCases } from '../events/contract/event-cases';
import { invoiceCases } from '../dunning/contract/invoice-cases';
import { jobCases } from '../scheduler/contract/job-cases';
import { messageCases } from '../messaging/contract/message-cases';
import { reminderCases } from '../reminders/contract/reminder-cases';
import { tenantCases } from '../tenants/contract/tenant-cases';
import { transactionCases } from '../storage/contract/transaction-cases';
import { sourceStateCases } from '../sources/contract/source-state-cases';

/** Every case of the store contract, in the order they run. */
export const STORE_CONTRACT_CASES: readonly ContractCase[] = [
  ...customerCases,
  ...reminderCases,
  ...jobCases,
  ...auditCases,
  ...auditSealingCases,
  ...eventCases,
  ...messageCases,
  ...consentCases,
  ...invoiceCases,
  ...automationCases,
  ...connectorOperationCases,
  ...sourceStateCases,
  ...tenantCases,
  ...transactionCases,
];

/** Options of {@link runStoreContract}. */
export interface StoreContractOptions {
  /**
   * Cases to skip, by name, each with the reason it does not apply. A skip without a
   * reason is refused: an unexplained skip is a hidden bug.
   */
  skip?: Record<string, string> | undefined;
  /** Called after each case with the store it used, after `close()`: drop schemas, delete files. */
  cleanup?: ((store: Store) => Promise<void> | void) | undefined;
}

/**
 * Registers the store contract suite with vitest. Call it at the top level of a test
 * file; `makeStore` is called once per case and must return an empty store.
 *
 * @example
 * ```ts
 * import { MemoryStore } from 'tickler';
 * import { runStoreContract } from 'tickler/testing';
 *
 * runStoreContract('memory', () => new MemoryStore());
 * ```
 */
export function runStoreContract(name: string, makeStore: () => Store | Promise<Store>, options: StoreContractOptions = {}): void {
  const skip = options.skip ?? {};
  for (const [caseName, reason] of Object.entries(skip)) {
    if (!STORE_CONTRACT_CASES.some((c) => c.name === caseName)) throw new Error(`runStoreContract: no case named "${caseName}" to skip.`);
    if (reason.trim() === '') throw new Error(`runStoreContract: skipping "${caseName}" needs a reason.`);
  }
  describe(`store contract: ${name}`, () => {
    let store: Store | null = null;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      if (store === null) return;
      const used = store;
      store = null;
      await used.close();
      await options.cleanup?.(used);
    });
    for (const contractCase of STORE_CONTRACT_CASES) {
      const reason = skip[contractCase.name];
      if (reason !== undefined) {
        it.skip(`${contractCase.name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(contractCase.name, async () => {
        if (store === null) throw new Error('The store was not created.');
        await contractCase.run(store);
      });
    }
  });
}
