import { createTimelineApi, type TimelineApi } from './timeline/timeline-api';
import type { Connector } from './connectors/connector';
import { connectorOptions, connectorOptionsSchema, type ConnectorOptionsConfig } from './connectors/connector-config';
import { CONNECTOR_RUN_JOB } from './connectors/connector-jobs';
import { createConnectorRunHandler } from './connectors/connector-run-handler';
import { CONNECTORS, ConnectorRuntime } from './connectors/connector-runtime';
import { createConnectorsApi, type ConnectorsApi } from './connectors/connectors-api';
import { automationConnectorCauseCheck } from './automations/automation-cause';
import { dunningConnectorCauseCheck } from './dunning/engine/dunning-cause';
import { AUDIT_SEALER, AuditSealer } from './audit/audit-sealer';
import { z } from 'zod';
import { roleBasedPolicy, type AccessPolicy } from './access/access-policy';
import { actorSchema, type Actor } from './access/actor';
import { createAuditApi, type AuditApi } from './audit/audit-api';
import { createCustomersApi } from './customers/customer-service';
import type { CustomersApi } from './customers/customers-api';
import { EventBus } from './events/event-bus';
import type { TicklerEventHandler, TicklerEventName } from './events/event-map';
import { silentLogger, type Logger } from './logging/logger';
import { sendWindowSchema, type SendWindow } from './model/send-window';
import { countrySchema, localeSchema, zoneSchema } from './model/common';
import type { Channel } from './messaging/channels/channel';
import { createCommunicationsApi } from './messaging/communications-service';
import { createConsentApi } from './messaging/consent/consent-service';
import type { UserDirectory } from './messaging/directory/user-directory';
import { messagingConfigSchema, messagingOptions, type MessagingConfig } from './messaging/messaging-config';
import type { CommunicationsApi, ConsentApi, MessagesApi, TemplatesApi } from './messaging/messaging-apis';
import { MESSAGING, MessagingRuntime } from './messaging/messaging-runtime';
import type { EngineKey } from './runtime/engine-key';
import { MESSAGE_SEND_JOB } from './messaging/outbox/message-jobs';
import { createMessageSendHandler } from './messaging/outbox/message-send-handler';
import { createMessagesApi } from './messaging/outbox/messages-service';
import type { TemplateDefinition } from './messaging/templates/template-definition';
import { createTemplatesApi } from './messaging/templates/templates-service';
import { reminderCauseCheck } from './reminders/reminder-cause';
import { createReminderFireHandler } from './reminders/reminder-firing';
import type { DunningApi } from './dunning/dunning-api';
import { createDunningApi } from './dunning/dunning-service';
import { dunningCauseCheck } from './dunning/engine/dunning-cause';
import { DUNNING_TICK_JOB } from './dunning/engine/dunning-jobs';
import { createDunningTickHandler } from './dunning/engine/dunning-tick-handler';
import type { InvoicesApi } from './dunning/invoices-api';
import { createInvoicesApi } from './dunning/invoices-service';
import { REMINDER_FIRE_JOB } from './reminders/reminder-jobs';
import { createRemindersApi } from './reminders/reminder-service';
import type { RemindersApi } from './reminders/reminders-api';
import type { Engine } from './runtime/engine';
import { parseInput } from './runtime/parse-input';
import type { JobHandler } from './scheduler/job-handler';
import type { RunDueSummary } from './scheduler/run-due-summary';
import { Scheduler } from './scheduler/scheduler';
import { startWorker, type Worker, type WorkerOptions } from './scheduler/worker';
import { MemoryStore } from './storage/memory/memory-store';
import type { Store } from './storage/store';
import { createTenantApi, type TenantApi } from './tenants/tenant-api';
import type { Clock } from './time/clock';
import { SystemClock } from './time/system-clock';
import { AUTOMATIONS, AutomationRuntime, type AutomationsConfig } from './automations/automation-runtime';
import type { AutomationsApi } from './automations/automations-api';
import { createAutomationsApi } from './automations/automations-service';
import { createAutomationTap } from './automations/automation-tap';
import { AUTOMATION_INACTIVITY_JOB, AUTOMATION_RUN_JOB, AUTOMATION_SCHEDULE_JOB, AUTOMATION_SWEEP_JOB, INVOICE_OVERDUE_JOB } from './automations/automation-jobs';
import { createAutomationRunHandler } from './automations/run-handler';
import { createInactivityHandler, createOverdueHandler, createScheduleHandler, createSweepHandler } from './automations/trigger-handlers';
import { createEventsApi, type EventsApi } from './events/events-api';
import { ChronoIntentParser } from './intake/chrono-intent-parser';
import type { IntakeApi } from './intake/intake-api';
import { createIntakeApi } from './intake/intake-service';
import type { IntentParser } from './intake/intent-parser';
import { EVENT_TAP, type EventTap } from './runtime/command';
import type { Source } from './sources/source';
import { sourceOptions, sourceOptionsSchema, type SourceOptionsConfig } from './sources/source-config';
import { SOURCE_PULL_JOB } from './sources/source-ids';
import { createSourcePullHandler } from './sources/source-pull-handler';
import { freshCauseCheck, freshConnectorCauseCheck } from './sources/source-refresh';
import { SOURCES, SourceRuntime } from './sources/source-runtime';
import type { SourcesApi } from './sources/sources-api';
import { createSourcesApi } from './sources/sources-service';

