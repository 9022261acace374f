/**
 * tickler: the customer follow-up engine for a host application. Reminders tied to
 * customers, from any entry point, stored in UTC and shown in the user's zone, fired
 * by a scheduler whose timers are stored rows; and messages to customers and staff
 * through a durable outbox, with templates, send windows, consent and channel adapters
 * (`tickler/twilio`, `tickler/sendgrid`, `tickler/slack`, `tickler/webhook`).
 *
 * Start with {@link createTickler}, then act as a user with `tickler.as(actor)`.
 *
 * @module tickler
 */
export { createTickler, type Tickler, type TicklerConfig, type TicklerScope } from './tickler';

export {
  ERROR_CODES,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TicklerError,
  ValidationError,
  isTicklerError,
  type ErrorCode,
  type TicklerErrorOptions,
  type ValidationIssue,
} from './errors';

export { type Channel, type OutboundMessage, type SendOptions, type SendResult } from './messaging/channels/channel';
export type { ChannelWebhookEvent, ChannelWebhooks, DeliveryReceipt, DeliveryStatus, InboundReply, WebhookReadOptions, WebhookReading, WebhookRequest, WebhookResponse } from './messaging/channels/channel-webhooks';
export { isWebhookRefusedError, WebhookRefusedError, type WebhookRefusal } from './messaging/channels/webhook-refused-error';
export { type MessageAddress, type MessageCause, type ProviderTemplate } from './model/message';
export { CHANNEL_KINDS, type ChannelKind } from './model/channel-kind';
export type { InboundMessageInput } from './messaging/inbound/inbound-message';
export { MemoryChannel, type MemoryChannelOptions, type MemoryDelivery } from './messaging/channels/memory-channel';
export { staticDirectory, type DirectoryUser, type StaticDirectoryUser, type UserDirectory } from './messaging/directory/user-directory';
export type { CauseCheck, CauseVerdict, MessagingConfig } from './messaging/messaging-config';
export type {
  CommunicationsApi,
  CommunicationsQuery,
  ConsentApi,
  ConsentKeywordReceived,
  MessageListQuery,
  MessagesApi,
  ReceiptApplied,
  ReceiptOutcome,
  ReceivedMessage,
  ReceiveResult,
  ReplyOutcome,
  WebhookEventOutcome,
  WebhookResult,
  TemplatePreview,
  TemplatePreviewInput,
  UnknownSender,
  TemplatesApi,
} from './messaging/messaging-apis';
export type { InlineContent, MessageCauseInput, SendMessageInput, TemplateValue } from './messaging/outbox/send-request';
export {
  MAX_RECIPIENTS,
  type ContactRoleRecipient,
  type CustomerRecipient,
  type EmailRecipient,
  type PhoneRecipient,
  type RecipientSpec,
  type RoleRecipient,
  type SlackRecipient,
  type UserRecipient,
} from './messaging/recipients/recipient-spec';
export { isWindowOpen, nextCommonOpening, nextWindowOpening } from './messaging/send-window';
export { WEEKDAYS, type SendWindow, type Weekday } from './model/send-window';
export type { EmailTemplate, MessageTemplate, TemplateDefinition, TemplateVariants, TextTemplate, WhatsAppTemplate } from './messaging/templates/template-definition';
export { formatMoney } from './messaging/templates/money-format';
export { formatDate, DATE_PRESETS } from './messaging/templates/date-format';
export { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, consentKeyword } from './messaging/consent/consent-keywords';
export { ChannelError, isChannelError, parseRetryAfter, type ChannelErrorOptions } from './messaging/channels/channel-error';

export type { AccessTokenProvider, Connector, ConnectorCustomer, ConnectorFieldProblem, ConnectorRequest, ConnectorResult, ConnectorRunOptions } from './connectors/connector';
export { ConnectorError, connectorErrorForStatus, isConnectorError, type ConnectorErrorOptions } from './connectors/connector-error';
export { ProviderFailure, type ProviderFailureOptions } from './http/provider-failure';
export type { Source, SourceActivityChange, SourceAmount, SourceCallOptions, SourceChange, SourceChangeType, SourceCustomerChange, SourceDecimalAmount, SourceInvoiceChange, SourceInvoicesRead, SourceInvoicesRequest, SourceMinorAmount, SourcePage, SourcePaymentChange, SourcePaymentFailureChange, SourcePullRequest, SourceWebhookReading, SourceWebhooks } from './sources/source';
export { SourceError, SourceRecordError, isSourceError, sourceErrorForStatus, type SourceErrorOptions, type SourceRecordRef } from './sources/source-error';
export type { SourcePullSummary, SourceRejection, SourceState } from './model/source-state';
export type { SourceOptionsConfig } from './sources/source-config';
export { MemorySource, type MemorySourceOptions } from './sources/memory-source';
export type { SourceScheduleInput, SourcesApi } from './sources/sources-api';
export { MemoryConnector, type MemoryConnectorOptions, type MemoryWork } from './connectors/memory-connector';
export type { ConnectorCauseCheck, ConnectorCauseVerdict, ConnectorOptionsConfig } from './connectors/connector-config';
export type { ConnectorActionSpec } from './connectors/connector-action';
export type { ConnectorCauseInput, ConnectorListQuery, ConnectorsApi, ConnectorWorkInput } from './connectors/connectors-api';
export type { TimelineApi, TimelineConnectorEntry, TimelineEntry, TimelineMessageEntry, TimelineQuery } from './timeline/timeline-api';
export {
  CONNECTOR_OPERATIONS,
  type ConnectorOperation,
  type ConnectorOperationKind,
  type ConnectorOperationState,
  type ConnectorPriority,
  type ConnectorReason,
  type ConnectorUser,
  type ConnectorWork,
} from './model/connector-operation';

