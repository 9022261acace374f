/**
 * Test helpers for hosts and adapter authors: the store contract suite that every
 * `Store` implementation must pass, and the fake clock.
 *
 * This entry imports vitest and is published as ESM only (vitest cannot be loaded with
 * `require`).
 *
 * @module tickler/testing
 */
export { runStoreContract, STORE_CONTRACT_CASES, type StoreContractOptions } from '../storage/contract/run-store-contract';
export type { ContractCase } from '../storage/contract/contract-case';
export { customerRow, reminderRow } from '../storage/contract/fixtures';
export { FakeClock, type DurationInput, type InstantInput } from '../time/fake-clock';
