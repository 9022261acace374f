import type { ValidationIssue } from '../errors';
import type { ConnectorActionSpec } from '../model/connector-operation';
import type { ConnectorRuntime } from './connector-runtime';
import { connectorIssues } from './queue-connector-operation';

/**
 * What is wrong with connector work an automation or a dunning policy defines, checked
 * against the connectors configured in this process: an unknown connector, an operation
 * it does not do, provider fields it refuses. Paths are under `path` (`then.2`,
 * `steps.1.actions.0`, `escalation.connector`).
 */
export function connectorActionIssues(runtime: ConnectorRuntime, spec: ConnectorActionSpec, path: string): ValidationIssue[] {
  const connector = runtime.connector(spec.connector);
  if (connector === undefined) {
    const known = runtime.names();
    return [{ path: `${path}.connector`, message: `No connector named "${spec.connector}" is configured; ${known.length === 0 ? 'give one to createTickler({ connectors: [...] })' : `configured: ${known.join(', ')}`}.` }];
  }
  return connectorIssues(connector, spec.operation, spec.fields ?? {}, { operation: `${path}.operation`, fields: `${path}.fields` });
}
