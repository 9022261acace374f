import type { ConnectorOperationKind, JsonValue } from 'tickler';
import type { AccessTokenProvider, Connector } from 'tickler/adapter';
import type { RunningDouble } from '../support/connector-double';

/**
 * How the connector crash test runs one adapter: its double, the connector pointed at a
 * double's URL, and an operation with the customer link it needs. Each adapter's test
 * folder exports one; `crash-fixtures.ts` lists them.
 */
export interface ConnectorCrashFixture {
  /** The connector's name (the adapter's default). */
  name: string;
  /** The operation to run. */
  operation: ConnectorOperationKind;
  /** The customer's link the operation needs. */
  link: Record<string, string>;
  /** Provider fields, if the operation needs some. */
  fields?: Record<string, JsonValue> | undefined;
  /** Starts the provider double. */
  startDouble(): Promise<RunningDouble>;
  /** The connector, pointed at the double at `url`, with `tokens` for credentials. */
  connector(url: string, tokens: AccessTokenProvider): Connector;
}

/** A token provider that never needs a refresh. */
export const staticTokens: AccessTokenProvider = ({ refresh }) => Promise.resolve(refresh ? 'token-2' : 'token-1');
