import { airtableConnector } from 'tickler/airtable';
import { runConnectorContract } from 'tickler/testing';
import { startAirtableDouble } from './airtable-double';

// airtable.js's own client, pointed at the double through endpointUrl.
runConnectorContract('airtable', async (tokens) => {
  const double = await startAirtableDouble();
  const connector = airtableConnector({ baseId: double.baseId, table: double.table.name, endpointUrl: double.url, accessToken: tokens });
  return { connector, double, operation: 'record', link: { recordId: 'recAccount0000001' }, fields: { Status: 'Todo' }, close: () => double.close() };
});
