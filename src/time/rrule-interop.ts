import * as rruleModule from 'rrule';

// rrule ships CommonJS with an ESM build that Node does not pick up, so named imports
// exist under a bundler but only on `default` under Node's ESM loader.
type RRuleModule = typeof rruleModule;
const resolved: RRuleModule =
  (rruleModule as Partial<RRuleModule>).RRule !== undefined
    ? rruleModule
    : ((rruleModule as unknown as { default: RRuleModule }).default);

/** rrule's `RRule` class, whichever way the module loader exposed it. */
export const RRule = resolved.RRule;
