/**
 * Test helpers for hosts and adapter authors: the store contract suite that every
 * `Store` implementation must pass, the channel contract suite that every `Channel`
 * adapter must pass, the connector contract suite that every `Connector` adapter must
 * pass, the intent parser contract suite, and the fake clock.
 *
 * This entry imports vitest and is published as ESM only (vitest cannot be loaded with
 * `require`).
 *
 * @module tickler/testing
 */
export { runStoreContract, STORE_CONTRACT_CASES, type StoreContractOptions } from './run-store-contract';
export type { ContractCase } from '../storage/contract/contract-case';
export { customerRow, invoiceRow, messageRow, reminderRow } from '../storage/contract/fixtures';
export { tamperWithMemoryAudit } from '../storage/memory/memory-registry';
export { FakeClock, type DurationInput, type InstantInput } from '../time/fake-clock';
export { runChannelContract, CHANNEL_CONTRACT_CASES, type ChannelContractOptions } from './run-channel-contract';
export type { ChannelContractCase, ChannelContractSetup, ChannelWebhookFixture } from '../messaging/contract/channel-contract-case';
export type { ScriptedProvider, ScriptedResponse } from '../messaging/contract/scripted-provider';
export { runIntentParserContract, INTENT_PARSER_CONTRACT_CASES, type IntentParserContractCase, type IntentParserContractOptions } from '../intake/contract/intent-parser-contract';
export { automationRow, automationRunRow } from '../storage/contract/fixtures';
export { runConnectorContract, type ConnectorContractOptions } from './run-connector-contract';
export { connectorCases as CONNECTOR_CONTRACT_CASES, type ConnectorContractCase, type ConnectorContractSetup, type ContractTokens } from './connector-cases';
export type { ConnectorDouble, ConnectorScript } from '../connectors/contract/connector-double';
export { connectorOperationRow } from '../connectors/contract/connector-operation-cases';
export { runSourceContract, type SourceContractOptions } from './run-source-contract';
export { sourceCases as SOURCE_CONTRACT_CASES, type SourceContractCase, type SourceContractSetup, type SourceContractTokens } from './source-cases';
export type { DoubleCustomer, DoubleInvoice, DoubleWebhooks, SourceDouble } from '../sources/contract/source-double';
