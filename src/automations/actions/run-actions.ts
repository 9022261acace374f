import { workFromSpec } from '../../connectors/connector-work';
import { queueConnectorOperation } from '../../connectors/queue-connector-operation';
import { updateCustomerIn } from '../../customers/customer-service';
import { assignPolicyIn } from '../../dunning/dunning-service';
import { ConflictError, NotFoundError } from '../../errors';
import { queueMessages } from '../../messaging/outbox/queue-messages';
import type { RecipientSpec } from '../../messaging/recipients/recipient-spec';
import type { AssigneeSpec, Automation, AutomationAction, AutomationRun } from '../../model/automation';
import type { Customer } from '../../model/customer';
import type { JsonObject, JsonValue } from '../../model/json';
import { insertReminder } from '../../reminders/reminder-service';
import type { CommandContext } from '../../runtime/command';
import { tenantSettings } from '../../tenants/tenant-settings';
import { parseDuration } from '../automation-plan';
import { renderNote } from '../../text/text-template';
import { plusInZone } from '../../time/plus-in-zone';
import { auditSnapshot } from '../../audit/audit-snapshot';
import { messagingOf } from '../../messaging/messaging-runtime';

/** What a run's actions work with. */
export interface ActionScope {
  /** The run. */
  run: AutomationRun;
  /** The automation as it is now. */
  automation: Automation;
  /** The facts at the trigger (`event`, `customer`, `invoice`), for notes and messages. */
  facts: JsonObject;
  /** What host actions returned, by action index (they run before the transaction). */
  hostResults: ReadonlyMap<number, JsonValue>;
}

async function currentCustomer(ctx: CommandContext, run: AutomationRun): Promise<Customer> {
  if (run.customerId === null) throw new NotFoundError('customer', '(none)', { path: 'customerId' });
  const customer = await ctx.tx.customers.get(ctx.tenantId, run.customerId);
  if (customer === null) throw new NotFoundError('customer', run.customerId, { path: 'customerId' });
  return customer;
}

/** Picks the next user of a role in turn, and moves the automation's rotation on. */
async function nextInTurn(ctx: CommandContext, scope: ActionScope, role: string): Promise<string | null> {
  const users = (await messagingOf(ctx.engine).directory.withRole(ctx.tenantId, role)).map((u) => u.id).sort();
  if (users.length === 0) return null;
  const current = (await ctx.tx.automations.get(ctx.tenantId, scope.automation.id)) ?? scope.automation;
  const position = current.rotation[role] ?? 0;
  const next: Automation = { ...current, rotation: { ...current.rotation, [role]: (position + 1) % users.length }, version: current.version + 1 };
  // A concurrent run took a turn at the same moment: the conflict retries this run, which then takes the next turn.
  if (!(await ctx.tx.automations.update(next, current.version))) throw new ConflictError(`Automation "${current.id}" took a round-robin turn concurrently; the run is retried.`);
  return users[position % users.length] ?? null;
}

async function assigneeOf(ctx: CommandContext, scope: ActionScope, spec: AssigneeSpec | null, customer: Customer): Promise<string | null> {
  if (spec === null) return null;
  if ('user' in spec) return spec.user;
  if ('customerAssignee' in spec) return customer.assignees[0] ?? null;
  return nextInTurn(ctx, scope, spec.roundRobin);
}

function literal(address: string): RecipientSpec {
  if (address.includes('@')) return { email: address };
  if (/^\+?[\d\s().-]{5,}$/.test(address)) return { phone: address };
  return { slack: address };
}

function scopeOf(scope: ActionScope, customer: Customer | null): JsonObject {
  return { ...scope.facts, customer: auditSnapshot(customer) };
}

