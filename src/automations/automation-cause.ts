import type { ConnectorCauseCheck } from '../connectors/connector-config';
import type { Engine } from '../runtime/engine';

/**
 * The last check before an automation's work in an external system runs: the run that
 * queued it must still exist and not have been cancelled (the customer went away, the
 * automation was removed). A run is `done` once its actions were taken, which is when its
 * connector work was queued, so `done` still wants the work.
 */
export function automationConnectorCauseCheck(engine: Engine): ConnectorCauseCheck {
  return async ({ tenantId, cause }) => {
    const run = await engine.store.automationRuns.get(tenantId, cause.id);
    if (run === null) return { run: false, detail: `Automation run ${cause.id} no longer exists.` };
    if (run.status === 'cancelled' || run.status === 'stopped') return { run: false, detail: `Automation run ${cause.id} was ${run.status}${run.reason === null ? '' : `: ${run.reason}`}.` };
    return { run: true };
  };
}
