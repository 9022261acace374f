import { MemoryConnector, type Connector } from 'tickler';

/** The connectors the app works in, and a line per connector for the startup banner. */
export interface ConnectorSetup {
  connectors: Connector[];
  described: string[];
}

/** The name the demo's automations and policies give their CRM work. */
export const CRM = 'crm';

/**
 * The CRM the relationship managers live in, as connector `crm`. By default a
 * MemoryConnector: tasks are "created" in memory and show on the customer's timeline, and
 * nothing leaves the machine. With `SALESFORCE_INSTANCE_URL` and `SALESFORCE_ACCESS_TOKEN`
 * set, tasks go to Salesforce instead (loaded only then, so jsforce stays optional).
 */
export async function connectorsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ConnectorSetup> {
  const url = env.SALESFORCE_INSTANCE_URL;
  const token = env.SALESFORCE_ACCESS_TOKEN;
  if (url !== undefined && url !== '' && token !== undefined && token !== '') {
    const { salesforceConnector } = await import('tickler/salesforce');
    return { connectors: [salesforceConnector({ name: CRM, instanceUrl: url, accessToken: token })], described: [`crm: Salesforce at ${url}`] };
  }
  return { connectors: [new MemoryConnector({ name: CRM, operations: ['task'] })], described: ['crm: memory (timeline only)'] };
}