async function runAction(ctx: CommandContext, scope: ActionScope, action: AutomationAction, index: number): Promise<JsonValue> {
  const cause = { type: 'automation', id: scope.run.id, step: String(index) };
  switch (action.type) {
    case 'createReminder': {
      const customer = await currentCustomer(ctx, scope.run);
      const zone = customer.timezone ?? (await tenantSettings(ctx)).timezone;
      const offset = parseDuration(action.in);
      const at = offset === null ? ctx.now : plusInZone(ctx.now, offset, zone);
      const note = renderNote(action.note, scopeOf(scope, customer)) || scope.automation.name || scope.automation.id;
      const assignee = await assigneeOf(ctx, scope, action.assignee, customer);
      const reminder = await insertReminder(ctx, customer, { at, note: note.slice(0, 5000), assignee, source: 'automation', recurrence: null });
      return { reminderId: reminder.id, assignee };
    }
    case 'sendMessage': {
      const customer = await currentCustomer(ctx, scope.run);
      const variables = { ...action.variables, ...(scope.facts.invoice ? { invoice: scope.facts.invoice } : {}) };
      const messages = await queueMessages(ctx, messagingOf(ctx.engine), baseRequest(ctx, { channel: action.channel, customer, template: action.template, inline: null, variables, to: [{ customer: true }], cause }));
      return { messageIds: messages.map((m) => m.id) };
    }
    case 'notify': {
      const customer = scope.run.customerId === null ? null : await ctx.tx.customers.get(ctx.tenantId, scope.run.customerId);
      const to: RecipientSpec[] = [
        ...action.users.map((user) => ({ user })),
        ...action.roles.map((role) => ({ role })),
        ...(action.customerAssignees ? (customer?.assignees ?? []).map((user) => ({ user })) : []),
        ...action.addresses.map(literal),
      ];
      const text = action.text === null ? null : renderNote(action.text, scopeOf(scope, customer));
      const inline = text === null ? null : { text, ...(action.subject === null ? {} : { subject: renderNote(action.subject, scopeOf(scope, customer)) }) };
      const messages = await queueMessages(ctx, messagingOf(ctx.engine), {
        ...baseRequest(ctx, { channel: action.channel, customer, template: action.template, inline, variables: scope.facts.invoice ? { invoice: scope.facts.invoice } : {}, to, cause }),
        audience: 'internal',
      });
      return { messageIds: messages.map((m) => m.id) };
    }
    case 'setStatus':
    case 'addTags':
    case 'removeTags': {
      const customer = await currentCustomer(ctx, scope.run);
      let next: Customer;
      if (action.type === 'setStatus') next = { ...customer, status: action.status };
      else if (action.type === 'addTags') next = { ...customer, tags: [...new Set([...customer.tags, ...action.tags])] };
      else next = { ...customer, tags: customer.tags.filter((t) => !action.tags.includes(t)) };
      const saved = await updateCustomerIn(ctx, customer, next);
      return { status: saved.status, tags: saved.tags };
    }
    case 'assignPolicy': {
      const customer = await currentCustomer(ctx, scope.run);
      await assignPolicyIn(ctx, customer.id, action.policyId);
      return { policyId: action.policyId };
    }
    case 'hostAction':
      return scope.hostResults.get(index) ?? null;
    case 'connector': {
      const customer = scope.run.customerId === null ? null : await currentCustomer(ctx, scope.run);
      const { type: _type, ...spec } = action;
      const work = await workFromSpec(ctx, spec, customer, scopeOf(scope, customer));
      const operation = await queueConnectorOperation(ctx, { connector: spec.connector, operation: spec.operation, customer, work, cause, notBefore: ctx.now, mode: 'record' });
      return { operationId: operation.id, state: operation.state };
    }
  }
}

function baseRequest(
  ctx: CommandContext,
  r: { channel: string; customer: Customer | null; template: string | null; inline: { text: string; subject?: string } | null; variables: Record<string, JsonValue>; to: RecipientSpec[]; cause: { type: string; id: string; step: string } },
) {
  return { ...r, notBefore: ctx.now, sendWindows: [], fallback: null, locale: null, replyTo: null, categories: [], fallbackOf: null };
}

/**
 * Runs a run's actions in order, in the caller's transaction: all of them take effect
 * or (on a throw) none does. Returns what each produced, by index.
 */
export async function runActions(ctx: CommandContext, scope: ActionScope): Promise<JsonValue[]> {
  const results: JsonValue[] = [];
  for (const [index, action] of scope.automation.then.entries()) results.push(await runAction(ctx, scope, action, index));
  return results;
}
