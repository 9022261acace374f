/** The job kind that runs connector operations. */
export const CONNECTOR_RUN_JOB = 'connector.run';

/** The deterministic job id of an operation's timer. */
export function connectorJobId(operationId: string): string {
  return `connector:${operationId}`;
}