export type { Clock } from './time/clock';
export { SystemClock } from './time/system-clock';
export { FakeClock, type DurationInput, type InstantInput } from './time/fake-clock';
export type { LocalDateTime } from './time/local-date-time';
export { formatLocalDateTime, parseLocalDateTime } from './time/local-date-time';
export { instantToWallTime, resolveWallTime, wallTimeToInstant, type ResolvedWallTime, type WallTimeKind } from './time/wall-time';
export { canonicalZone, isValidZone } from './time/zones';

export type { Actor, ActorRef } from './access/actor';
export { roleBasedPolicy, isPolicyAdministration, type AccessPolicy, type Action, type Resource } from './access/access-policy';

export type {
  ConnectorEvent,
  ConnectorFailedEvent,
  ConnectorSkippedEvent,
  SourcePulledEvent,
  SourceRecordRejectedEvent,
  CustomerEvent,
  CustomerFieldChangedEvent,
  CustomerRemovedEvent,
  ConsentChangedEvent,
  CustomerUpdatedEvent,
  Delivery,
  DunningEscalatedEvent,
  DunningLevelEvent,
  DunningStepEvent,
  DunningStepRunEvent,
  DunningStepSkippedEvent,
  DunningTaskEvent,
  AutomationRunEvent,
  CallOutcomeEvent,
  CustomerActivityEvent,
  HostEvent,
  InvoiceOverdueEvent,
  ErrorEvent,
  InvoiceClockEvent,
  InvoiceEvent,
  MessageEvent,
  MessageFailedEvent,
  MessageFailure,
  MessageReceivedEvent,
  MessageSkippedEvent,
  PaymentEvent,
  PaymentFailedEvent,
  ReminderDueEvent,
  ReminderEvent,
  ReminderUpdatedEvent,
  TenantEvent,
  TicklerEventHandler,
  TicklerEventMap,
  TicklerEventName,
} from './events/event-map';
export type { EventRecord, EventRecordQuery } from './events/event-record';
export { silentLogger, type Logger } from './logging/logger';