/** Everything `createTickler` accepts. Every port has a default. */
export interface TicklerConfig {
  /** Where state lives. Default: a new {@link MemoryStore}. */
  store?: Store | undefined;
  /** The source of now. Default: {@link SystemClock}. */
  clock?: Clock | undefined;
  /** Who may do what. Default: {@link roleBasedPolicy}. */
  policy?: AccessPolicy | undefined;
  /** Where tickler logs. Default: silent. */
  logger?: Logger | undefined;
  /** Defaults for tenants that configured nothing. */
  defaults?:
    | {
        /** IANA zone; default `UTC`. */
        timezone?: string | undefined;
        /** BCP 47 locale; default `en`. */
        locale?: string | undefined;
        /** Two-letter country for national phone numbers; default none. */
        defaultCountry?: string | null | undefined;
        /** Hours customer messages may go out, read in each recipient's zone; default any time. */
        sendWindow?: SendWindow | null | undefined;
      }
    | undefined;
  /** Scheduler tuning. */
  scheduler?:
    | {
        /** How long a claimed due row is held before another worker may take it (ms). Default 30,000. */
        leaseMs?: number | undefined;
        /** Rows claimed per round trip. Default 100. */
        batchSize?: number | undefined;
        /** First retry delay after a handler failure (ms). Default 5,000. */
        retryDelayMs?: number | undefined;
        /** Longest retry delay (ms). Default 3,600,000. */
        maxRetryDelayMs?: number | undefined;
      }
    | undefined;
  /** Makes ids for reminders and audit entries. Default: `crypto.randomUUID`. */
  newId?: (() => string) | undefined;
  /**
   * Channels messages go out on, each with a unique name. Default none: messages stay
   * queued, visible in `messages.list`, until a process with their channel runs them.
   */
  channels?: readonly Channel[] | undefined;
  /** Message templates every tenant sees (a tenant's own `templates.define` shadows one with the same id). */
  templates?: readonly TemplateDefinition[] | undefined;
  /** How tickler reaches people inside the business (users and roles as recipients). Default: nobody. */
  directory?: UserDirectory | undefined;
  /** Retries, timeouts, fallbacks and cause checks of the outbox. */
  messaging?: MessagingConfig | undefined;
  /** Host events and host actions automations may use, and their limits. */
  automations?: AutomationsConfig | undefined;
  /**
   * Connectors to the business's tools (CRMs, help desks, calendars, tables), each with a
   * unique name. Default none: operations stay queued, visible in `connectors.list`, until
   * a process with their connector runs them.
   */
  connectors?: readonly Connector[] | undefined;
  /** Retries, timeouts and cause checks of connector operations. */
  connectorOptions?: ConnectorOptionsConfig | undefined;
  /**
   * Where invoices, payments, failed payments, customers and activity come from (a billing
   * system, an ERP, a CRM), each with a unique name. Default none: the host calls
   * `invoices.upsert` and `recordPayment` itself.
   */
  sources?: readonly Source[] | undefined;
  /** Page sizes, timeouts, retries and the freshness of invoices before a dunning message goes out. */
  sourceOptions?: SourceOptionsConfig | undefined;
  /** Reads customers' messages for reminder requests. Default: chrono-node rules in English, French, German, Spanish and Dutch. */
  intentParser?: IntentParser | undefined;
}

