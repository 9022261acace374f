import { activeCampaignConnector } from 'tickler/activecampaign';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startActiveCampaignDouble, WIN_BACK } from './activecampaign-double';

/** ActiveCampaign in the connector crash test: the contact's entry into an automation, found again in its automation history. */
export const activecampaignCrash: ConnectorCrashFixture = {
  name: 'activecampaign',
  operation: 'record',
  link: {},
  fields: { automation: WIN_BACK.id },
  startDouble: () => startActiveCampaignDouble(),
  connector: (url, tokens) => activeCampaignConnector({ apiUrl: url, apiToken: tokens }),
};
