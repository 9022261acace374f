import { connectorActionIssues } from '../connectors/check-connector-action';
import type { ConnectorRuntime } from '../connectors/connector-runtime';
import { Duration } from 'luxon';
import { ValidationError, type ValidationIssue } from '../errors';
import type { AssigneeSpec, AutomationAction, AutomationTrigger, AutomationWait, Condition } from '../model/automation';
import { formatLocalDateTime, parseLocalDateTime } from '../time/local-date-time';
import { parseRecurrence } from '../time/recurrence';
import { instantToWallTime } from '../time/wall-time';
import type { ParsedAutomationInput } from './automation-input';
import { checkNoteTemplate } from '../text/text-template';
import { INACTIVITY_EVENT, TRIGGER_EVENTS } from './trigger-catalog';

/** What a definition is checked against. */
export interface PlanContext {
  /** Host events declared at `createTickler`. */
  hostEvents: ReadonlySet<string>;
  /** Host actions registered at `createTickler`. */
  hostActions: ReadonlySet<string>;
  /** The connectors configured in this process, to check connector actions against. */
  connectors: ConnectorRuntime;
  /** The tenant's zone (schedules are read in it). */
  zone: string;
  /** Now, for a schedule's default start. */
  now: Date;
}

/** The checked, normalised parts of an automation. */
export interface AutomationPlan {
  trigger: AutomationTrigger;
  if: Condition | null;
  wait: AutomationWait | null;
  unless: Condition | null;
  then: AutomationAction[];
}

/** A duration luxon reads, or null. `allowNegative` for offsets before a field's time. */
export function parseDuration(text: string, allowNegative = false): Duration | null {
  // luxon reads a sign before the P and inside it (`PT-2H`): judge the value, not the text.
  const d = Duration.fromISO(text);
  if (!d.isValid || (!allowNegative && d.toMillis() < 0)) return null;
  return d;
}

function fieldsOf(condition: Condition, path: string, out: { field: string; path: string }[]): void {
  if ('all' in condition) condition.all.forEach((c, i) => fieldsOf(c, `${path}.all.${i}`, out));
  else if ('any' in condition) condition.any.forEach((c, i) => fieldsOf(c, `${path}.any.${i}`, out));
  else if ('not' in condition) fieldsOf(condition.not, `${path}.not`, out);
  else out.push({ field: condition.field, path: `${path}.field` });
}

function triggerOf(input: ParsedAutomationInput['on'], context: PlanContext, issues: ValidationIssue[]): AutomationTrigger | null {
  if (typeof input === 'string') {
    if (input === INACTIVITY_EVENT) {
      issues.push({ path: 'on', message: 'customer.inactive needs a number of days: on: { event: "customer.inactive", days: 60 }.' });
      return null;
    }
    if (TRIGGER_EVENTS[input] === undefined && !context.hostEvents.has(input)) {
      const known = [...Object.keys(TRIGGER_EVENTS), INACTIVITY_EVENT].join(', ');
      issues.push({ path: 'on', message: `"${input}" is not an event automations can start from. tickler's are ${known}; declare your own in createTickler({ automations: { hostEvents: [...] } }).` });
      return null;
    }
    return { type: 'event', event: input };
  }
  if ('schedule' in input) {
    const rule = parseRecurrence(input.schedule);
    if (!rule.ok) {
      issues.push({ path: 'on.schedule', message: rule.message });
      return null;
    }
    let start = formatLocalDateTime({ ...instantToWallTime(context.now, context.zone), hour: 0, minute: 0, second: 0, millisecond: 0 });
    if (input.start !== undefined) {
      const local = parseLocalDateTime(input.start);
      if (local === null) {
        issues.push({ path: 'on.start', message: `"${input.start}" is not a wall time; give YYYY-MM-DDTHH:mm.` });
        return null;
      }
      start = formatLocalDateTime(local);
    }
    return { type: 'schedule', rrule: rule.rule, start, zone: context.zone };
  }
  return { type: 'inactivity', days: input.days, activity: input.activity ?? null };
}

function assigneeOf(input: string | { customerAssignee: true } | { roundRobin: string } | null | undefined): AssigneeSpec | null {
  if (input === undefined || input === null) return null;
  return typeof input === 'string' ? { user: input } : input;
}