/** The API of one actor: everything is confined to the actor's tenant and checked by the policy. */
export interface TicklerScope {
  /** The actor this scope acts as. */
  readonly actor: Actor;
  /** Customers. */
  readonly customers: CustomersApi;
  /** Reminders. */
  readonly reminders: RemindersApi;
  /** Tenant settings. */
  readonly tenant: TenantApi;
  /** The audit trail. */
  readonly audit: AuditApi;
  /** The outbox: send messages, follow them, record inbound ones. */
  readonly messages: MessagesApi;
  /** Each customer's communications timeline. */
  readonly communications: CommunicationsApi;
  /** Customers' consent per channel kind. */
  readonly consent: ConsentApi;
  /** Message templates. */
  readonly templates: TemplatesApi;
  /** Invoices: payments, disputes, pauses, promises to pay. */
  readonly invoices: InvoicesApi;
  /** Dunning: policies, assignments, approvals, the report and letters. */
  readonly dunning: DunningApi;
  /** Automations: event rules with conditions, waits and actions. */
  readonly automations: AutomationsApi;
  /** The host's own events, which automations can start from. */
  readonly events: EventsApi;
  /** Reminders from conversations: customers' WhatsApp, SMS and email messages, agents' call outcomes. */
  readonly intake: IntakeApi;
  /** Work in the business's tools: tasks, tickets, calendar events and records, run durably and idempotently. */
  readonly connectors: ConnectorsApi;
  /** Each customer's timeline: messages and work in the business's tools, newest first. */
  readonly timeline: TimelineApi;
  /** Invoices, payments and activity flowing in from the business's billing system, ERP and CRM. */
  readonly sources: SourcesApi;
}

/** A wired tickler engine. */
export interface Tickler {
  /** The store in use. */
  readonly store: Store;
  /** The clock in use. */
  readonly clock: Clock;
  /**
   * The API as `actor`. Cheap: call it per request.
   *
   * @example
   * ```ts
   * const acme = tickler.as({ tenantId: 'acme', userId: 'u-1', roles: ['agent'] });
   * ```
   */
  as(actor: Actor): TicklerScope;
  /** Subscribes to an event; returns the unsubscribe function. A handler that throws is logged and reported as `error`. */
  on<K extends TicklerEventName>(name: K, handler: TicklerEventHandler<K>): () => void;
  /**
   * One pass over everything due at the clock's now: fires `reminder.due` for each due
   * reminder and moves recurring ones to their next occurrence. Safe to call from many
   * processes at once: each due row is claimed by exactly one of them.
   */
  runDue(): Promise<RunDueSummary>;
  /**
   * Starts a worker in this process that runs due rows as they fall due: a timer armed
   * for the earliest due time, re-armed by the store's wake-ups, with polling as the
   * fallback. Start workers in as many processes as you like; they share the work
   * through the store's leases. Delivery is at least once (see docs/scheduler.md).
   *
   * @example
   * ```ts
   * const worker = tickler.startWorker({ concurrency: 20 });
   * process.on('SIGTERM', () => void worker.stop());
   * ```
   */
  startWorker(options?: WorkerOptions): Worker;
  /** Closes the store. */
  close(): Promise<void>;
}

const configSchema = z.object({
  defaults: z
    .strictObject({ timezone: zoneSchema.optional(), locale: localeSchema.optional(), defaultCountry: countrySchema.nullable().optional(), sendWindow: sendWindowSchema.nullable().optional() })
    .optional(),
  scheduler: z
    .strictObject({
      leaseMs: z.number().int().min(1000, { error: 'leaseMs is at least 1,000.' }).optional(),
      batchSize: z.number().int().min(1).max(10_000).optional(),
      retryDelayMs: z.number().int().min(1).optional(),
      maxRetryDelayMs: z.number().int().min(1).optional(),
    })
    .optional(),
});

const workerOptionsSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(1000).optional(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
  pollMs: z.number().int().min(10).optional(),
  leaseMs: z.number().int().min(1000).optional(),
  name: z.string().min(1).max(200).optional(),
});

/**
 * Wires the ports into the engine.
 *
 * @example
 * ```ts
 * const tickler = createTickler({ clock: new FakeClock('2026-11-23T08:00:00Z') });
 * ```
 */
