import { hubspotConnector } from 'tickler/hubspot';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startHubSpotDouble } from './hubspot-double';

/** HubSpot in the connector crash test: a task found again by its tickler_key through search. */
export const hubspotCrash: ConnectorCrashFixture = {
  name: 'hubspot',
  operation: 'task',
  link: { companyId: '9876543210' },
  startDouble: startHubSpotDouble,
  connector: (url, tokens) => hubspotConnector({ accessToken: tokens, basePath: url }),
};
