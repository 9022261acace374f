/**
 * What an adapter author builds on: the ports (store repositories, channel, intent
 * parser, clock, logger) with their MUST-worded guarantees, the errors an adapter
 * throws, the store kit every tickler store is built on (memory tables, list orders,
 * the session guard), and the helpers the bundled adapters share (waiting under an
 * abort signal, backoff, `Retry-After`, zod boundaries, delivery ids). Every adapter in
 * tickler's own repository imports only this entry and `tickler`; the contract suites
 * that check an adapter are in `tickler/testing`.
 *
 * See `adapters/README.md` for how to write a store, a channel or a connector.
 *
 * @module tickler/adapter
 */

// Ports and their value types.
export type { Store, StoreSession, TransactionOptions, WakeupListener } from './storage/store';
export { CUSTOMER_LIST_FILTER, CUSTOMER_LIST_ORDER, customerSortKey, type CustomerListFilter, type CustomerListPosition, type CustomerRepository, type RemovedCustomer } from './customers/customer-repository';
export type { ActivityRepository } from './customers/activity-repository';
export { REMINDER_LIST_FILTER, REMINDER_LIST_ORDER, type ReminderFiring, type ReminderListFilter, type ReminderRepository, type ReminderUpdate } from './reminders/reminder-repository';
export { MESSAGE_LIST_FILTER, MESSAGE_LIST_ORDER, type MessageListFilter, type MessageListPosition, type MessageRepository } from './messaging/message-repository';
export type { ConsentRepository } from './messaging/consent-repository';
export type { TemplateRepository } from './messaging/template-repository';
export { INVOICE_LIST_FILTER, INVOICE_LIST_ORDER, type InvoiceListFilter, type InvoiceRepository, type InvoiceUpdate } from './dunning/invoice-repository';
export type { DunningPolicyRepository } from './dunning/dunning-policy-repository';
export type { DunningAssignmentRepository } from './dunning/dunning-assignment-repository';
export type { AuditRepository } from './audit/audit-repository';
export type { EventRecordRepository } from './events/event-record-repository';
export type { AutomationRepository } from './automations/automation-repository';
export { AUTOMATION_RUN_LIST_FILTER, AUTOMATION_RUN_LIST_ORDER, type AutomationRunListFilter, type AutomationRunRepository } from './automations/automation-run-repository';
export type { TenantRepository } from './tenants/tenant-repository';
export type { Job } from './scheduler/job';
export { deliveryIdOf, type ClaimRequest, type ClaimedJob, type JobRepository, type JobSchedule, type JobSettlement } from './scheduler/job-repository';
export type { Channel, OutboundMessage, SendOptions, SendResult } from './messaging/channels/channel';
export type { ChannelWebhookEvent, ChannelWebhooks, DeliveryReceipt, DeliveryStatus, InboundReply, WebhookReadOptions, WebhookReading, WebhookRequest, WebhookResponse } from './messaging/channels/channel-webhooks';
export { isWebhookRefusedError, WebhookRefusedError, type WebhookRefusal } from './messaging/channels/webhook-refused-error';
export { signaturesEqual, webhookBodyBytes, webhookBodyText, webhookHeader } from './messaging/channels/webhook-request-helpers';
export type { AccessTokenProvider, Connector, ConnectorCustomer, ConnectorFieldProblem, ConnectorRequest, ConnectorResult, ConnectorRunOptions } from './connectors/connector';
export { CONNECTOR_OPERATION_LIST_FILTER, CONNECTOR_OPERATION_LIST_ORDER, type ConnectorOperationListFilter, type ConnectorOperationListPosition, type ConnectorOperationRepository } from './connectors/connector-operation-repository';
export type { Source, SourceActivityChange, SourceAmount, SourceCallOptions, SourceChange, SourceChangeType, SourceCustomerChange, SourceDecimalAmount, SourceInvoiceChange, SourceInvoicesRead, SourceInvoicesRequest, SourceMinorAmount, SourcePage, SourcePaymentChange, SourcePaymentFailureChange, SourcePullRequest, SourceWebhookReading, SourceWebhooks } from './sources/source';
export { SourceError, SourceRecordError, isSourceError, sourceErrorForStatus, type SourceErrorOptions, type SourceRecordRef } from './sources/source-error';
export type { SourceStateRepository } from './sources/source-state-repository';
export type { InboundMessageInput } from './messaging/inbound/inbound-message';
export type { Intent, IntentContext, IntentParser } from './intake/intent-parser';
export type { Clock } from './time/clock';
export { SystemClock } from './time/system-clock';
export { silentLogger, type Logger } from './logging/logger';

// Errors an adapter throws or recognises.
export { TicklerError, ValidationError, isTicklerError, type ValidationIssue } from './errors';
export { ChannelError, isChannelError, parseRetryAfter, type ChannelErrorOptions } from './messaging/channels/channel-error';
export { ConnectorError, connectorErrorForStatus, isConnectorError, type ConnectorErrorOptions } from './connectors/connector-error';
export { ProviderFailure, type ProviderFailureOptions } from './http/provider-failure';

// The store kit.
export { Journal } from './storage/kit/journal';
export { MemoryTable, type MemoryTableSpec, type TenantRow } from './storage/kit/memory-table';
export { byId, compareBy, compareText, isAfter, orderValues, page, type IdentifiedRow, type ListOrder, type OrderKey } from './storage/kit/list-order';
export { filterConditions, matchesFilter, meets, type FilterCondition, type FilterOp, type FilterRule, type FilterRules } from './storage/kit/list-filter';
export type { RepositoryBasics } from './storage/kit/repository-basics';
export { autoTransaction, guardSession, type Repositories } from './storage/kit/session-guard';
export { STORE_REPOSITORIES, StoreBase } from './storage/kit/store-base';
export { AUDIT_GENESIS_HASH, auditEntryHash, auditEntryHashOfParts, auditEntryParts, type AuditEntryParts } from './audit/audit-hash';

// Helpers.
export { AbortedWhileWaiting, untilAborted } from './messaging/channels/until-aborted';
export type { FetchResponseLike } from './http/fetch-response';
export { backoffDelay, retryDelay } from './scheduler/backoff';
export { parseInput } from './runtime/parse-input';
export { messageIdempotencyKey } from './messaging/outbox/idempotency-key';
