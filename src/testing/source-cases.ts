import type { Source } from '../sources/source';
import type { SourceDouble } from '../sources/contract/source-double';

/** What the source contract suite is given for each case. */
export interface SourceContractSetup {
  /** The source under test, pointed at `double`, built with the suite's token provider. */
  source: Source;
  /** The provider double it reads. */
  double: SourceDouble;
  /** Releases what the setup opened (servers, clients). */
  close?: (() => Promise<void>) | undefined;
}

/** The suite's token provider, as a case sees it. */
export interface SourceContractTokens {
  /** How many times a refresh was asked for. */
  refreshes: number;
}

/** One check of the source contract. */
export interface SourceContractCase {
  /** Unique name, the test title and the key of a skip list. */
  name: string;
  /** Why the case cannot apply to this source (it yields no activity, has no webhooks), or null when it applies. */
  needs?: ((source: Source, double: SourceDouble) => string | null) | undefined;
  /** Runs the check; throws when the source breaks the contract. */
  run(setup: SourceContractSetup, tokens: SourceContractTokens): Promise<void>;
}

/** The cases, in order. */
export const sourceCases: readonly SourceContractCase[] = [];
