import { pipedriveConnector } from 'tickler/pipedrive';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startPipedriveDouble } from './pipedrive-double';

/** Pipedrive in the connector crash test: an activity found again by the marker in its note. */
export const pipedriveCrash: ConnectorCrashFixture = {
  name: 'pipedrive',
  operation: 'task',
  link: { orgId: '3' },
  startDouble: startPipedriveDouble,
  connector: (url, tokens) => pipedriveConnector({ apiDomain: url, accessToken: tokens }),
};
