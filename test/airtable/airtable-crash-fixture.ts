import { airtableConnector } from 'tickler/airtable';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startAirtableDouble } from './airtable-double';

/** Airtable in the connector crash test: a record upserted on its key field. */
export const airtableCrash: ConnectorCrashFixture = {
  name: 'airtable',
  operation: 'record',
  link: { recordId: 'recAccount0000001' },
  startDouble: startAirtableDouble,
  connector: (url, tokens) => airtableConnector({ baseId: 'appTicklerDouble1', table: 'Follow ups', endpointUrl: url, accessToken: tokens }),
};