export function createTickler(config: TicklerConfig = {}): Tickler {
  const checked = parseInput(configSchema, { defaults: config.defaults, scheduler: config.scheduler });
  const messaging = parseInput(messagingConfigSchema, config.messaging ?? {}, 'messaging');
  const connecting = parseInput(connectorOptionsSchema, config.connectorOptions ?? {}, 'connectorOptions');
  const sourcing = parseInput(sourceOptionsSchema, config.sourceOptions ?? {}, 'sourceOptions');
  const logger = config.logger ?? silentLogger;
  const newId = config.newId ?? (() => globalThis.crypto.randomUUID());
  const clock = config.clock ?? new SystemClock();
  const connectorRuntime = new ConnectorRuntime(config.connectors ?? [], connectorOptions(connecting), connecting.causes ?? {});
  const sourceRuntime = new SourceRuntime(config.sources ?? [], sourceOptions(sourcing));
  const runtime = new MessagingRuntime(
    { channels: config.channels ?? [], templates: config.templates ?? [], directory: config.directory, options: messagingOptions(messaging), causes: messaging.causes ?? {} },
    clock.now(),
  );
  const engine: Engine = {
    store: config.store ?? new MemoryStore(),
    clock,
    bus: new EventBus(logger),
    policy: config.policy ?? roleBasedPolicy,
    logger,
    newId,
    defaults: {
      timezone: checked.defaults?.timezone ?? 'UTC',
      locale: checked.defaults?.locale ?? 'en',
      defaultCountry: checked.defaults?.defaultCountry ?? null,
      sendWindow: checked.defaults?.sendWindow ?? null,
    },
    get: <T>(key: EngineKey<T>): T => {
      if (!parts.has(key)) throw new Error(`The engine has no ${key.name}.`);
      return parts.get(key) as T;
    },
    find: <T>(key: EngineKey<T>): T | undefined => parts.get(key) as T | undefined,
  };
  const parts = new Map<object, unknown>([
    [AUDIT_SEALER, new AuditSealer(engine.store.audit, logger)],
    [MESSAGING, runtime],
    [CONNECTORS, connectorRuntime],
    [SOURCES, sourceRuntime],
    [AUTOMATIONS, new AutomationRuntime(config.automations ?? {})],
    [EVENT_TAP, ((events, contextFor) => automationTap(events, contextFor)) satisfies EventTap],
  ]);
  const automationTap: EventTap = createAutomationTap(engine);
  const intentParser = config.intentParser ?? new ChronoIntentParser();
  if (runtime.cause('reminder') === undefined) runtime.registerCause('reminder', reminderCauseCheck(engine));
  for (const type of ['dunning', 'dunning-customer', 'dunning-notify', 'dunning-escalation']) {
    // Before a dunning message or operation runs, its invoices are re-read from their source when stale.
    if (runtime.cause(type) === undefined) runtime.registerCause(type, freshCauseCheck(engine, dunningCauseCheck(engine)));
    connectorRuntime.registerCause(type, freshConnectorCauseCheck(engine, dunningConnectorCauseCheck(engine)));
  }
  connectorRuntime.registerCause('automation', automationConnectorCauseCheck(engine));
  const handlers = new Map<string, JobHandler>([
    [REMINDER_FIRE_JOB, createReminderFireHandler(engine)],
    [MESSAGE_SEND_JOB, createMessageSendHandler(engine)],
    [DUNNING_TICK_JOB, createDunningTickHandler(engine)],
    [AUTOMATION_RUN_JOB, createAutomationRunHandler(engine)],
    [AUTOMATION_SCHEDULE_JOB, createScheduleHandler(engine)],
    [AUTOMATION_INACTIVITY_JOB, createInactivityHandler(engine)],
    [AUTOMATION_SWEEP_JOB, createSweepHandler(engine)],
    [INVOICE_OVERDUE_JOB, createOverdueHandler(engine)],
    [CONNECTOR_RUN_JOB, createConnectorRunHandler(engine)],
    [SOURCE_PULL_JOB, createSourcePullHandler(engine)],
  ]);
  const scheduler = new Scheduler(engine, handlers, {
    leaseMs: checked.scheduler?.leaseMs ?? 30_000,
    batchSize: checked.scheduler?.batchSize ?? 100,
    retryDelayMs: checked.scheduler?.retryDelayMs ?? 5_000,
    maxRetryDelayMs: checked.scheduler?.maxRetryDelayMs ?? 3_600_000,
    owner: `tickler-${newId().slice(0, 8)}`,
  });

  return {
    store: engine.store,
    clock: engine.clock,
    as(input) {
      const actor = parseInput(actorSchema, input, 'actor');
      return Object.freeze({
        actor,
        customers: createCustomersApi(engine, actor),
        reminders: createRemindersApi(engine, actor),
        tenant: createTenantApi(engine, actor),
        audit: createAuditApi(engine, actor),
        messages: createMessagesApi(engine, actor),
        communications: createCommunicationsApi(engine, actor),
        consent: createConsentApi(engine, actor),
        templates: createTemplatesApi(engine, actor),
        invoices: createInvoicesApi(engine, actor),
        dunning: createDunningApi(engine, actor),
        automations: createAutomationsApi(engine, actor),
        events: createEventsApi(engine, actor),
        intake: createIntakeApi(engine, actor, intentParser),
        connectors: createConnectorsApi(engine, actor),
        timeline: createTimelineApi(engine, actor),
        sources: createSourcesApi(engine, actor),
      });
    },
    on: (name, handler) => engine.bus.on(name, handler),
    runDue: () => scheduler.runDue(),
    startWorker: (options) => startWorker(engine, scheduler, parseInput(workerOptionsSchema, options ?? {}, 'options')),
    close: () => engine.store.close(),
  };
}
