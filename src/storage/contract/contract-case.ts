import type { Store } from '../store';

/** One check of the store contract. */
export interface ContractCase {
  /** Unique name, used as the test title and as the key of a skip list. */
  name: string;
  /** Runs the check against a fresh store; throws (an `expect` failure) when the store breaks the contract. */
  run(store: Store): Promise<void>;
}
