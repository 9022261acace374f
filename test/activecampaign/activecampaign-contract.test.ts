import { activeCampaignConnector } from 'tickler/activecampaign';
import { runConnectorContract } from 'tickler/testing';
import { startActiveCampaignDouble, WIN_BACK } from './activecampaign-double';

// API v3 over fetch, pointed at the double through `apiUrl`. Each customer's contact is
// synced by the customer's email (ActiveCampaign creates it), tagged, and added to the
// win-back automation: the double counts entries into automations, the one write that is
// not idempotent by nature, so the suite's dropped answer and refused token land on it and
// a retry must find the entry the first attempt made.
runConnectorContract(
  'activecampaign',
  async (tokens) => {
    const double = await startActiveCampaignDouble();
    const connector = activeCampaignConnector({ apiUrl: double.url, apiToken: tokens });
    return { connector, double, operation: 'record', link: {}, fields: { automation: WIN_BACK.id, 'fieldValues.REGION': 'EMEA' }, close: () => double.close() };
  },
  {
    skip: {
      'a customer without a link is refused up front, naming the field, and nothing is stored':
        "the connector falls back on the customer's email address (useCustomerEmail, default true) and the suite's customers all have one; activecampaign-connector.test.ts checks that a customer with neither a link nor an email is refused up front",
    },
  },
);