export type { Customer, CustomerContact, CustomerContactInput, CustomerInput, CustomerListQuery } from './model/customer';
export type { ConsentRecord, ConsentStatus } from './model/consent';
export type { Message, MessageAudience, MessageContent, MessageDelivery, MessageDirection, MessageReason, MessageState } from './model/message';
export type { JsonObject, JsonValue } from './model/json';
export {
  REMINDER_SOURCES,
  type AtInput,
  type WallTimeInput,
  type Reminder,
  type ReminderCreateInput,
  type ReminderIndicator,
  type ReminderListQuery,
  type ReminderPatch,
  type ReminderSource,
  type ReminderStatus,
  type ReminderWhen,
} from './model/reminder';
export type { TenantSettings, TenantSettingsInput } from './model/tenant';
export type { CalendarDateInput, Invoice, InvoiceCharge, InvoiceInput, InvoiceStatus, Payment, PaymentInput } from './model/invoice';
export type { DunningAssignment } from './model/dunning-assignment';
export type {
  AllCondition,
  AnyCondition,
  AssignPolicyAction,
  AssigneeSpec,
  Automation,
  ChangeSpec,
  ChangedCondition,
  ContainsCondition,
  CustomerAssignee,
  DurationWait,
  EqualsCondition,
  EventTrigger,
  ExistsCondition,
  GtCondition,
  GteCondition,
  InCondition,
  InactivityTrigger,
  LtCondition,
  LteCondition,
  NotCondition,
  NotEqualsCondition,
  RoundRobinAssignee,
  ScheduleTrigger,
  UntilWait,
  UserAssignee,
  AutomationAction,
  AutomationRun,
  AutomationRunStatus,
  AutomationTrigger,
  AutomationWait,
  Condition,
  CreateReminderAction,
  ConnectorAction,
  CustomerActivity,
  FieldCondition,
  HostAction,
  NotifyStaffAction,
  SendMessageAction,
  SetStatusAction,
  TagsAction,
} from './model/automation';
export type {
  ActionInput,
  AssigneeInput,
  AssignPolicyInput,
  AutomationInput,
  ConditionInput,
  CreateReminderInput,
  HostActionInput,
  ConnectorActionInput,
  InactivityTriggerInput,
  NotifyInput,
  ScheduleTriggerInput,
  SendMessageInputAction,
  SetStatusInput,
  TagsInput,
  TriggerInput,
  UntilWaitInput,
  WaitInput,
} from './automations/automation-input';
export type { AutomationRunQuery, AutomationsApi } from './automations/automations-api';
export type { AutomationsConfig, HostActionCall, HostActionHandler } from './automations/automation-runtime';
export { evaluateCondition, type EarlierFacts, type Facts } from './automations/conditions';
export { matchAutomations, waitEnd, type Occurrence, type RunTime, type WaitCannotEnd, type WaitEnds } from './automations/matcher';
export { TRIGGER_EVENTS, type TriggerEventInfo } from './automations/trigger-catalog';
export type { EventsApi } from './events/events-api';
export type { ActivityInput } from './customers/record-activity';
export type { Intent, IntentContext, IntentParser, NoIntent, ReminderIntent, ReminderWithoutTime } from './intake/intent-parser';
export { ChronoIntentParser, chronoIntentParser, type ChronoIntentParserOptions } from './intake/chrono-intent-parser';
export { INTAKE_LANGUAGES, clarifyText, confirmationText, languageOf, type ClarifyReason, type IntakeLanguage } from './intake/intake-texts';
export {
  CALL_OUTCOMES,
  type CallOutcome,
  type CallOutcomeInput,
  type CallOutcomeResult,
  type IntakeApi,
  type IntakeClarification,
  type IntakeConsent,
  type IntakeDuplicate,
  type IntakeMessageInput,
  type IntakeNone,
  type IntakeReminder,
  type IntakeResult,
  type IntakeUnknownSender,
} from './intake/intake-api';
export type { InvoiceListQuery, InvoicesApi } from './dunning/invoices-api';
export type { DunningApi, LetterTarget } from './dunning/dunning-api';
export type { PendingApproval } from './dunning/pending-approval';
export type {
  AssigneesRecipient,
  DunningAction,
  DunningPolicy,
  DunningPolicyInput,
  DunningStep,
  EscalateAction,
  EscalationRule,
  ConnectorDunningAction,
  FeeAction,
  InterestAction,
  LetterText,
  MessageAction,
  NotifyAction,
  TaskAction,
} from './dunning/policy/dunning-policy';
export type { ClockStop, DoneStep, DunningPhase, DunningState } from './model/dunning-state';
export type { DunningEvent, DunningEventType } from './dunning/machine/dunning-event';
export type { DunningEffect, DunningEffectType } from './dunning/machine/dunning-effect';
export { transition as dunningTransition, type DunningContext, type DunningTransition } from './dunning/machine/dunning-machine';
export type { DunningReport, DunningReportQuery, ReportCustomer, ReportInvoice, ReportLevel, ReportNextAction, ReportTotals } from './dunning/report/dunning-report';

export type { CustomersApi, Page } from './customers/customers-api';
export type { RemindersApi } from './reminders/reminders-api';
export type { TenantApi } from './tenants/tenant-api';
export type { AuditApi, AuditExportQuery } from './audit/audit-api';
export type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from './audit/audit-entry';
export {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  canonicalJson,
  verifyAuditChain,
  type AuditChainOptions,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerification,
} from './audit/audit-hash';

export type { Job } from './scheduler/job';
export type { ClaimRequest, ClaimedJob, JobRepository, JobSchedule, JobSettlement } from './scheduler/job-repository';
export { deliveryIdOf } from './scheduler/job-repository';
export type { FiredReminder } from './scheduler/job-handler';
export type { RunDueSummary } from './scheduler/run-due-summary';
export type { Worker, WorkerOptions } from './scheduler/worker';

export { type Store, type StoreSession, type TransactionOptions, type WakeupListener } from './storage/store';
export { type TenantRepository } from './tenants/tenant-repository';
export { type AutomationRunListFilter, type AutomationRunRepository } from './automations/automation-run-repository';
export { type AutomationRepository } from './automations/automation-repository';
export { type EventRecordRepository } from './events/event-record-repository';
export { type AuditRepository } from './audit/audit-repository';
export { type DunningAssignmentRepository } from './dunning/dunning-assignment-repository';
export { type DunningPolicyRepository } from './dunning/dunning-policy-repository';
export { type InvoiceListFilter, type InvoiceRepository, type InvoiceUpdate } from './dunning/invoice-repository';
export { type TemplateRepository } from './messaging/template-repository';
export { type ConsentRepository } from './messaging/consent-repository';
export { type MessageListFilter, type MessageListPosition, type MessageRepository } from './messaging/message-repository';
export { type ReminderListFilter, type ReminderUpdate, type ReminderRepository } from './reminders/reminder-repository';
export { type ActivityRepository } from './customers/activity-repository';
export { customerSortKey, type CustomerListFilter, type CustomerListPosition, type CustomerRepository, type RemovedCustomer } from './customers/customer-repository';
export { MemoryStore, type MemoryStoreOptions } from './storage/memory/memory-store';
