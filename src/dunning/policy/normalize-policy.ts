import { parseInput } from '../../runtime/parse-input';
import type { DunningPolicy, DunningPolicyInput } from './dunning-policy';
import { policySchema } from './policy-schema';
import { stepLevels, type BusinessCalendar } from './step-plan';

/** Validates a policy definition and fills in its defaults and step levels. Throws ValidationError. */
export function normalizePolicy(input: DunningPolicyInput, tenantId: string, at: Date, version: number): DunningPolicy {
  const p = parseInput(policySchema, input);
  const calendar: BusinessCalendar = { weekend: p.calendar?.weekend ?? ['sat', 'sun'], holidays: [...new Set(p.calendar?.holidays ?? [])].sort() };
  const levels = stepLevels(p.steps, calendar);
  return {
    tenantId,
    id: p.id,
    name: p.name ?? null,
    mode: p.mode,
    steps: p.steps.map((step, i) => ({ ...step, level: levels[i] ?? 0 })),
    stepTime: p.stepTime ?? '09:00',
    minimumOutstanding: p.minimumOutstanding ?? {},
    calendar: { weekend: [...calendar.weekend], holidays: [...calendar.holidays] },
    sendWindow: p.sendWindow ?? null,
    grouping: p.grouping ?? 'invoice',
    escalation: p.escalation ?? null,
    updatedAt: at,
    version,
  };
}
