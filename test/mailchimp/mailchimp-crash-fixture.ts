import { mailchimpConnector } from 'tickler/mailchimp';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { JOURNEY, LIST_ID, startMailchimpDouble } from './mailchimp-double';

/** Mailchimp in the connector crash test: the member upserted again by its subscriber hash, the journey triggered once (the key merge field). */
export const mailchimpCrash: ConnectorCrashFixture = {
  name: 'mailchimp',
  operation: 'record',
  link: { listId: LIST_ID },
  fields: { tags: [{ name: 'crash-test', status: 'active' }], journey: { ...JOURNEY } },
  startDouble: startMailchimpDouble,
  connector: (url, tokens) => mailchimpConnector({ accessToken: tokens, basePath: `${url}/3.0` }),
};