function actionsOf(then: ParsedAutomationInput['then'], context: PlanContext, issues: ValidationIssue[]): AutomationAction[] {
  return then.map((a, i): AutomationAction => {
    const path = `then.${i}`;
    switch (a.type) {
      case 'createReminder': {
        const offset = a.in ?? 'PT0S';
        if (parseDuration(offset) === null) issues.push({ path: `${path}.in`, message: `"${offset}" is not an ISO-8601 duration such as PT2H or P1D.` });
        const noteIssue = checkNoteTemplate(a.note);
        if (noteIssue !== null) issues.push({ path: `${path}.note`, message: noteIssue });
        return { type: 'createReminder', in: offset, note: a.note, assignee: assigneeOf(a.assignee) };
      }
      case 'sendMessage':
        return { type: 'sendMessage', channel: a.channel, template: a.template, variables: a.variables ?? {} };
      case 'notify': {
        if ((a.template === undefined) === (a.text === undefined)) issues.push({ path: `${path}.text`, message: 'Give either template or text.' });
        for (const field of ['text', 'subject'] as const) {
          const source = a[field];
          const noteIssue = source === undefined ? null : checkNoteTemplate(source);
          if (noteIssue !== null) issues.push({ path: `${path}.${field}`, message: noteIssue });
        }
        const nobody = (a.users ?? []).length + (a.roles ?? []).length + (a.addresses ?? []).length === 0 && a.customerAssignees !== true;
        if (nobody) issues.push({ path: `${path}.users`, message: 'Name at least one recipient: users, roles, addresses or customerAssignees: true.' });
        return {
          type: 'notify',
          channel: a.channel,
          users: a.users ?? [],
          roles: a.roles ?? [],
          customerAssignees: a.customerAssignees ?? false,
          addresses: a.addresses ?? [],
          template: a.template ?? null,
          text: a.text ?? null,
          subject: a.subject ?? null,
        };
      }
      case 'hostAction':
        if (!context.hostActions.has(a.name)) {
          const known = [...context.hostActions].join(', ') || 'none';
          issues.push({ path: `${path}.name`, message: `No host action "${a.name}" is registered (registered: ${known}); register it in createTickler({ automations: { actions } }).` });
        }
        return { type: 'hostAction', name: a.name, params: a.params ?? {} };
      case 'setStatus':
        return { type: 'setStatus', status: a.status };
      case 'addTags':
      case 'removeTags':
        return { type: a.type, tags: a.tags };
      case 'assignPolicy':
        return { type: 'assignPolicy', policyId: a.policyId };
      case 'connector': {
        const { type: _type, ...spec } = a;
        issues.push(...connectorActionIssues(context.connectors, spec, path));
        return { type: 'connector', ...spec };
      }
    }
  });
}

/**
 * Checks what the schema cannot: the event is one automations can start from, every
 * field's root exists for that trigger (`invoice.*` only on invoice, payment and dunning
 * events; the rest of a path is not checked: payloads and custom fields vary), durations
 * and schedules parse, host actions are
 * registered, note templates parse. Throws one ValidationError naming every field at fault.
 */
export function planAutomation(input: ParsedAutomationInput, context: PlanContext): AutomationPlan {
  const issues: ValidationIssue[] = [];
  const trigger = triggerOf(input.on, context, issues);
  const hasInvoice = trigger?.type === 'event' && TRIGGER_EVENTS[trigger.event]?.invoice === true;
  const fields: { field: string; path: string }[] = [];
  if (input.if) fieldsOf(input.if, 'if', fields);
  if (input.unless) fieldsOf(input.unless, 'unless', fields);
  let wait: AutomationWait | null = null;
  if (typeof input.wait === 'string') {
    const d = parseDuration(input.wait);
    if (d === null || d.toMillis() <= 0) issues.push({ path: 'wait', message: `"${input.wait}" is not a positive ISO-8601 duration such as P3D or PT12H.` });
    else wait = { type: 'duration', duration: input.wait };
  } else if (input.wait) {
    fields.push({ field: input.wait.until, path: 'wait.until' });
    const offset = input.wait.offset ?? null;
    if (offset !== null && parseDuration(offset, true) === null) issues.push({ path: 'wait.offset', message: `"${offset}" is not an ISO-8601 duration such as -P1D or PT2H.` });
    wait = { type: 'until', field: input.wait.until, offset };
  }
  for (const { field, path } of fields) {
    if (field.startsWith('invoice.') && !hasInvoice) issues.push({ path, message: `${field}: only invoice, payment and dunning events carry an invoice.` });
  }
  const then = actionsOf(input.then, context, issues);
  if (issues.length > 0 || trigger === null) throw new ValidationError(issues);
  return { trigger, if: input.if ?? null, wait, unless: input.unless ?? null, then };
}
