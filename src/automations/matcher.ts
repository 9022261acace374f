import { parseInstant } from '../time/instant';
import { parseLocalDateTime } from '../time/local-date-time';
import { plusInZone } from '../time/plus-in-zone';
import { wallTimeToInstant } from '../time/wall-time';
import type { Automation, AutomationWait } from '../model/automation';
import { evaluateCondition, readPath, type EarlierFacts, type Facts } from './conditions';
import { parseDuration } from './automation-plan';

/** Something that happened, as the matcher sees it. */
export interface Occurrence {
  /** The event name (`customer.inactive` for inactivity, `schedule` for a schedule's occurrence). */
  name: string;
  /** The facts at the moment it happened. */
  facts: Facts;
  /** The state before it, for `changed` in `if`; null when unknown. */
  earlier: EarlierFacts | null;
}

/**
 * The automations an event starts: enabled, triggered by this event name, and whose
 * `if` holds. Pure: the same automations and occurrence always give the same answer,
 * in the automations' order.
 */
export function matchAutomations(automations: readonly Automation[], occurrence: Occurrence): Automation[] {
  return automations.filter((a) => a.enabled && a.trigger.type === 'event' && a.trigger.event === occurrence.name && (a.if === null || evaluateCondition(a.if, occurrence.facts, occurrence.earlier)));
}

/** When a run's actions are due, or why that cannot be said. */
export type RunTime = WaitEnds | WaitCannotEnd;

/** The wait ends. */
export interface WaitEnds {
  /** When. */
  at: Date;
}

/** The wait cannot end. */
export interface WaitCannotEnd {
  /** Why. */
  error: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * When the wait that starts at `from` ends. A duration is added on the calendar of
 * `zone` (`P3D` is three days later at the same wall time, across a DST change); `until`
 * reads an instant (or a calendar date, taken at midnight in `zone`) from the facts.
 */
export function waitEnd(wait: AutomationWait | null, facts: Facts, from: Date, zone: string): RunTime {
  if (wait === null) return { at: from };
  if (wait.type === 'duration') {
    const d = parseDuration(wait.duration);
    if (d === null) return { error: `wait "${wait.duration}" is not a duration` };
    return { at: plusInZone(from, d, zone) };
  }
  const [root, ...rest] = wait.field.split('.');
  const value = readPath(root === 'event' ? facts.event : root === 'customer' ? facts.customer : facts.invoice, rest);
  if (typeof value !== 'string') return { error: `${wait.field} holds no instant` };
  // A date is its midnight on the customer's clock, by the one DST rule; anything else must carry its offset.
  const midnight = DATE_ONLY.test(value) ? parseLocalDateTime(`${value}T00:00`) : null;
  const base = midnight !== null ? wallTimeToInstant(midnight, zone) : parseInstant(value);
  if (base === null) return { error: `${wait.field} ("${value}") is not an instant with an offset or a date` };
  const offset = wait.offset === null ? null : parseDuration(wait.offset, true);
  return { at: offset === null ? base : plusInZone(base, offset, zone) };
}
